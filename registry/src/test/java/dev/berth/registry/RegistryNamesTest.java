package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.http.ErrorReply;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The spec's grammar for names, tags and digests, and its error body. */
class RegistryNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "library/busybox", "a.b/c_d/e__f/g-h", "a--b", "0/1/2", "x/y.z"})
    void validRepositoryNames(String name) {
        assertEquals(name, Names.repository(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "A", "a/", "/a", "a//b", "..", "a/..", "a/../b", ".a", "a.", "_a", "a/_layers", "a___b",
            "a/b c", "a\u0000b", "a\\b", "é"})
    void invalidRepositoryNamesAreNameInvalid(String name) {
        RegistryError e = assertThrows(RegistryError.class, () -> Names.repository(name));
        assertEquals(ErrorCode.NAME_INVALID, e.code());
        assertEquals(400, e.status());
    }

    @Test
    void namesAreAtMost255Characters() {
        Names.repository("a".repeat(255));
        assertThrows(RegistryError.class, () -> Names.repository("a".repeat(256)));
    }

    @Test
    void tags() {
        assertTrue(Names.isTag("v1.0_rc-1"));
        assertTrue(Names.isTag("_x"));
        assertTrue(Names.isTag("a".repeat(128)));
        assertFalse(Names.isTag("a".repeat(129)));
        for (String bad : new String[] {"", ".", "..", "-x", ".x", "a/b", "a:b", "a b"}) assertFalse(Names.isTag(bad), bad);
    }

    @Test
    void digestsOnlySha256() {
        String hex = "a".repeat(64);
        assertEquals(hex, Names.digest("sha256:" + hex).hex());
        assertTrue(Names.looksLikeDigest("sha512:" + "a".repeat(128)));
        assertEquals("unsupported digest algorithm (only sha256 is)",
                assertThrows(RegistryError.class, () -> Names.digest("sha512:" + "a".repeat(128))).getMessage());
        for (String bad : new String[] {"", "sha256:", "sha256:" + "A".repeat(64), "sha256:" + hex + "0", "sha256:../../x", "v1"}) {
            RegistryError e = assertThrows(RegistryError.class, () -> Names.digest(bad), bad);
            assertEquals(ErrorCode.DIGEST_INVALID, e.code());
        }
    }

    @Test
    void errorsHaveTheSpecsJsonShapeAndHostileInputIsShortened() {
        String longName = "x".repeat(5000);
        RegistryError e = assertThrows(RegistryError.class, () -> Names.repository(longName));
        ErrorReply reply = new RegistryErrors().toReply(e);
        assertEquals(400, reply.status());
        assertEquals("application/json", reply.contentType());
        String body = new String(reply.body(), StandardCharsets.UTF_8);
        assertTrue(body.startsWith("{\"errors\":[{\"code\":\"NAME_INVALID\",\"message\":\"invalid repository name\",\"detail\":{\"name\":\"xxx"), body);
        assertTrue(body.length() < 400, "the name is cut: " + body.length());

        ErrorReply internal = new RegistryErrors().toReply(new IllegalStateException("boom"));
        assertEquals(500, internal.status());
        assertEquals("{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"internal error; the registry's log has the details\"}]}\n",
                new String(internal.body(), StandardCharsets.UTF_8));
        assertEquals(416, new RegistryErrors().toReply(new RegistryError(ErrorCode.SIZE_INVALID, 416, "r", Map.of())).status());
    }
}

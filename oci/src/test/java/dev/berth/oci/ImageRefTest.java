package dev.berth.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.common.EngineException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageRefTest {

    @ParameterizedTest
    @CsvSource({
            "busybox, docker.io/library/busybox:latest, busybox:latest",
            "busybox:1.36, docker.io/library/busybox:1.36, busybox:1.36",
            "library/busybox, docker.io/library/busybox:latest, busybox:latest",
            "docker.io/busybox, docker.io/library/busybox:latest, busybox:latest",
            "index.docker.io/library/busybox, docker.io/library/busybox:latest, busybox:latest",
            "foo/bar, docker.io/foo/bar:latest, foo/bar:latest",
            "localhost/app:v1, localhost/app:v1, localhost/app:v1",
            "localhost:5000/a/b:c, localhost:5000/a/b:c, localhost:5000/a/b:c",
            "127.0.0.1:5055/treg:v1, 127.0.0.1:5055/treg:v1, 127.0.0.1:5055/treg:v1",
            "Example.com/app, Example.com/app:latest, Example.com/app:latest",
            "a_b__c-d/f, docker.io/a_b__c-d/f:latest, a_b__c-d/f:latest",
    })
    void normalisesLikeDocker(String in, String full, String familiar) {
        ImageRef r = ImageRef.parse(in);
        assertEquals(full, r.toString());
        assertEquals(familiar, r.familiar());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Busybox", "foo/Bar", "a:b:c", "busybox:", ":tag", "a//b", "-a", "a@sha256:12",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "a:" + "t12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890"})
    void rejectsBadReferences(String in) {
        assertThrows(EngineException.InvalidArgument.class, () -> ImageRef.parse(in));
    }

    @org.junit.jupiter.api.Test
    void keepsDigestWithoutAddingTag() {
        String d = "sha256:" + "a".repeat(64);
        ImageRef r = ImageRef.parse("busybox@" + d);
        assertEquals("docker.io/library/busybox@" + d, r.toString());
        assertEquals(null, r.tag());
        assertEquals("busybox@" + d, r.familiar());
    }
}

package dev.berth.cli.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigTest {
    @TempDir Path dir;

    @Test
    void storesReadsAndErasesAuthsAsTheDockerCliDoesKeepingOtherKeys() throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"psFormat\":\"table {{.ID}}\",\"auths\":{\"https://old.example/\":"
                + "{\"auth\":\"" + Base64.getEncoder().encodeToString("u:p:q".getBytes()) + "\"}}}");
        DockerConfig c = DockerConfig.load(dir);
        assertEquals("u", c.get("old.example").username(), "found by host name");
        assertEquals("p:q", c.get("old.example").password());
        assertTrue(c.get("localhost:5000").empty());

        assertTrue(c.store(new DockerConfig.AuthConfig("alice", "s3cret", "localhost:5000", null)));
        String json = Files.readString(dir.resolve("config.json"));
        assertTrue(json.contains("\"psFormat\"") && json.contains("YWxpY2U6czNjcmV0"), json);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("config.json"))));
        DockerConfig again = DockerConfig.load(dir);
        assertEquals("alice", again.get("localhost:5000").username());

        String header = again.get("localhost:5000").header();
        String decoded = new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8);
        assertEquals("{\"username\":\"alice\",\"password\":\"s3cret\",\"serveraddress\":\"localhost:5000\"}", decoded);
        String all = new String(Base64.getUrlDecoder().decode(again.fileAuthsHeader()), StandardCharsets.UTF_8);
        assertTrue(all.contains("\"localhost:5000\":{\"username\":\"alice\"") && all.contains("\"https://old.example/\""), all);

        assertTrue(again.erase("localhost:5000"));
        assertFalse(DockerConfig.load(dir).erase("localhost:5000"));
        assertTrue(DockerConfig.load(dir).get("localhost:5000").empty());
        assertEquals(DockerConfig.INDEX_SERVER, DockerConfig.serverKey("docker.io"));
    }

    @Test
    void aMissingFileIsEmpty() {
        assertTrue(DockerConfig.load(dir.resolve("nothing")).get(DockerConfig.INDEX_SERVER).empty());
    }
}

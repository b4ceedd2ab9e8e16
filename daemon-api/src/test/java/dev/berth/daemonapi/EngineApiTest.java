package dev.berth.daemonapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.ApiJson;
import dev.berth.engine.container.ContainerService;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API as clients see it on the wire, against a real engine in a temp dir (loopback TCP, no docker needed). */
class EngineApiTest {
    @TempDir
    static Path root;

    static TestEngine engine;
    static ContainerService containers;
    static String base;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        engine = TestEngine.start(root, 252);
        containers = engine.containers();
        base = engine.base();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void headPingCarriesTheNegotiationHeaders() throws Exception {
        HttpResponse<String> r = send("HEAD", "/_ping", null);
        assertEquals(200, r.statusCode());
        assertEquals("1.41", r.headers().firstValue("Api-Version").orElseThrow());
        assertEquals("linux", r.headers().firstValue("Ostype").orElseThrow());
        assertEquals("0", r.headers().firstValue("Content-Length").orElseThrow());
        assertEquals("OK", send("GET", "/v1.41/_ping", null).body());
    }

    @Test
    void refusesTooNewVersionsSoTestcontainersFallsBack() throws Exception {
        HttpResponse<String> r = send("GET", "/v1.44/_ping", null);
        assertEquals(400, r.statusCode());
        assertEquals("client version 1.44 is too new. Maximum supported API version is 1.41", json(r).get("message").asText());
        assertEquals(200, send("GET", "/v1.32/version", null).statusCode());
    }

    @Test
    void errorsAreJsonMessagesWithTheMappedStatus() throws Exception {
        HttpResponse<String> missing = send("GET", "/v1.41/images/nosuch:1/json", null);
        assertEquals(404, missing.statusCode());
        assertEquals("No such image: nosuch:1", json(missing).get("message").asText());
        assertEquals(501, send("POST", "/v1.41/images/create?fromImage=alpine&tag=3", null).statusCode());
        assertEquals(400, send("GET", "/v1.41/images/json?filters=%7B%22bogus%22%3A%5B%22x%22%5D%7D", null).statusCode());
    }

    @Test
    void importListInspectDelete() throws Exception {
        HttpResponse<String> imported = send("POST", "/v1.41/images/create?fromSrc=-&repo=api/test&tag=1&changes=CMD%20%5B%22sh%22%5D", rootfs());
        assertEquals(200, imported.statusCode());
        assertTrue(imported.body().endsWith("\r\n"), "JSON messages end with CRLF");
        String id = json(imported).get("status").asText();

        JsonNode list = json(send("GET", "/v1.41/images/json?filters=%7B%22reference%22%3A%7B%22api%2Ftest%22%3Atrue%7D%7D", null));
        assertEquals(1, list.size());
        assertEquals("api/test:1", list.get(0).get("RepoTags").get(0).asText());
        assertEquals(-1, list.get(0).get("Containers").asInt());

        JsonNode inspect = json(send("GET", "/v1.41/images/" + id + "/json", null));
        assertEquals("[\"sh\"]", inspect.get("Config").get("Cmd").toString());
        assertTrue(inspect.get("ContainerConfig").isObject(), "docker-compose 1.29 reads ContainerConfig");
        assertEquals("", inspect.get("Config").get("User").asText());

        JsonNode removed = json(send("DELETE", "/v1.41/images/api/test:1", null));
        assertEquals("api/test:1", removed.get(0).get("Untagged").asText());
        assertEquals(id, removed.get(1).get("Deleted").asText());
    }

    @Test
    void volumesAsTheSwaggerOf141Says() throws Exception {
        HttpResponse<String> created = send("POST", "/v1.41/volumes/create",
                "{\"Name\":\"api-data\",\"Labels\":{\"team\":\"a\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(201, created.statusCode(), created.body());
        JsonNode v = json(created);
        assertEquals("local", v.get("Driver").asText());
        assertEquals("local", v.get("Scope").asText());
        assertTrue(v.get("Mountpoint").asText().endsWith("/volumes/api-data/_data"), v.toString());
        assertTrue(v.get("CreatedAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), v.toString());
        send("POST", "/v1.41/volumes/create", "{\"Name\":\"other\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        // name: equal or a regular expression, several values any of them (filters.Args.Match)
        JsonNode byName = json(send("GET", "/v1.41/volumes?filters=%7B%22name%22%3A%5B%22%5Eapi-%22%2C%22nosuch%22%5D%7D", null));
        assertEquals(1, byName.get("Volumes").size(), byName.toString());
        assertEquals("api-data", byName.get("Volumes").get(0).get("Name").asText());
        JsonNode byLabel = json(send("GET", "/v1.41/volumes?filters=%7B%22label%22%3A%5B%22team%3Da%22%5D%7D", null));
        assertEquals(1, byLabel.get("Volumes").size(), byLabel.toString());
        assertEquals(400, send("GET", "/v1.41/volumes?filters=%7B%22bogus%22%3A%5B%22x%22%5D%7D", null).statusCode());

        assertEquals(404, send("GET", "/v1.41/volumes/nosuch", null).statusCode());
        assertEquals(204, send("DELETE", "/v1.41/volumes/nosuch?force=1", null).statusCode());
        JsonNode pruned = json(send("POST", "/v1.41/volumes/prune?filters=%7B%22label%22%3A%5B%22team%22%5D%7D", null));
        assertEquals("api-data", pruned.get("VolumesDeleted").get(0).asText(), pruned.toString());
        assertEquals(204, send("DELETE", "/v1.41/volumes/other", null).statusCode());
        assertEquals(0, json(send("GET", "/v1.41/volumes", null)).get("Volumes").size());
    }

    private static HttpResponse<String> send(String method, String path, byte[] body) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(base + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return ApiJson.mapper().readTree(r.body());
    }

    private static byte[] rootfs() throws Exception {
        var out = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(out)) {
            byte[] content = "hello\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry("hello.txt");
            e.setSize(content.length);
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }
}

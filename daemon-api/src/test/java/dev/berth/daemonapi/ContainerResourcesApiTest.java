package dev.berth.daemonapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.ApiJson;
import dev.berth.engine.container.ContainerService;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stats, update and the health filter on the wire, for a container that never ran (no runtime involved). */
class ContainerResourcesApiTest {
    @TempDir
    static Path root;

    static TestEngine engine;
    static ContainerService containers;
    static String base;
    static String id;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        engine = TestEngine.start(root, 251);
        containers = engine.containers();
        base = engine.base();
        assertEquals(200, send("POST", "/v1.41/images/create?fromSrc=-&repo=res&tag=1&changes=CMD%20%5B%22sh%22%5D", emptyTar()).statusCode());
        HttpResponse<String> created = send("POST", "/v1.41/containers/create?name=res",
                "{\"Image\":\"res:1\",\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"]},\"HostConfig\":{\"Memory\":33554432}}".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, created.statusCode(), created.body());
        id = json(created).get("Id").asText();
        assertEquals(67108864, json(send("GET", "/v1.41/containers/res/json", null)).get("HostConfig").get("MemorySwap").asLong());
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void statsOfAContainerThatDoesNotRunAreZerosWithItsNameAndId() throws Exception {
        HttpResponse<String> r = send("GET", "/v1.41/containers/res/stats?stream=0", null);
        assertEquals(200, r.statusCode());
        JsonNode s = json(r);
        assertEquals("/res", s.get("name").asText());
        assertEquals(id, s.get("id").asText());
        assertEquals("0001-01-01T00:00:00Z", s.get("read").asText());
        assertEquals(0, s.get("memory_stats").get("usage").asLong());
        assertEquals(0, s.get("cpu_stats").get("cpu_usage").get("total_usage").asLong());
        assertEquals(400, send("GET", "/v1.41/containers/res/stats?stream=1&one-shot=1", null).statusCode());
        assertEquals(404, send("GET", "/v1.41/containers/nosuch/stats?stream=0", null).statusCode());
    }

    @Test
    void updateRecordsTheNewSettings() throws Exception {
        HttpResponse<String> r = send("POST", "/v1.41/containers/res/update",
                "{\"Memory\":50331648,\"PidsLimit\":30,\"RestartPolicy\":{\"Name\":\"unless-stopped\",\"MaximumRetryCount\":0}}".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("{\"Warnings\":[]}\n", r.body());
        JsonNode h = json(send("GET", "/v1.41/containers/res/json", null)).get("HostConfig");
        assertEquals(50331648, h.get("Memory").asLong());
        assertEquals(67108864, h.get("MemorySwap").asLong(), "the swap limit -m 32m implied, as dockerd shows it");
        assertEquals(30, h.get("PidsLimit").asLong());
        assertEquals("unless-stopped", h.get("RestartPolicy").get("Name").asText());
        HttpResponse<String> conflict = send("POST", "/v1.41/containers/res/update",
                "{\"Memory\":536870912}".getBytes(StandardCharsets.UTF_8));
        assertEquals(409, conflict.statusCode(), conflict.body());
    }

    @Test
    void theHealthFilterKnowsDockersValues() throws Exception {
        assertEquals(400, send("GET", "/v1.41/containers/json?all=1&filters=" + filter("bogus"), null).statusCode());
        JsonNode none = json(send("GET", "/v1.41/containers/json?all=1&filters=" + filter("none"), null));
        assertEquals(1, none.size(), "never started: no health yet");
        assertEquals(0, json(send("GET", "/v1.41/containers/json?all=1&filters=" + filter("starting"), null)).size());
        assertTrue(json(send("GET", "/v1.41/containers/res/json", null)).get("State").get("Health") == null);
    }

    @Test
    void stopOfAStoppedContainerIs304WithoutABody() throws Exception {
        HttpResponse<String> r = send("POST", "/v1.41/containers/res/stop", null);
        assertEquals(304, r.statusCode());
        assertEquals("", r.body());
    }

    private static String filter(String health) {
        return URLEncoder.encode("{\"health\":[\"" + health + "\"]}", StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(String method, String path, byte[] body) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(base + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null && body.length > 0 && body[0] == '{') b.header("Content-Type", "application/json");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return ApiJson.mapper().readTree(r.body());
    }

    /** An empty tar: two zero blocks. */
    private static byte[] emptyTar() {
        return new byte[1024];
    }
}

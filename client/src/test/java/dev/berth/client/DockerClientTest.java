package dev.berth.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.EventMessage;
import dev.berth.api.Filters;
import dev.berth.api.ImageSummary;
import dev.berth.api.JsonMessage;
import dev.berth.client.transport.DaemonUnreachableException;
import dev.berth.client.transport.HttpRequest;
import dev.berth.common.EngineException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerClientTest {
    private final RecordingTransport transport = new RecordingTransport();
    private final DockerClient client = new DockerClient(transport, "unix:///run/berth/berth.sock");

    @Test
    void pingIsUnversionedAndReadsHeaders() {
        transport.answer(200, "text/plain", "OK");
        Ping p = client.ping();
        assertEquals("/_ping", transport.last().path());
        assertEquals("1.41", p.apiVersion());
        assertEquals("linux", p.osType());
    }

    @Test
    void listImagesWithOptions() {
        transport.answer(200, "[{\"Containers\":-1,\"Created\":1,\"Id\":\"sha256:a\",\"RepoTags\":[\"x:1\"],\"Size\":5}]\n");
        List<ImageSummary> images = client.listImages(new ImageListOptions(true, Filters.of(Map.of("dangling", List.of("true")))));
        HttpRequest r = transport.last();
        assertEquals("GET", r.method());
        assertEquals("/v1.41/images/json", r.path());
        assertEquals(List.of("1"), r.query().get("all"));
        assertEquals(List.of("{\"dangling\":{\"true\":true}}"), r.query().get("filters"));
        assertEquals(1, images.size());
        assertEquals(List.of("x:1"), images.get(0).repoTags());
        assertEquals(-1, images.get(0).containers());
    }

    @Test
    void defaultListSendsNoQuery() {
        transport.answer(200, "[]");
        assertTrue(client.listImages(ImageListOptions.defaults()).isEmpty());
        assertTrue(transport.last().query().isEmpty());
    }

    @Test
    void errorStatusesBecomeEngineExceptions() {
        record Case(int status, Class<? extends EngineException> type) {}
        for (Case c : List.of(new Case(400, EngineException.InvalidArgument.class), new Case(401, EngineException.Unauthorized.class),
                new Case(403, EngineException.Forbidden.class), new Case(404, EngineException.NotFound.class),
                new Case(409, EngineException.Conflict.class), new Case(500, EngineException.FailedPrecondition.class),
                new Case(501, EngineException.NotImplemented.class), new Case(503, EngineException.Unavailable.class),
                new Case(304, EngineException.NotModified.class), new Case(418, EngineException.InvalidArgument.class),
                new Case(502, EngineException.Unavailable.class))) {
            transport.answer(c.status(), "{\"message\":\"No such image: x\"}\n");
            EngineException e = assertThrows(EngineException.class, () -> client.inspectImage("x"));
            assertInstanceOf(c.type(), e, "status " + c.status());
            assertEquals("No such image: x", e.getMessage());
        }
    }

    @Test
    void errorWithoutJsonUsesTheBodyOrTheStatus() {
        transport.answer(500, "text/plain", "boom\n");
        assertEquals("boom", assertThrows(EngineException.class, () -> client.info()).getMessage());
        transport.answer(404, "text/plain", "");
        assertEquals("request returned Not Found for API route and version /v1.41, check if the server supports the "
                + "requested API version", assertThrows(EngineException.class, () -> client.info()).getMessage());
    }

    @Test
    void unreachableDaemon() {
        transport.failure = new DaemonUnreachableException("unix:///x.sock", new ConnectException("No such file or directory"));
        ConnectionFailedException e = assertThrows(ConnectionFailedException.class, () -> client.version());
        assertEquals("unix:///run/berth/berth.sock", e.host());
        assertFalse(e.permissionDenied());
        transport.failure = new IOException("connection reset");
        assertThrows(UncheckedIOException.class, () -> client.version());
    }

    @Test
    void inspectRawKeepsTheBytes() {
        transport.answer(200, "{\"Id\":\"sha256:a\", \"Size\": 3}\n");
        assertEquals("{\"Id\":\"sha256:a\", \"Size\": 3}\n", new String(client.inspectImageRaw("busybox:latest"), StandardCharsets.UTF_8));
        assertEquals("/v1.41/images/busybox:latest/json", transport.last().path());
    }

    @Test
    void tagSplitsAndNormalisesTheTarget() {
        transport.answer(201, "");
        client.tagImage("sha256:" + "a".repeat(64), "localhost:5000/team/app");
        HttpRequest r = transport.last();
        assertEquals("POST", r.method());
        assertEquals("/v1.41/images/sha256:" + "a".repeat(64) + "/tag", r.path());
        assertEquals(List.of("localhost:5000/team/app"), r.query().get("repo"));
        assertEquals(List.of("latest"), r.query().get("tag"));
        assertThrows(IllegalArgumentException.class, () -> client.tagImage("a", "b@sha256:" + "c".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> client.tagImage("a", "NoUpper"));
        assertEquals(1, transport.sent.size());
    }

    @Test
    void removeAndPrune() {
        transport.answer(200, "[{\"Untagged\":\"busybox:latest\"},{\"Deleted\":\"sha256:a\"}]");
        var items = client.removeImage("busybox", true, true);
        assertEquals("busybox:latest", items.get(0).untagged());
        assertEquals("sha256:a", items.get(1).deleted());
        assertEquals("DELETE", transport.last().method());
        assertEquals(List.of("1"), transport.last().query().get("force"));
        assertEquals(List.of("1"), transport.last().query().get("noprune"));

        transport.answer(200, "{\"ImagesDeleted\":null,\"SpaceReclaimed\":0}");
        var report = client.pruneImages(Filters.of(Map.of("dangling", List.of("false"))));
        assertNull(report.imagesDeleted());
        assertEquals("/v1.41/images/prune", transport.last().path());
    }

    @Test
    void importStreamsTheBodyAndReadsMessages() {
        transport.answer(200, "{\"status\":\"sha256:abc\"}\r\n");
        InputStream tar = new ByteArrayInputStream("TAR".getBytes(StandardCharsets.UTF_8));
        try (JsonMessageStream s = client.importImage(new ImportOptions(tar, null, "app:v1", null,
                List.of("CMD [\"sh\"]"), "msg", "Linux/AMD64"))) {
            assertEquals("sha256:abc", s.next().status());
            assertFalse(s.hasNext());
        }
        RecordingTransport.Sent sent = transport.sent.get(0);
        assertArrayEquals("TAR".getBytes(StandardCharsets.UTF_8), sent.body());
        assertEquals(List.of("-"), sent.request().query().get("fromSrc"));
        assertEquals(List.of("app:v1"), sent.request().query().get("repo"));
        assertEquals(List.of("linux/amd64"), sent.request().query().get("platform"));
        assertEquals(List.of("CMD [\"sh\"]"), sent.request().query().get("changes"));
    }

    @Test
    void messageStreamErrorsCarryTheCode() {
        transport.answer(200, "{\"stream\":\"Step 1/2\"}\r\n{\"errorDetail\":{\"code\":7,\"message\":\"failed\"},\"error\":\"failed\"}\r\n");
        try (JsonMessageStream s = client.importImage(ImportOptions.fromUrl("http://x/y.tar", null))) {
            assertEquals("Step 1/2", s.next().stream());
            JsonStreamException e = assertThrows(JsonStreamException.class, s::next);
            assertEquals(7, e.code());
            assertEquals("failed", e.getMessage());
        }
        assertNull(transport.sent.get(0).body());
    }

    @Test
    void loadReportsItsContentType() {
        transport.answer(200, "application/json", "{\"stream\":\"Loaded image: busybox:latest\\n\"}\r\n");
        try (LoadResponse r = client.loadImage(new ByteArrayInputStream(new byte[] {1, 2}), true)) {
            assertTrue(r.isJson());
            List<JsonMessage> all = new ArrayList<>();
            r.messages().forEachRemaining(all::add);
            assertEquals("Loaded image: busybox:latest\n", all.get(0).stream());
        }
        assertEquals(List.of("1"), transport.last().query().get("quiet"));
        assertEquals("application/x-tar", transport.last().headers().get("Content-Type"));
        assertArrayEquals(new byte[] {1, 2}, transport.sent.get(0).body());
    }

    @Test
    void saveStreamsTheTarball() throws IOException {
        transport.answer(200, "application/x-tar", "TARBYTES");
        try (InputStream in = client.saveImages(List.of("a", "b"))) {
            assertEquals("TARBYTES", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(List.of("a", "b"), transport.last().query().get("names"));
    }

    @Test
    void eventsStreamAndCallback() {
        String events = "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"c1\",\"Attributes\":{}},\"time\":1,\"timeNano\":1}\n"
                + "{\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":\"c1\",\"Attributes\":{\"exitCode\":\"0\"}},\"time\":2,\"timeNano\":2}\n";
        transport.answer(200, events);
        try (EventStream s = client.events(new EventsOptions("1700000000", null, Filters.of(Map.of("type", List.of("container")))))) {
            assertEquals(List.of("start", "die"), s.stream().map(EventMessage::action).toList());
        }
        assertEquals(List.of("1700000000"), transport.last().query().get("since"));
        transport.answer(200, events);
        List<String> seen = new ArrayList<>();
        client.events(EventsOptions.all(), e -> seen.add(e.actor().id()));
        assertEquals(List.of("c1", "c1"), seen);
        assertThrows(IllegalArgumentException.class, () -> client.events(new EventsOptions("yesterday", null, null)));
    }

    @Test
    void systemCalls() {
        transport.answer(200, "{\"Version\":\"20.10.24-berth\",\"ApiVersion\":\"1.41\"}");
        assertEquals("20.10.24-berth", client.version().version());
        transport.answer(200, "{\"Containers\":2,\"NCPU\":4,\"MemTotal\":25276510208}");
        assertEquals(4, client.info().ncpu());
        transport.answer(200, "{\"LayersSize\":10,\"Images\":[],\"Containers\":[],\"Volumes\":[],\"BuildCache\":null}");
        assertEquals(10, client.systemDf().layersSize());
        assertEquals("/v1.41/system/df", transport.last().path());
        transport.answer(200, "[{\"Id\":\"<missing>\",\"Created\":0,\"CreatedBy\":\"x\",\"Size\":0}]");
        assertEquals("<missing>", client.imageHistory("busybox").get(0).id());
        assertEquals("/v1.41/images/busybox/history", transport.last().path());
        client.close();
        assertTrue(transport.closed);
    }
}

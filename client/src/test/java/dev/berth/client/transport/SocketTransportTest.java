package dev.berth.client.transport;

import dev.berth.common.EngineException;
import dev.berth.http.ErrorReply;
import dev.berth.http.Hijacked;
import dev.berth.http.HttpServer;
import dev.berth.http.ListenAddress;
import dev.berth.http.Router;
import dev.berth.http.ServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The transport against berth's own HTTP server over a unix socket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketTransportTest {

    @TempDir
    Path dir;
    Path socket;
    Router router;
    HttpServer server;
    Transport transport;

    @BeforeEach
    void setUp() {
        socket = dir.resolve("berth.sock");
        router = new Router()
                .get("/_ping", (req, res) -> res.send(200, "text/plain; charset=utf-8", utf8("OK")))
                .get("/echo", (req, res) -> res.send(200, "text/plain", utf8(req.path() + "|" + req.apiVersion().orElse("")
                        + "|" + req.query("filters").orElse("") + "|" + req.queryAll("t") + "|" + req.header("Host").orElse("")
                        + "|" + req.header("User-Agent").orElse(""))))
                .get("/images/{name:.+}/json", (req, res) -> res.send(200, "text/plain", utf8(req.pathParam("name"))));
    }

    @AfterEach
    void tearDown() {
        if (transport != null) transport.close();
        if (server != null) server.stop();
    }

    void start() throws IOException {
        server = HttpServer.start(router, ServerOptions.listen(new ListenAddress.Unix(socket))
                .withDefaultHeaders(Map.of("Api-Version", "1.41"))
                .withErrorHandler(e -> e instanceof EngineException.NotFound ? ErrorReply.jsonMessage(404, e.getMessage())
                        : ErrorReply.jsonMessage(500, String.valueOf(e.getMessage())))
                .withShutdownGrace(java.time.Duration.ofMillis(200)));
        transport = Transports.connect("unix://" + socket);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(HttpResponse r) throws IOException {
        return new String(r.readAll(), StandardCharsets.UTF_8);
    }

    static HttpRequest get(String path, Map<String, List<String>> query) {
        return new HttpRequest("GET", path, query, null, null, null);
    }

    @Test
    void keepAliveReusesOneConnection() throws Exception {
        start();
        for (int i = 0; i < 50; i++) {
            try (HttpResponse r = transport.send(HttpRequest.of("GET", "/v1.41/_ping"))) {
                assertEquals(200, r.status());
                assertEquals("1.41", r.header("api-version"));
                assertEquals("OK", text(r));
            }
            try (HttpResponse r = transport.send(HttpRequest.of("HEAD", "/_ping"))) {
                assertEquals("2", r.header("Content-Length"));
                assertEquals("", text(r));
            }
        }
        assertEquals(1, ((SocketTransport) transport).connectionsOpened());
    }

    @Test
    void concurrentRequestsShareThePool() throws Exception {
        router.post("/echo", (req, res) -> res.send(200, "text/plain", req.body().readAllBytes()));
        start();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 200; i++) {
                        String body = id + ":" + i;
                        try (HttpResponse r = transport.send(new HttpRequest("POST", "/echo", null, null, utf8(body), null))) {
                            if (text(r).equals(body)) ok++;
                        }
                    }
                    return ok;
                }));
            }
            for (var f : results) assertEquals(200, f.get());
        }
        int opened = ((SocketTransport) transport).connectionsOpened();
        assertTrue(opened < 400, opened + " connections for 3200 requests"); // reused, though more than 8 may be busy at once
    }

    @Test
    void pathAndQueryAreEncodedAndTheDefaultHeadersSent() throws Exception {
        start();
        try (HttpResponse r = transport.send(get("/v1.41/echo",
                Map.of("filters", List.of("{\"label\":[\"a=b c\",\"x&y\"]}"), "t", List.of("a:1", "b:2"))))) {
            assertEquals("/echo|1.41|{\"label\":[\"a=b c\",\"x&y\"]}|[a:1, b:2]|api.moby.localhost|berth-cli/0.1", text(r));
        }
        try (HttpResponse r = transport.send(HttpRequest.of("GET", "/v1.41/images/127.0.0.1:5055/bb:v1/json"))) {
            assertEquals("127.0.0.1:5055/bb:v1", text(r));
        }
        assertEquals("/images/a%20b%3Fc%25/json", Connection.escapePath("/images/a b?c%/json"));
    }

    @Test
    void bodiesGoWithContentLengthOrChunked() throws Exception {
        router.post("/build", (req, res) -> {
            byte[] body = req.body().readAllBytes();
            res.send(200, "text/plain", utf8(req.contentLength() + "|" + req.header("Transfer-Encoding").orElse("-")
                    + "|" + sha256(body)));
        });
        start();
        byte[] data = new byte[5 * 1024 * 1024 + 17];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i % 251);
        try (HttpResponse r = transport.send(new HttpRequest("POST", "/build", null, Map.of("Content-Type", "application/x-tar"),
                data, null))) {
            assertEquals("OptionalLong[" + data.length + "]|-|" + sha256(data), text(r));
        }
        try (HttpResponse r = transport.send(new HttpRequest("POST", "/build", null, null, null,
                new java.io.ByteArrayInputStream(data)))) {
            assertEquals("OptionalLong.empty|chunked|" + sha256(data), text(r));
        }
        try (HttpResponse r = transport.send(new HttpRequest("POST", "/build", null, Map.of("Content-Length", "3"), null,
                new java.io.ByteArrayInputStream(utf8("abc"))))) {
            assertEquals("OptionalLong[3]|-|" + sha256(utf8("abc")), text(r));
        }
        try (HttpResponse r = transport.send(HttpRequest.of("POST", "/build"))) {
            assertEquals("OptionalLong[0]|-|" + sha256(new byte[0]), text(r));
        }
        assertEquals(1, ((SocketTransport) transport).connectionsOpened());
    }

    @Test
    void streamedDownloadArrivesChunkByChunk() throws Exception {
        CountDownLatch firstSeen = new CountDownLatch(1);
        router.get("/containers/{id}/logs", (req, res) -> {
            try (OutputStream out = res.stream(200, null)) {
                out.write(new byte[] {1, 0, 0, 0, 0, 0, 0, 6});
                out.write(utf8("first\n"));
                out.flush();
                assertTrue(firstSeen.await(10, TimeUnit.SECONDS));
                for (int i = 0; i < 1000; i++) {
                    out.write(utf8("line " + i + "\n"));
                    out.flush();
                }
            }
        });
        start();
        try (HttpResponse r = transport.send(HttpRequest.of("GET", "/v1.41/containers/x/logs"))) {
            assertNull(r.header("Content-Type"));
            InputStream in = r.body();
            assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 6}, in.readNBytes(8));
            assertEquals("first\n", new String(in.readNBytes(6), StandardCharsets.UTF_8));
            firstSeen.countDown();
            String rest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(rest.startsWith("line 0\nline 1\n") && rest.endsWith("line 999\n"), rest);
        }
        try (HttpResponse r = transport.send(HttpRequest.of("GET", "/_ping"))) {
            assertEquals("OK", text(r));
        }
        assertEquals(1, ((SocketTransport) transport).connectionsOpened());
    }

    @Test
    void largeDownloadsWithLengthAndChunked() throws Exception {
        byte[] data = new byte[32 * 1024 * 1024];
        new java.util.Random(1).nextBytes(data);
        router.get("/images/get", (req, res) -> {
            if (req.queryFlag("chunked")) {
                try (OutputStream out = res.stream(200, "application/x-tar")) {
                    for (int off = 0; off < data.length; off += 100_000) out.write(data, off, Math.min(100_000, data.length - off));
                }
            } else {
                res.send(200, "application/x-tar", data);
            }
        });
        start();
        for (String chunked : List.of("0", "1")) {
            try (HttpResponse r = transport.send(get("/images/get", Map.of("chunked", List.of(chunked))))) {
                assertEquals(sha256(data), sha256(r.readAll()));
            }
        }
    }

    @Test
    void closingAnUnfinishedStreamDropsTheConnectionAndTheServerNotices() throws Exception {
        CountDownLatch gone = new CountDownLatch(1);
        router.get("/events", (req, res) -> {
            OutputStream out = res.stream(200, "application/json");
            res.onClientClose(gone::countDown);
            out.write(utf8("{\"status\":\"start\"}\n"));
            out.flush();
            assertTrue(gone.await(10, TimeUnit.SECONDS));
        });
        start();
        HttpResponse r = transport.send(HttpRequest.of("GET", "/events"));
        assertEquals("{\"status\":\"start\"}\n", new String(r.body().readNBytes(19), StandardCharsets.UTF_8));
        r.close();
        assertTrue(gone.await(10, TimeUnit.SECONDS), "server did not see the client go");
        try (HttpResponse p = transport.send(HttpRequest.of("GET", "/_ping"))) {
            assertEquals("OK", text(p));
        }
        assertEquals(2, ((SocketTransport) transport).connectionsOpened());
    }

    @Test
    void hijackWithHalfClose() throws Exception {
        router.post("/containers/{id}/attach", (req, res) -> {
            Hijacked h = res.hijack("application/vnd.docker.raw-stream");
            h.output().write(utf8("ready\n")); // sent right behind the 101 head
            byte[] stdin = h.input().readAllBytes();
            h.output().write(utf8("got " + stdin.length + " bytes: " + new String(stdin, StandardCharsets.UTF_8)));
        });
        start();
        try (Hijack h = transport.hijack(new HttpRequest("POST", "/v1.41/containers/c1/attach",
                Map.of("stdin", List.of("1"), "stream", List.of("1")), Map.of("Content-Type", "text/plain"), null, null))) {
            assertEquals(101, h.status());
            assertEquals("ready\n", new String(h.input().readNBytes(6), StandardCharsets.UTF_8));
            try (OutputStream stdin = h.output()) { // closing stdin half-closes
                stdin.write(utf8("echo hi\n"));
            }
            assertEquals("got 8 bytes: echo hi\n", new String(h.input().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void hijackWithJsonBodyAndLargeOutput() throws Exception {
        byte[] out = new byte[8 * 1024 * 1024];
        new java.util.Random(2).nextBytes(out);
        router.post("/exec/{id}/start", (req, res) -> {
            String body = new String(req.bodyBytes(1024), StandardCharsets.UTF_8);
            Hijacked h = res.hijack("application/vnd.docker.raw-stream");
            h.output().write(utf8(body));
            h.output().write(out);
        });
        start();
        String json = "{\"Detach\":false,\"Tty\":false}\n";
        try (Hijack h = transport.hijack(new HttpRequest("POST", "/exec/e1/start", null,
                Map.of("Content-Type", "application/json"), utf8(json), null))) {
            h.closeWrite();
            assertEquals(json, new String(h.input().readNBytes(json.length()), StandardCharsets.UTF_8));
            assertEquals(sha256(out), sha256(h.input().readAllBytes()));
        }
    }

    @Test
    void hijackRefusedCarriesStatusAndBody() throws Exception {
        router.post("/containers/{id}/attach", (req, res) -> {
            throw new EngineException.NotFound("No such container: " + req.pathParam("id"));
        });
        start();
        UnexpectedStatusException e = assertThrows(UnexpectedStatusException.class,
                () -> transport.hijack(HttpRequest.of("POST", "/containers/nosuch/attach")));
        assertEquals(404, e.status());
        assertEquals("application/json", e.contentType());
        assertEquals("{\"message\":\"No such container: nosuch\"}\n", new String(e.body(), StandardCharsets.UTF_8));
    }

    @Test
    void noBodyStatusesAndErrorBodies() throws Exception {
        router.post("/containers/{id}/stop", (req, res) -> res.noContent(req.pathParam("id").equals("stopped") ? 304 : 204));
        router.get("/containers/{id}/json", (req, res) -> {
            throw new EngineException.NotFound("No such container: " + req.pathParam("id"));
        });
        start();
        try (HttpResponse r = transport.send(HttpRequest.of("POST", "/containers/x/stop"))) {
            assertEquals(204, r.status());
            assertEquals(0, r.readAll().length);
        }
        try (HttpResponse r = transport.send(HttpRequest.of("POST", "/containers/stopped/stop"))) {
            assertEquals(304, r.status());
            assertEquals(0, r.readAll().length);
        }
        try (HttpResponse r = transport.send(HttpRequest.of("GET", "/containers/nosuch/json"))) {
            assertEquals(404, r.status());
            assertEquals("{\"message\":\"No such container: nosuch\"}\n", text(r));
        }
        assertEquals(1, ((SocketTransport) transport).connectionsOpened());
    }

    @Test
    void aPooledConnectionClosedByTheServerIsReplaced() throws Exception {
        start();
        try (HttpResponse r = transport.send(HttpRequest.of("GET", "/_ping"))) {
            assertEquals("OK", text(r));
        }
        server.stop(); // closes the idle pooled connection
        server = HttpServer.start(router, ServerOptions.listen(new ListenAddress.Unix(socket)));
        try (HttpResponse r = transport.send(HttpRequest.of("GET", "/_ping"))) {
            assertEquals("OK", text(r));
        }
        assertEquals(2, ((SocketTransport) transport).connectionsOpened());
    }

    @Test
    void unreachableDaemonNamesTheAddress() throws Exception {
        String address = "unix://" + dir.resolve("nope.sock");
        try (Transport t = Transports.connect(address)) {
            DaemonUnreachableException e = assertThrows(DaemonUnreachableException.class,
                    () -> t.send(HttpRequest.of("HEAD", "/_ping")));
            assertEquals("Cannot connect to the berth daemon at " + address + ". Is berthd running?", e.getMessage());
            assertEquals(address, e.address());
            assertInstanceOf(java.net.ConnectException.class, e);
        }
        // A socket file nobody listens on any more: refused.
        Path stale = dir.resolve("stale.sock");
        try (var ch = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            ch.bind(java.net.UnixDomainSocketAddress.of(stale));
        }
        try (Transport t = Transports.connect("unix://" + stale)) {
            assertThrows(DaemonUnreachableException.class, () -> t.hijack(HttpRequest.of("POST", "/exec/x/start")));
        }
    }

    @Test
    void tcpWorksToo() throws Exception {
        server = HttpServer.start(router, ServerOptions.listen(ListenAddress.parse("tcp://127.0.0.1:0")));
        int port = ((ListenAddress.Tcp) server.addresses().getFirst()).port();
        for (String scheme : List.of("tcp", "http")) {
            try (Transport t = Transports.connect(scheme + "://127.0.0.1:" + port);
                 HttpResponse r = t.send(HttpRequest.of("GET", "/_ping"))) {
                assertEquals("OK", text(r));
            }
        }
    }

    @Test
    void addressesAreParsed() {
        assertEquals(Path.of("/run/berth/berth.sock"), Endpoint.parse("unix:///run/berth/berth.sock").socketPath());
        Endpoint tcp = Endpoint.parse("tcp://10.0.0.1");
        assertEquals("10.0.0.1", tcp.host());
        assertEquals(2375, tcp.port());
        assertEquals(8080, Endpoint.parse("http://localhost:8080").port());
        assertEquals("::1", Endpoint.parse("tcp://[::1]:2375").host());
        assertThrows(IllegalArgumentException.class, () -> Transports.connect("ssh://host"));
        assertThrows(IllegalArgumentException.class, () -> Transports.connect("unix://relative.sock"));
        assertThrows(IllegalArgumentException.class, () -> Transports.connect(""));
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}

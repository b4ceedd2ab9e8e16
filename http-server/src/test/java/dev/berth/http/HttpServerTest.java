package dev.berth.http;

import dev.berth.common.EngineException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server over a real unix socket (and TCP), asserting wire bytes where clients depend on them. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpServerTest {

    static final Map<String, String> DEFAULTS = new LinkedHashMap<>();
    static {
        DEFAULTS.put("Api-Version", "1.41");
        DEFAULTS.put("Docker-Experimental", "false");
        DEFAULTS.put("Ostype", "linux");
        DEFAULTS.put("Server", "berth/0.1");
    }

    @TempDir
    Path dir;
    Path socket;
    Router router;
    HttpServer server;
    final RecordingLog log = new RecordingLog();

    @BeforeEach
    void setUp() {
        socket = dir.resolve("berth.sock");
        router = new Router();
        router.get("/_ping", (req, res) -> {
            res.header("Cache-Control", "no-cache, no-store, must-revalidate").header("Pragma", "no-cache");
            res.send(200, "text/plain; charset=utf-8", "OK".getBytes(StandardCharsets.UTF_8));
        });
        Logger.getLogger("dev.berth.http").addHandler(log);
    }

    @AfterEach
    void tearDown() {
        if (server != null) server.stop();
        Logger.getLogger("dev.berth.http").removeHandler(log);
    }

    void start() throws IOException {
        start(ErrorHandler.internalServerError());
    }

    void start(ErrorHandler errors) throws IOException {
        server = HttpServer.start(router, ServerOptions.listen(new ListenAddress.Unix(socket))
                .withDefaultHeaders(DEFAULTS).withErrorHandler(errors).withShutdownGrace(java.time.Duration.ofMillis(200)));
    }

    RawClient client() throws IOException {
        return RawClient.unix(socket);
    }

    static String undated(String head) {
        assertTrue(head.matches("(?s).*\r\nDate: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n.*"), head);
        return head.replaceAll("\r\nDate: [^\r]+\r\n", "\r\nDate: *\r\n");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- routing ----

    @Test
    void pingUnversionedVersionedAndHeadOnOneKeepAliveConnection() throws Exception {
        start();
        try (RawClient c = client()) {
            String expectedHead = "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nDocker-Experimental: false\r\nOstype: linux\r\n"
                    + "Server: berth/0.1\r\nCache-Control: no-cache, no-store, must-revalidate\r\nPragma: no-cache\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 2\r\nDate: *\r\n\r\n";
            c.send("GET /_ping HTTP/1.1\r\nHost: api.moby.localhost\r\n\r\n");
            assertEquals(expectedHead, undated(c.readHead()));
            assertEquals("OK", c.readString(2));
            c.send("GET /v1.41/_ping HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(expectedHead, undated(c.readHead()));
            assertEquals("OK", c.readString(2));
            // HEAD through the GET route: same headers, no body; the next response proves no stray bytes.
            c.send("HEAD /_ping HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(expectedHead, undated(c.readHead()));
            c.send("GET /v1.24/_ping HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(expectedHead, undated(c.readHead()));
            assertEquals("OK", c.readString(2));
        }
    }

    @Test
    void versionPrefixPathParamsAndQueryReachTheHandler() throws Exception {
        router.get("/images/{name:.+}/json", (req, res) -> res.send(200, "text/plain",
                utf8(req.apiVersion().orElse("-") + "|" + req.pathParam("name") + "|" + req.query("filters").orElse("")
                        + "|" + req.queryAll("x") + "|" + req.queryFlag("all") + "|" + req.header("x-tc-sid").orElse(""))));
        start();
        try (RawClient c = client()) {
            c.send("GET /v1.41/images/127.0.0.1:5055/bb:v1/json?filters=%7B%22label%22%3A%7B%22capt%3D1%22%3Atrue%7D%7D"
                    + "&x=a+b&x=c&all=True HTTP/1.1\r\nX-TC-SID: s1\r\n\r\n");
            String r = c.readResponse();
            assertTrue(r.endsWith("\r\n\r\n1.41|127.0.0.1:5055/bb:v1|{\"label\":{\"capt=1\":true}}|[a b, c]|true|s1"), r);
            c.send("GET /images/alpine/json?all=False HTTP/1.1\r\n\r\n");
            assertTrue(c.readResponse().endsWith("\r\n\r\n-|alpine||[]|false|"));
        }
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() throws Exception {
        router.post("/containers/{id}/start", (req, res) -> res.noContent(204));
        start();
        try (RawClient c = client()) {
            c.send("GET /v1.41/nope HTTP/1.1\r\n\r\n");
            assertEquals("HTTP/1.1 404 Not Found\r\nApi-Version: 1.41\r\nDocker-Experimental: false\r\nOstype: linux\r\n"
                    + "Server: berth/0.1\r\nContent-Type: application/json\r\nContent-Length: 29\r\nDate: *\r\n\r\n"
                    + "{\"message\":\"page not found\"}\n", undated(c.readResponse()));
            c.send("GET /containers/abc/start HTTP/1.1\r\n\r\n");
            String r = c.readResponse();
            assertTrue(r.startsWith("HTTP/1.1 405 Method Not Allowed\r\n"), r);
            assertTrue(r.contains("\r\nAllow: POST\r\n"), r);
            c.send("POST /containers/abc/start HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
            assertEquals("HTTP/1.1 204 No Content\r\nApi-Version: 1.41\r\nDocker-Experimental: false\r\nOstype: linux\r\n"
                    + "Server: berth/0.1\r\nDate: *\r\n\r\n", undated(c.readHead()));
        }
    }

    @Test
    void handlerThatSendsNothingGets200WithEmptyBody() throws Exception {
        router.post("/containers/{id}/resize", (req, res) -> { });
        start();
        try (RawClient c = client()) {
            c.send("POST /v1.41/containers/x/resize?h=40&w=120 HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
            assertEquals("HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nDocker-Experimental: false\r\nOstype: linux\r\n"
                    + "Server: berth/0.1\r\nContent-Length: 0\r\nDate: *\r\n\r\n", undated(c.readHead()));
        }
    }

    @Test
    void keepAliveServesManyRequestsOnOneConnectionAndHonoursConnectionClose() throws Exception {
        start();
        try (RawClient c = client()) {
            for (int i = 0; i < 200; i++) {
                c.send("GET /_ping HTTP/1.1\r\n\r\n");
                assertTrue(c.readResponse().endsWith("OK"));
            }
            c.send("GET /_ping HTTP/1.1\r\nConnection: close\r\n\r\n");
            String last = c.readResponse();
            assertTrue(last.contains("\r\nConnection: close\r\n"), last);
            assertEquals("", c.readToEof());
        }
    }

    @Test
    void pipelinedRequestsAreServedInOrder() throws Exception {
        router.post("/echo", (req, res) -> res.send(200, "text/plain", req.body().readAllBytes()));
        start();
        try (RawClient c = client()) {
            c.send("POST /echo HTTP/1.1\r\nContent-Length: 3\r\n\r\none"
                    + "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n"
                    + "GET /_ping HTTP/1.0\r\n\r\n");
            assertTrue(c.readResponse().endsWith("\r\n\r\none"));
            assertTrue(c.readResponse().endsWith("\r\n\r\ntwo"));
            String last = c.readResponse();
            assertTrue(last.contains("\r\nConnection: close\r\n") && last.endsWith("OK"), last); // HTTP/1.0
            assertEquals("", c.readToEof());
        }
    }

    // ---- request bodies ----

    @Test
    void chunkedRequestBodyArrivesDechunked() throws Exception {
        router.post("/build", (req, res) -> {
            byte[] body = req.body().readAllBytes();
            res.send(200, "text/plain", utf8(req.contentLength().isPresent() + ":" + new String(body, StandardCharsets.UTF_8)));
        });
        start();
        try (RawClient c = client()) {
            c.send("POST /v1.41/build?t=x HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Type: application/x-tar\r\n\r\n"
                    + "5\r\nhello\r\n1;ext=1\r\n \r\n6\r\nworld!\r\n0\r\n\r\n");
            assertTrue(c.readResponse().endsWith("\r\n\r\nfalse:hello world!"));
            // And Content-Length on the same connection.
            c.send("POST /build HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
            assertTrue(c.readResponse().endsWith("\r\n\r\ntrue:abc"));
        }
    }

    @Test
    void unreadBodyIsDiscardedAndTheConnectionReused() throws Exception {
        router.post("/containers/create", (req, res) -> res.send(201, "application/json", utf8("{}")));
        start();
        try (RawClient c = client()) {
            c.send("POST /containers/create HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789");
            assertTrue(c.readResponse().startsWith("HTTP/1.1 201 Created\r\n"));
            c.send("POST /containers/create HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
            assertTrue(c.readResponse().startsWith("HTTP/1.1 201 Created\r\n"));
            c.send("GET /_ping HTTP/1.1\r\n\r\n");
            assertTrue(c.readResponse().endsWith("OK"));
        }
    }

    @Test
    void bodyBytesLimitGoesThroughTheErrorHandler() throws Exception {
        router.post("/containers/create", (req, res) -> res.send(201, "application/json", req.bodyBytes(8)));
        start(e -> ErrorReply.jsonMessage(e instanceof EngineException.InvalidArgument ? 400 : 500, e.getMessage()));
        try (RawClient c = client()) {
            c.send("POST /containers/create HTTP/1.1\r\nContent-Length: 9\r\n\r\n123456789");
            String r = c.readResponse();
            assertTrue(r.startsWith("HTTP/1.1 400 Bad Request\r\n"), r);
            assertTrue(r.endsWith("{\"message\":\"request body is too large: at most 8 bytes are accepted\"}\n"), r);
            c.send("POST /containers/create HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n9\r\n123456789\r\n0\r\n\r\n");
            assertTrue(c.readResponse().startsWith("HTTP/1.1 400 Bad Request\r\n"));
            c.send("POST /containers/create HTTP/1.1\r\nContent-Length: 8\r\n\r\n12345678");
            assertTrue(c.readResponse().endsWith("\r\n\r\n12345678"));
        }
    }

    @Test
    void expectContinueGets100BeforeTheBodyIsRead() throws Exception {
        router.put("/containers/{id}/archive", (req, res) -> res.send(200, "text/plain", req.body().readAllBytes()));
        start();
        try (RawClient c = client()) {
            c.send("PUT /containers/x/archive HTTP/1.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", c.readHead());
            c.send("data");
            assertTrue(c.readResponse().endsWith("\r\n\r\ndata"));
        }
    }

    // ---- responses ----

    @Test
    void streamFlushesHeadersAtOnceAndEachFlushIsOneChunk() throws Exception {
        CountDownLatch headRead = new CountDownLatch(1);
        CountDownLatch firstRead = new CountDownLatch(1);
        router.post("/containers/{id}/wait", (req, res) -> {
            try (OutputStream out = res.stream(200, "application/json")) {
                assertTrue(headRead.await(10, TimeUnit.SECONDS));
                out.write(utf8("{\"Error\":null,"));
                out.write(utf8("\"StatusCode\":0}\n"));
                out.flush();
                assertTrue(firstRead.await(10, TimeUnit.SECONDS));
                out.write(new byte[] {1, 0, 0, 0, 0, 0, 0, 3});
                out.write(utf8("hi\n"));
                out.flush();
            }
        });
        start();
        try (RawClient c = client()) {
            c.send("POST /v1.41/containers/x/wait?condition=removed HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
            assertEquals("HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nDocker-Experimental: false\r\nOstype: linux\r\n"
                    + "Server: berth/0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nDate: *\r\n\r\n",
                    undated(c.readHead()));
            headRead.countDown();
            assertEquals("1e\r\n{\"Error\":null,\"StatusCode\":0}\n\r\n", c.readChunk());
            firstRead.countDown();
            assertEquals("b\r\n\u0001\0\0\0\0\0\0\u0003hi\n\r\n", c.readChunk());
            assertEquals("0\r\n\r\n", c.readChunk());
            c.send("GET /_ping HTTP/1.1\r\n\r\n");
            assertTrue(c.readResponse().endsWith("OK"));
        }
    }

    @Test
    void clientGoingAwayIsSignalledWithoutAWriteAndLaterWritesFail() throws Exception {
        CountDownLatch subscribed = new CountDownLatch(1);
        CountDownLatch gone = new CountDownLatch(1);
        AtomicReference<Throwable> writeError = new AtomicReference<>();
        CountDownLatch handlerDone = new CountDownLatch(1);
        router.get("/events", (req, res) -> {
            try {
                OutputStream out = res.stream(200, "application/json");
                res.onClientClose(gone::countDown);
                subscribed.countDown();
                assertTrue(gone.await(10, TimeUnit.SECONDS));
                assertTrue(res.isClientClosed());
                try { // the first writes may still be queued; the connection error surfaces within a few
                    for (int i = 0; i < 1_000_000; i++) {
                        out.write(utf8("{\"status\":\"die\"}\n"));
                        out.flush();
                    }
                } catch (IOException e) {
                    writeError.set(e);
                }
            } finally {
                handlerDone.countDown();
            }
        });
        start();
        try (RawClient c = client()) {
            c.send("GET /v1.41/events HTTP/1.1\r\n\r\n");
            c.readHead();
            assertTrue(subscribed.await(10, TimeUnit.SECONDS));
        }
        assertTrue(gone.await(10, TimeUnit.SECONDS), "onClientClose not called");
        assertTrue(handlerDone.await(10, TimeUnit.SECONDS));
        assertTrue(writeError.get() instanceof ClientClosedException, String.valueOf(writeError.get()));
    }

    @Test
    void aClientThatDropsALongPollIsClosedWithoutSpinningTheEventLoop() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        router.post("/containers/{id}/wait", (req, res) -> {
            res.stream(200, "application/json").flush();
            release.await(); // the container has not exited
        });
        start();
        try {
            try (RawClient c = client()) {
                c.send("POST /containers/x/wait?condition=next-exit HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
                c.readHead();
            }
            Thread.sleep(200);
            long before = ioThreadsCpuNanos();
            Thread.sleep(500);
            long used = ioThreadsCpuNanos() - before;
            assertTrue(used < 20_000_000L, "event loop threads used " + used / 1_000_000 + " ms of CPU in 500 ms");
        } finally {
            release.countDown();
        }
    }

    private static long ioThreadsCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("berth-http-io")) sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
        }
        return sum;
    }

    // ---- hijack ----

    @Test
    void hijackWithUpgradeAnswers101AndSurvivesHalfClose() throws Exception {
        router.post("/containers/{id}/attach", (req, res) -> {
            Hijacked h = res.hijack("application/vnd.docker.raw-stream");
            assertTrue(h.upgraded());
            byte[] stdin = h.input().readAllBytes(); // EOF when the client half-closes
            h.output().write(utf8("got:" + new String(stdin, StandardCharsets.UTF_8)));
            h.output().write(utf8(":bye"));
        });
        start();
        try (RawClient c = client()) {
            c.send("POST /v1.41/containers/abc/attach?stderr=1&stdout=1&stream=1&stdin=1 HTTP/1.1\r\nHost: api.moby.localhost\r\n"
                    + "Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n");
            assertEquals("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\n"
                    + "Upgrade: tcp\r\nApi-Version: 1.41\r\nDocker-Experimental: false\r\nOstype: linux\r\nServer: berth/0.1\r\n"
                    + "Date: *\r\n\r\n", undated(c.readHead()));
            c.send("hello\n");
            c.shutdownOutput();
            assertEquals("got:hello\n:bye", c.readToEof());
        }
    }

    @Test
    void aHijackedClientThatHalfClosesThenVanishesIsClosedWithoutSpinning() throws Exception {
        CountDownLatch gone = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        router.post("/containers/{id}/attach", (req, res) -> {
            Hijacked h = res.hijack("application/vnd.docker.raw-stream");
            res.onClientClose(gone::countDown);
            h.input().readAllBytes();
            release.await(); // the container is still running and silent
        });
        start();
        try {
            try (RawClient c = client()) {
                c.send("POST /containers/x/attach?stream=1&stdin=1 HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                        + "Content-Length: 0\r\n\r\n");
                c.readHead();
                c.shutdownOutput();
                Thread.sleep(100);
            }
            Thread.sleep(200);
            long before = ioThreadsCpuNanos();
            Thread.sleep(500);
            long used = ioThreadsCpuNanos() - before;
            assertTrue(used < 20_000_000L, "event loop threads used " + used / 1_000_000 + " ms of CPU in 500 ms");
            assertTrue(gone.await(1, TimeUnit.SECONDS), "the hang-up was not noticed");
        } finally {
            release.countDown();
        }
    }

    @Test
    void hijackKeepsBytesSentRightAfterTheRequestAndReadsTheJsonBodyFirst() throws Exception {
        AtomicReference<String> body = new AtomicReference<>();
        router.post("/exec/{id}/start", (req, res) -> {
            body.set(new String(req.bodyBytes(1024), StandardCharsets.UTF_8));
            Hijacked h = res.hijack("application/vnd.docker.raw-stream");
            h.output().write(h.input().readAllBytes());
        });
        start();
        try (RawClient c = client()) {
            String json = "{\"Detach\":false,\"Tty\":false}\n";
            // Request, body and stdin (which even looks like a request) in one write, then EOF.
            c.send("POST /v1.41/exec/e1/start HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + json.length() + "\r\n\r\n" + json + "GET / HTTP/1.1\r\n\r\nstdin");
            c.shutdownOutput();
            assertTrue(c.readHead().startsWith("HTTP/1.1 101 UPGRADED\r\n"));
            assertEquals("GET / HTTP/1.1\r\n\r\nstdin", c.readToEof());
        }
        assertEquals("{\"Detach\":false,\"Tty\":false}\n", body.get());
    }

    @Test
    void hijackWithoutUpgradeAnswers200AndClosesAtTheEnd() throws Exception {
        router.post("/exec/{id}/start", (req, res) -> {
            req.body().readAllBytes();
            Hijacked h = res.hijack("application/vnd.docker.raw-stream");
            assertFalse(h.upgraded());
            h.output().write(new byte[] {1, 0, 0, 0, 0, 0, 0, 2, 'o', 'k'});
        });
        start();
        try (RawClient c = client()) {
            c.send("POST /v1.32/exec/e1/start HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 26\r\n\r\n"
                    + "{\"Detach\":null,\"Tty\":null}");
            assertEquals("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\nApi-Version: 1.41\r\n"
                    + "Docker-Experimental: false\r\nOstype: linux\r\nServer: berth/0.1\r\nDate: *\r\n\r\n", undated(c.readHead()));
            assertEquals("\u0001\0\0\0\0\0\0\u0002ok", c.readToEof());
        }
    }

    // ---- errors and filters ----

    @Test
    void exceptionsBeforeCommitGoThroughTheErrorHandlerAndAfterCommitCloseTheConnection() throws Exception {
        router.get("/containers/{id}/json", (req, res) -> {
            throw new EngineException.NotFound("No such container: " + req.pathParam("id"));
        });
        router.get("/containers/{id}/logs", (req, res) -> {
            OutputStream out = res.stream(200, null);
            out.write(utf8("partial"));
            out.flush();
            throw new IllegalStateException("boom");
        });
        start(e -> e instanceof EngineException.NotFound ? ErrorReply.jsonMessage(404, e.getMessage())
                : ErrorReply.jsonMessage(500, "unexpected"));
        try (RawClient c = client()) {
            c.send("GET /v1.41/containers/nosuch/json HTTP/1.1\r\n\r\n");
            String r = c.readResponse();
            assertTrue(r.startsWith("HTTP/1.1 404 Not Found\r\n"), r);
            assertTrue(r.endsWith("\r\n\r\n{\"message\":\"No such container: nosuch\"}\n"), r);
            c.send("GET /containers/x/logs HTTP/1.1\r\n\r\n");
            String head = c.readHead();
            assertFalse(head.contains("Content-Type"), head);
            assertEquals("7\r\npartial\r\n", c.readChunk());
            assertEquals("", c.readToEof()); // no terminating chunk: the client sees the failure
        }
    }

    @Test
    void errorMappedTo304IsSentWithoutTheMessageAndTheConnectionStaysUsable() throws Exception {
        router.post("/containers/{id}/stop", (req, res) -> {
            throw new EngineException.NotModified("Container x is not running");
        });
        start(e -> ErrorReply.jsonMessage(304, e.getMessage()));
        try (RawClient c = client()) {
            c.send("POST /containers/x/stop HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
            assertEquals("HTTP/1.1 304 Not Modified\r\nApi-Version: 1.41\r\nDocker-Experimental: false\r\nOstype: linux\r\n"
                    + "Server: berth/0.1\r\nDate: *\r\n\r\n", undated(c.readHead()));
            c.send("GET /_ping HTTP/1.1\r\n\r\n");
            assertTrue(c.readResponse().startsWith("HTTP/1.1 200 OK\r\n"));
        }
    }

    @Test
    void filtersRunBeforeHandlersAndCanReject() throws Exception {
        router.before((req, res) -> {
            if (req.apiVersion().map(v -> Double.parseDouble(v) > 1.41).orElse(false)) {
                throw new EngineException.InvalidArgument("client version " + req.apiVersion().get()
                        + " is too new. Maximum supported API version is 1.41");
            }
        });
        start(e -> ErrorReply.jsonMessage(400, e.getMessage()));
        try (RawClient c = client()) {
            c.send("GET /v1.44/_ping HTTP/1.1\r\n\r\n");
            assertTrue(c.readResponse().endsWith(
                    "{\"message\":\"client version 1.44 is too new. Maximum supported API version is 1.41\"}\n"));
            c.send("GET /v1.41/_ping HTTP/1.1\r\n\r\n");
            assertTrue(c.readResponse().endsWith("OK"));
        }
    }

    @Test
    void malformedRequestGets400AndClose() throws Exception {
        start();
        try (RawClient c = client()) {
            c.send("GET /_ping HTTP/1.1\r\nBad Header Without Colon\r\n\r\n");
            String r = c.readResponse();
            assertTrue(r.startsWith("HTTP/1.1 400 Bad Request\r\n"), r);
            assertEquals("", c.readToEof());
        }
    }

    // ---- connections and listeners ----

    @Test
    void emptyProbeConnectionsAreQuiet() throws Exception {
        start();
        for (int i = 0; i < 20; i++) {
            client().close();
        }
        try (RawClient c = client()) {
            c.send("GET /_ping HTTP/1.1\r\n\r\n");
            assertTrue(c.readResponse().endsWith("OK"));
        }
        assertEquals("", log.text());
    }

    @Test
    void unixSocketHasMode0660AndIsRemovedOnStop() throws Exception {
        start();
        assertEquals("rw-rw----", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(socket)));
        assertEquals(java.util.List.of(new ListenAddress.Unix(socket)), server.addresses());
        server.stop();
        server = null;
        assertFalse(java.nio.file.Files.exists(socket));
    }

    @Test
    void staleSocketIsReplacedButALiveOneIsNot() throws Exception {
        try (var ch = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            ch.bind(java.net.UnixDomainSocketAddress.of(socket));
            IOException e = assertThrows(IOException.class, this::start);
            assertEquals("another daemon is listening on unix://" + socket, e.getMessage());
        }
        assertTrue(java.nio.file.Files.exists(socket)); // closed without unlinking: stale
        start();
        try (RawClient c = client()) {
            c.send("GET /_ping HTTP/1.1\r\n\r\n");
            assertTrue(c.readResponse().endsWith("OK"));
        }
    }

    @Test
    void servesUnixAndTcpAtOnce() throws Exception {
        server = HttpServer.start(router, ServerOptions.listen(new ListenAddress.Unix(socket),
                ListenAddress.parse("tcp://127.0.0.1:0")));
        ListenAddress tcp = server.addresses().get(1);
        assertTrue(((ListenAddress.Tcp) tcp).port() > 0);
        for (ListenAddress address : server.addresses()) {
            try (RawClient c = RawClient.connect(address)) {
                c.send("GET /_ping HTTP/1.1\r\n\r\n");
                assertTrue(c.readResponse().endsWith("OK"));
            }
        }
    }

    @Test
    void tcpHijackSurvivesHalfCloseToo() throws Exception {
        router.post("/exec/{id}/start", (req, res) -> {
            Hijacked h = res.hijack("application/vnd.docker.raw-stream");
            h.output().write(("echo:" + new String(h.input().readAllBytes(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        });
        server = HttpServer.start(router, ServerOptions.listen(ListenAddress.parse("127.0.0.1:0")));
        try (RawClient c = RawClient.connect(server.addresses().getFirst())) {
            c.send("POST /exec/e/start HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n");
            assertTrue(c.readHead().startsWith("HTTP/1.1 101 UPGRADED\r\n"));
            c.send("abc");
            c.shutdownOutput();
            assertEquals("echo:abc", c.readToEof());
        }
    }

    @Test
    void fixedLengthStreamSendsContentLengthWithoutChunksAndKeepsTheConnection() throws Exception {
        router.get("/blob", (req, res) -> {
            try (OutputStream out = res.stream(200, "application/octet-stream", 10)) {
                out.write("01234".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("56789".getBytes(StandardCharsets.UTF_8));
            }
        });
        start();
        try (RawClient c = client()) {
            c.send("GET /blob HTTP/1.1\r\n\r\n");
            String head = c.readHead();
            assertTrue(head.contains("\r\nContent-Length: 10\r\n"), head);
            assertFalse(head.contains("Transfer-Encoding"), head);
            assertEquals("0123456789", c.readString(10));
            c.send("HEAD /blob HTTP/1.1\r\n\r\n"); // same connection; HEAD gets the length, no body
            assertTrue(c.readHead().contains("\r\nContent-Length: 10\r\n"));
            c.send("GET /_ping HTTP/1.1\r\n\r\n");
            assertTrue(c.readResponse().endsWith("OK"));
        }
    }

    @Test
    void fixedLengthStreamClosedShortEndsTheConnection() throws Exception {
        router.get("/short", (req, res) -> {
            OutputStream out = res.stream(200, null, 10);
            out.write("abc".getBytes(StandardCharsets.UTF_8));
            assertThrows(IOException.class, () -> out.write(new byte[8]));
            out.close();
        });
        start();
        try (RawClient c = client()) {
            c.send("GET /short HTTP/1.1\r\n\r\n");
            assertTrue(c.readHead().contains("Content-Length: 10"));
            assertEquals("abc", c.readToEof());
        }
    }

    @Test
    void stopEndsLongStreamsAfterTheGracePeriod() throws Exception {
        CountDownLatch streaming = new CountDownLatch(1);
        router.get("/events", (req, res) -> {
            res.stream(200, "application/json");
            CountDownLatch gone = new CountDownLatch(1);
            res.onClientClose(gone::countDown);
            streaming.countDown();
            gone.await();
        });
        start();
        try (RawClient c = client()) {
            c.send("GET /events HTTP/1.1\r\n\r\n");
            c.readHead();
            assertTrue(streaming.await(10, TimeUnit.SECONDS));
            server.stop();
            server = null;
            assertEquals("", c.readToEof());
        }
    }

    /** Collects what the server logs at INFO or above. */
    static final class RecordingLog extends Handler {
        private final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void publish(LogRecord record) {
            if (record.getLevel().intValue() >= java.util.logging.Level.INFO.intValue()) {
                text.append(record.getLevel()).append(' ').append(record.getMessage()).append('\n');
            }
        }

        synchronized String text() {
            return text.toString();
        }

        @Override
        public void flush() { }

        @Override
        public void close() { }
    }
}

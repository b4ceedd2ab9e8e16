package dev.berth.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Routing in memory, without a socket. */
class RouterTest {

    private final List<String> calls = new ArrayList<>();
    private final Router router = new Router()
            .get("/images/json", (req, res) -> calls.add("list"))
            .get("/images/{name:.+}/json", (req, res) -> calls.add("inspect " + req.pathParam("name")))
            .get("/images/{name:.+}/history", (req, res) -> calls.add("history " + req.pathParam("name")))
            .get("/images/{name:.+}/get", (req, res) -> calls.add("get " + req.pathParam("name")))
            .delete("/images/{name:.+}", (req, res) -> calls.add("remove " + req.pathParam("name")))
            .post("/images/{name:.+}/push", (req, res) -> calls.add("push " + req.pathParam("name")))
            .post("/images/{name:.+}/tag", (req, res) -> calls.add("tag " + req.pathParam("name")))
            .get("/containers/json", (req, res) -> calls.add("ps"))
            .get("/containers/{id}/json", (req, res) -> calls.add("inspect-c " + req.pathParam("id")))
            .post("/containers/{id}/attach", (req, res) -> calls.add("attach " + req.pathParam("id")))
            .head("/_ping", (req, res) -> calls.add("head-ping"))
            .get("/_ping", (req, res) -> calls.add("ping"))
            .get("/exec/{id}/json", (req, res) -> calls.add("exec " + req.pathParam("id")));

    private String route(String method, String path) throws Exception {
        calls.clear();
        FakeResponse res = new FakeResponse();
        router.dispatch(new FakeRequest(method, path), res);
        return calls.isEmpty() ? res.status + " " + res.body : String.join(",", calls);
    }

    @Test
    void imageNamesWithSlashesAndColons() throws Exception {
        assertEquals("list", route("GET", "/images/json"));
        assertEquals("inspect bb:local", route("GET", "/images/bb:local/json"));
        assertEquals("inspect 127.0.0.1:5055/bb:v1", route("GET", "/images/127.0.0.1:5055/bb:v1/json"));
        assertEquals("inspect sha256:abc", route("GET", "/images/sha256:abc/json"));
        assertEquals("history a/b/c", route("GET", "/images/a/b/c/history"));
        // The more specific suffix wins over the bare name, greedy names keep inner "json" segments.
        assertEquals("inspect a/json", route("GET", "/images/a/json/json"));
        assertEquals("remove 127.0.0.1:5055/bb:v1", route("DELETE", "/images/127.0.0.1:5055/bb:v1"));
        assertEquals("remove a/json", route("DELETE", "/images/a/json"));
        assertEquals("push 127.0.0.1:5055/bbreg", route("POST", "/images/127.0.0.1:5055/bbreg/push"));
    }

    @Test
    void singleSegmentParamsAndLiterals() throws Exception {
        assertEquals("ps", route("GET", "/containers/json"));
        assertEquals("inspect-c abc", route("GET", "/containers/abc/json"));
        assertEquals("404 {\"message\":\"page not found\"}\n", route("GET", "/containers/a/b/json"));
        assertEquals("404 {\"message\":\"page not found\"}\n", route("GET", "/containers//json"));
        assertEquals("404 {\"message\":\"page not found\"}\n", route("GET", "/containers/json/"));
        assertEquals("attach abc", route("POST", "/containers/abc/attach"));
    }

    @Test
    void headPrefersAHeadRouteAndFallsBackToGet() throws Exception {
        assertEquals("head-ping", route("HEAD", "/_ping"));
        assertEquals("exec e1", route("HEAD", "/exec/e1/json"));
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        FakeResponse res = new FakeResponse();
        router.dispatch(new FakeRequest("PUT", "/images/x/json"), res);
        assertEquals(405, res.status);
        assertEquals("DELETE, GET, HEAD", res.headers.get("Allow")); // DELETE /images/{name:.+} takes "x/json"
    }

    @Test
    void badPatternsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> router.get("images/json", (q, r) -> { }));
        assertThrows(IllegalArgumentException.class, () -> router.get("/images/{name:[a-z]+}", (q, r) -> { }));
        assertThrows(IllegalArgumentException.class, () -> router.get("/images/x{name}", (q, r) -> { }));
    }

    @Test
    void queryFlagParsesLikeMoby() {
        for (String f : List.of("", "0", "no", "false", "False", "NONE", " false ")) {
            assertEquals(false, new FakeRequest("GET", "/", Map.of("v", f)).queryFlag("v"), f);
        }
        for (String t : List.of("1", "true", "True", "yes", "x")) {
            assertEquals(true, new FakeRequest("GET", "/", Map.of("v", t)).queryFlag("v"), t);
        }
        assertEquals(false, new FakeRequest("GET", "/").queryFlag("v"));
    }

    record FakeRequest(String method, String path, Map<String, String> params) implements Request {
        FakeRequest(String method, String path) {
            this(method, path, Map.of());
        }

        @Override public Optional<String> apiVersion() { return Optional.empty(); }
        @Override public String rawQuery() { return ""; }
        @Override public Optional<String> query(String name) { return Optional.ofNullable(params.get(name)); }
        @Override public List<String> queryAll(String name) { return query(name).stream().toList(); }
        @Override public String pathParam(String name) { throw new IllegalArgumentException(name); }
        @Override public Optional<String> header(String name) { return Optional.empty(); }
        @Override public List<String> headerValues(String name) { return List.of(); }
        @Override public Map<String, List<String>> headers() { return Map.of(); }
        @Override public OptionalLong contentLength() { return OptionalLong.of(0); }
        @Override public InputStream body() { return new ByteArrayInputStream(new byte[0]); }
        @Override public byte[] bodyBytes(int maxBytes) { return new byte[0]; }
    }

    static final class FakeResponse implements Response {
        int status;
        String body;
        final Map<String, String> headers = new java.util.HashMap<>();

        @Override public Response header(String name, String value) { headers.put(name, value); return this; }
        @Override public void send(int status, String contentType, byte[] body) {
            this.status = status;
            this.body = new String(body, StandardCharsets.UTF_8);
        }
        @Override public void noContent(int status) { this.status = status; }
        @Override public OutputStream stream(int status, String contentType) { throw new UnsupportedOperationException(); }
        @Override public OutputStream stream(int status, String contentType, long length) { throw new UnsupportedOperationException(); }
        @Override public Hijacked hijack(String contentType) { throw new UnsupportedOperationException(); }
        @Override public boolean isCommitted() { return status != 0; }
        @Override public void onClientClose(Runnable callback) { }
        @Override public boolean isClientClosed() { return false; }
    }
}

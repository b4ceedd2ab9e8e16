package dev.berth.distribution;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.oci.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An in-process OCI registry for the client's unit tests, on 127.0.0.1: blobs and manifests in
 * memory; Basic or Bearer auth (with its own token endpoint); and faults to inject (transient
 * 503s, a reset, wrong or truncated blobs, any manifest answer).
 */
final class FakeRegistry implements AutoCloseable {
    enum Auth { NONE, BASIC, BEARER }

    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();          // "repo@digest" -> bytes
    final Map<String, byte[]> manifests = new ConcurrentHashMap<>();      // "repo:ref" -> bytes
    final Map<String, String> manifestTypes = new ConcurrentHashMap<>();
    final Map<String, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
    final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger tokensIssued = new AtomicInteger();
    /** Fail this many requests (other than /v2/ and token) with 503 first. */
    final AtomicInteger transientFailures = new AtomicInteger();
    /** Per blob digest: replace what a GET sends. */
    final Map<String, Function<byte[], byte[]>> blobFaults = new ConcurrentHashMap<>();
    volatile Auth auth = Auth.NONE;
    volatile String user = "alice";
    volatile String password = "secret";
    volatile long tokenLifetime = 300;
    private final Map<String, Boolean> validTokens = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final AtomicInteger uploadIds = new AtomicInteger();

    FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void putBlob(String repo, byte[] content) {
        blobs.put(repo + "@" + Digest.of(content), content);
    }

    void putManifest(String repo, String ref, String mediaType, byte[] bytes) {
        manifests.put(repo + ":" + ref, bytes);
        manifests.put(repo + ":" + Digest.of(bytes), bytes);
        manifestTypes.put(repo + ":" + ref, mediaType);
        manifestTypes.put(repo + ":" + Digest.of(bytes), mediaType);
    }

    boolean hasBlob(String repo, Digest d) {
        return blobs.containsKey(repo + "@" + d);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            log.add(method + " " + path + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()));
            if (path.equals("/token")) {
                token(ex, q);
                return;
            }
            if (!authorized(ex)) return;
            if (path.equals("/v2/")) {
                send(ex, 200, "application/json", "{}".getBytes());
                return;
            }
            if (transientFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                send(ex, 503, "text/plain", "try later".getBytes());
                return;
            }
            if (path.endsWith("/tags/list")) {
                String repo = path.substring(4, path.length() - 10);
                java.util.List<String> tags = manifests.keySet().stream().filter(k -> k.startsWith(repo + ":"))
                        .map(k -> k.substring(repo.length() + 1)).filter(t -> !t.startsWith("sha256:")).sorted().toList();
                int n = q.containsKey("n") ? Integer.parseInt(q.get("n")) : 1000;
                String last = q.get("last");
                java.util.List<String> page = tags.stream().filter(t -> last == null || t.compareTo(last) > 0).limit(n).toList();
                if (page.size() == n && !page.isEmpty() && !page.getLast().equals(tags.getLast())) {
                    ex.getResponseHeaders().add("Link", "</v2/" + repo + "/tags/list?n=" + n + "&last=" + page.getLast() + ">; rel=\"next\"");
                }
                send(ex, 200, "application/json", ("{\"name\":\"" + repo + "\",\"tags\":["
                        + String.join(",", page.stream().map(t -> "\"" + t + "\"").toList()) + "]}").getBytes());
                return;
            }
            int m = path.indexOf("/manifests/");
            int b = path.indexOf("/blobs/");
            if (m > 0) {
                String repo = path.substring(4, m);
                String ref = path.substring(m + 11);
                if (method.equals("PUT")) {
                    byte[] body = ex.getRequestBody().readAllBytes();
                    putManifest(repo, ref, ex.getRequestHeaders().getFirst("Content-Type"), body);
                    ex.getResponseHeaders().add("Docker-Content-Digest", Digest.of(body).toString());
                    send(ex, 201, null, new byte[0]);
                    return;
                }
                byte[] bytes = manifests.get(repo + ":" + ref);
                if (bytes == null) {
                    error(ex, 404, "MANIFEST_UNKNOWN", "manifest unknown");
                    return;
                }
                send(ex, 200, manifestTypes.get(repo + ":" + ref), bytes);
            } else if (b > 0 && path.contains("/blobs/uploads/")) {
                upload(ex, method, path.substring(4, b), path, q);
            } else if (b > 0) {
                String repo = path.substring(4, b);
                String digest = path.substring(b + 7);
                byte[] bytes = blobs.get(repo + "@" + digest);
                if (bytes == null) {
                    error(ex, 404, "BLOB_UNKNOWN", "blob unknown to registry");
                    return;
                }
                if (method.equals("HEAD")) {
                    ex.sendResponseHeaders(200, -1);
                    return;
                }
                Function<byte[], byte[]> fault = blobFaults.get(digest);
                send(ex, 200, "application/octet-stream", fault == null ? bytes : fault.apply(bytes));
            } else {
                error(ex, 404, "NAME_UNKNOWN", "repository name not known to registry");
            }
        }
    }

    private void upload(HttpExchange ex, String method, String repo, String path, Map<String, String> q) throws IOException {
        if (method.equals("POST")) {
            String mount = q.get("mount");
            if (mount != null) {
                byte[] src = blobs.get(q.get("from") + "@" + mount);
                if (src != null) {
                    blobs.put(repo + "@" + mount, src);
                    send(ex, 201, null, new byte[0]);
                    return;
                }
            }
            String id = "u" + uploadIds.incrementAndGet();
            uploads.put(id, new ByteArrayOutputStream());
            ex.getResponseHeaders().add("Location", "/v2/" + repo + "/blobs/uploads/" + id + "?_state=x");
            send(ex, 202, null, new byte[0]);
            return;
        }
        String id = path.substring(path.lastIndexOf('/') + 1);
        ByteArrayOutputStream buf = uploads.get(id);
        if (buf == null) {
            error(ex, 404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry");
            return;
        }
        buf.write(ex.getRequestBody().readAllBytes());
        if (method.equals("PATCH")) {
            ex.getResponseHeaders().add("Location", "/v2/" + repo + "/blobs/uploads/" + id + "?_state=y");
            send(ex, 202, null, new byte[0]);
            return;
        }
        byte[] all = buf.toByteArray();
        if (!Digest.of(all).toString().equals(q.get("digest"))) {
            error(ex, 400, "DIGEST_INVALID", "provided digest did not match uploaded content");
            return;
        }
        blobs.put(repo + "@" + q.get("digest"), all);
        uploads.remove(id);
        send(ex, 201, null, new byte[0]);
    }

    private boolean authorized(HttpExchange ex) throws IOException {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        switch (auth) {
            case NONE -> {
                return true;
            }
            case BASIC -> {
                if (h != null && h.equals("Basic " + basic(user, password))) return true;
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"fake\"");
            }
            case BEARER -> {
                if (h != null && h.startsWith("Bearer ") && validTokens.containsKey(h.substring(7))) return true;
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host()
                        + "/token\",service=\"fake\"");
            }
        }
        error(ex, 401, "UNAUTHORIZED", "authentication required");
        return false;
    }

    /** Revokes every issued token, as an expiry would. */
    void revokeTokens() {
        validTokens.clear();
    }

    private void token(HttpExchange ex, Map<String, String> q) throws IOException {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        if (h != null && !h.equals("Basic " + basic(user, password))) {
            error(ex, 401, "UNAUTHORIZED", "incorrect username or password");
            return;
        }
        String t = "t" + tokensIssued.incrementAndGet();
        validTokens.put(t, true);
        send(ex, 200, "application/json", ("{\"token\":\"" + t + "\",\"expires_in\":" + tokenLifetime + "}").getBytes());
    }

    static String basic(String u, String p) {
        return Base64.getEncoder().encodeToString((u + ":" + p).getBytes(StandardCharsets.UTF_8));
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        send(ex, status, "application/json",
                ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}").getBytes());
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        if (type != null) ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) return q;
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}

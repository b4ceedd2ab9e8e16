package dev.berth.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A registry in the test JVM (127.0.0.1, ephemeral port) that answers what a test scripts:
 * manifests and blobs per repository, and per-repository faults on blobs (wrong bytes, a body cut
 * short, a stall until released). For the garbage and crash cases a real registry never produces.
 */
final class ScriptedRegistry implements AutoCloseable {
    enum Fault { NONE, CORRUPT, TRUNCATE, STALL }

    private final HttpServer server;
    private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    private final Map<String, String> types = new ConcurrentHashMap<>();
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    /** repository → (blob digest → fault) */
    private final Map<String, Map<String, Fault>> faults = new ConcurrentHashMap<>();
    final CountDownLatch release = new CountDownLatch(1);

    ScriptedRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    static String digest(byte[] b) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String blob(byte[] content) {
        String d = digest(content);
        blobs.put(d, content);
        return d;
    }

    void manifest(String repo, String tag, String mediaType, byte[] bytes) {
        manifests.put(repo + ":" + tag, bytes);
        types.put(repo + ":" + tag, mediaType);
    }

    void fault(String repo, String blobDigest, Fault fault) {
        faults.computeIfAbsent(repo, r -> new ConcurrentHashMap<>()).put(blobDigest, fault);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/v2/")) {
                send(ex, 200, "application/json", "{}".getBytes());
                return;
            }
            int m = path.indexOf("/manifests/");
            int b = path.indexOf("/blobs/");
            if (m > 0) {
                String key = path.substring(4, m) + ":" + path.substring(m + 11);
                byte[] bytes = manifests.get(key);
                if (bytes == null) {
                    send(ex, 404, "application/json", "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}".getBytes());
                } else {
                    send(ex, 200, types.get(key), bytes);
                }
            } else if (b > 0) {
                String repo = path.substring(4, b);
                String digest = path.substring(b + 7);
                byte[] bytes = blobs.get(digest);
                if (bytes == null) {
                    send(ex, 404, "application/json", "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown\"}]}".getBytes());
                    return;
                }
                Fault f = faults.getOrDefault(repo, Map.of()).getOrDefault(digest, Fault.NONE);
                switch (f) {
                    case NONE -> send(ex, 200, "application/octet-stream", bytes);
                    case CORRUPT -> {
                        byte[] c = bytes.clone();
                        c[c.length / 2] ^= 0x55;
                        send(ex, 200, "application/octet-stream", c);
                    }
                    case TRUNCATE -> {
                        ex.sendResponseHeaders(200, bytes.length);
                        OutputStream out = ex.getResponseBody();
                        out.write(bytes, 0, bytes.length / 2);
                        out.flush();
                        // the exchange closes with the body cut short
                    }
                    case STALL -> {
                        ex.sendResponseHeaders(200, bytes.length);
                        OutputStream out = ex.getResponseBody();
                        out.write(bytes, 0, bytes.length / 3);
                        out.flush();
                        try {
                            release.await(120, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            } else {
                send(ex, 404, "text/plain", "not here".getBytes());
            }
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}

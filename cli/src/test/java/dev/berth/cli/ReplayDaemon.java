package dev.berth.cli;

import dev.berth.client.transport.Hijack;
import dev.berth.client.transport.HttpRequest;
import dev.berth.client.transport.HttpResponse;
import dev.berth.client.transport.Transport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * A {@link Transport} that answers with the exact bytes a fake daemon sent docker CLI 28 for the same
 * requests (recorded in {@code golden/containers/NAME.req}): each request is matched, by method, path
 * and query, to the first unused recorded one. Unmatched requests get 404 "page not found".
 * Hijacked connections (attach, exec) give their recorded raw output once the client has closed
 * its side (the fake daemon read stdin to its end before answering), and record what was written.
 */
public final class ReplayDaemon implements Transport {
    /** One recorded exchange: the request docker sent and the daemon's raw answer. */
    public record Exchange(String method, String path, List<List<String>> query, byte[] body, byte[] response) {
        String key() {
            return method + " " + path + " " + query;
        }
    }

    /** A request berth sent, normalised like the recorded ones. */
    public record Sent(String method, String path, List<List<String>> query, byte[] body, Map<String, String> headers) {}

    private final List<Exchange> unused;
    private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    /** Containers started in the recording: their attach output waits for the start, as a real daemon's does. */
    private final Map<String, CountDownLatch> starts = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Boolean> startOk = new java.util.concurrent.ConcurrentHashMap<>();

    public ReplayDaemon(List<Exchange> recorded) {
        this.unused = new ArrayList<>(recorded);
        for (Exchange e : recorded) {
            if (e.method().equals("POST") && e.path().startsWith("/containers/") && e.path().endsWith("/start")) {
                starts.put(containerOf(e.path()), new CountDownLatch(1));
            }
        }
    }

    private static String containerOf(String path) {
        String rest = path.substring("/containers/".length());
        return rest.substring(0, rest.indexOf('/'));
    }

    public List<Sent> sent() {
        return sent;
    }

    @Override
    public HttpResponse send(HttpRequest request) throws IOException {
        Sent s = record(request);
        byte[] raw = answer(s);
        HttpResponse r = parse(raw, request.method());
        if (s.method().equals("POST") && s.path().startsWith("/containers/") && s.path().endsWith("/start")) {
            String id = containerOf(s.path());
            startOk.put(id, r.status() < 400);
            CountDownLatch l = starts.get(id);
            if (l != null) l.countDown();
        }
        return r;
    }

    @Override
    public Hijack hijack(HttpRequest request) throws IOException {
        Sent s = record(request);
        byte[] raw = answer(s);
        int headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        String head = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(head.substring(9, 12));
        if (status != 101 && status != 200) {
            HttpResponse r = parse(raw, "POST");
            throw new dev.berth.client.transport.UnexpectedStatusException(status, r.header("Content-Type"), r.readAll());
        }
        byte[] stream = java.util.Arrays.copyOfRange(raw, headEnd + 4, raw.length);
        String startOf = s.path().startsWith("/containers/") && s.path().endsWith("/attach") ? containerOf(s.path()) : null;
        return new ReplayHijack(status, stream, startOf);
    }

    private Sent record(HttpRequest r) throws IOException {
        byte[] body = r.body() != null ? r.body() : r.bodyStream() != null ? r.bodyStream().readAllBytes() : new byte[0];
        String path = r.path().startsWith("/v1.41/") ? r.path().substring(6) : r.path();
        List<List<String>> q = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : new TreeMap<>(r.query()).entrySet()) {
            for (String v : e.getValue()) q.add(List.of(e.getKey(), v == null ? "" : v));
        }
        sortPairs(q);
        Sent s = new Sent(r.method(), path, q, body, r.headers());
        sent.add(s);
        return s;
    }

    static void sortPairs(List<List<String>> q) {
        q.sort((a, b) -> {
            int c = a.get(0).compareTo(b.get(0));
            return c != 0 ? c : a.get(1).compareTo(b.get(1));
        });
    }

    private synchronized byte[] answer(Sent s) {
        String key = s.method() + " " + s.path() + " " + s.query();
        for (int i = 0; i < unused.size(); i++) {
            Exchange e = unused.get(i);
            if (e.key().equals(key)) {
                unused.remove(i);
                if (e.response().length == 0 && e.path().endsWith("/wait")) {
                    // the fake daemon was still waiting when docker went away: answer as it would have
                    return ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "1e\r\n{\"Error\":null,\"StatusCode\":0}\n\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
                }
                return e.response();
            }
        }
        return ("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 29\r\n\r\n"
                + "{\"message\":\"page not found\"}\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Parses a raw HTTP response: status, headers, body by Content-Length, chunks, or to the end. */
    static HttpResponse parse(byte[] raw, String method) {
        int headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        String head = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.putIfAbsent(lines[i].substring(0, c).strip(), lines[i].substring(c + 1).strip());
        }
        byte[] rest = java.util.Arrays.copyOfRange(raw, headEnd + 4, raw.length);
        byte[] body;
        if (method.equals("HEAD") || status == 204 || status == 304) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("Transfer-Encoding"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int p = 0;
            while (p < rest.length) {
                int eol = indexOf(rest, p, "\r\n".getBytes(StandardCharsets.ISO_8859_1));
                if (eol < 0) break;
                int size = Integer.parseInt(new String(rest, p, eol - p, StandardCharsets.ISO_8859_1).strip(), 16);
                if (size == 0) break;
                out.write(rest, eol + 2, Math.min(size, rest.length - eol - 2));
                p = eol + 2 + size + 2;
            }
            body = out.toByteArray();
        } else if (headers.containsKey("Content-Length")) {
            body = java.util.Arrays.copyOf(rest, Math.min(rest.length, Integer.parseInt(headers.get("Content-Length"))));
        } else {
            body = rest;
        }
        InputStream in = new ByteArrayInputStream(body);
        return new HttpResponse() {
            @Override
            public int status() {
                return status;
            }

            @Override
            public String header(String name) {
                return headers.get(name);
            }

            @Override
            public InputStream body() {
                return in;
            }

            @Override
            public void close() {
            }
        };
    }

    private static int indexOf(byte[] a, byte[] b) {
        return indexOf(a, 0, b);
    }

    private static int indexOf(byte[] a, int from, byte[] b) {
        outer:
        for (int i = from; i <= a.length - b.length; i++) {
            for (int j = 0; j < b.length; j++) if (a[i + j] != b[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
    }

    /** A hijacked connection: what the client writes is kept; the output comes once it half-closes. */
    public final class ReplayHijack implements Hijack {
        private final int status;
        private final byte[] output;
        private final CountDownLatch writeClosed = new CountDownLatch(1);
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private volatile boolean closed;

        private final String container;

        ReplayHijack(int status, byte[] output, String container) {
            this.status = status;
            this.output = output;
            this.container = container;
        }

        public byte[] written() {
            return written.toByteArray();
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public InputStream input() {
            return new InputStream() {
                private InputStream data;

                private InputStream data() throws IOException {
                    if (data == null) {
                        boolean started = true;
                        try {
                            writeClosed.await();
                            CountDownLatch start = container == null ? null : starts.get(container);
                            if (start != null) {
                                while (!closed && !start.await(10, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                                    // the daemon sends output once the container runs
                                }
                                started = !closed && Boolean.TRUE.equals(startOk.get(container));
                            }
                        } catch (InterruptedException e) {
                            throw new IOException(e);
                        }
                        data = new ByteArrayInputStream(closed || !started ? new byte[0] : output);
                    }
                    return data;
                }

                @Override
                public int read() throws IOException {
                    return data().read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return data().read(b, off, len);
                }
            };
        }

        @Override
        public OutputStream output() {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    written.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    written.write(b, off, len);
                }

                @Override
                public void close() {
                    closeWrite();
                }
            };
        }

        @Override
        public void closeWrite() {
            writeClosed.countDown();
        }

        @Override
        public void close() {
            closed = true;
            writeClosed.countDown();
        }
    }

    /** Reads a {@code .req} file: one JSON array per line, [method, path, query pairs, text body, body64, response64]. */
    public static List<Exchange> load(InputStream in) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<Exchange> out = new ArrayList<>();
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) continue;
            com.fasterxml.jackson.databind.JsonNode n = json.readTree(line);
            List<List<String>> q = new ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode p : n.get(2)) q.add(List.of(p.get(0).asText(), p.get(1).asText()));
            sortPairs(q);
            out.add(new Exchange(n.get(0).asText(), n.get(1).asText(), q, Base64.getDecoder().decode(n.get(4).asText()),
                    Base64.getDecoder().decode(n.get(5).asText())));
        }
        return out;
    }

    /** Decodes {@code a=1&b=2} for tests. */
    static Map<String, String> queryOf(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            m.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }
}

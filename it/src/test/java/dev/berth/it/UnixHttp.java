package dev.berth.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A tiny HTTP/1.1 client over a unix socket, enough for readiness probes and API table tests
 * ({@code GET /_ping 200 OK}). It does not depend on berth's own client, so the harness works while that is built.
 */
public final class UnixHttp {
    private UnixHttp() {}

    /** A response; header names are lower-case. */
    public record Response(int status, String reason, Map<String, List<String>> headers, byte[] body) {
        public Response {
            headers = Map.copyOf(headers);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.getFirst();
        }
    }

    /** True when {@code GET /_ping} answers 200 with body {@code OK} within two seconds. */
    public static boolean ping(Path socket) {
        try {
            Response r = request(socket, "GET", "/_ping", null, Duration.ofSeconds(2));
            return r.status() == 200 && r.bodyText().strip().equals("OK");
        } catch (IOException e) {
            return false;
        }
    }

    public static Response get(Path socket, String path) throws IOException {
        return request(socket, "GET", path, null, Duration.ofSeconds(30));
    }

    /** One request on a fresh connection ({@code Connection: close}); a JSON body if {@code body} is not null. */
    public static Response request(Path socket, String method, String path, String body, Duration timeout)
            throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        FutureTask<Response> task = new FutureTask<>(() -> exchange(ch, socket, method, path, body));
        Thread.ofVirtual().name("unix-http " + method + " " + path).start(task);
        try {
            return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException(method + " " + path + " on " + socket + ": no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(method + " " + path + " on " + socket + ": " + e.getCause(), e.getCause());
        } finally {
            ch.close();
        }
    }

    private static Response exchange(SocketChannel ch, Path socket, String method, String path, String body)
            throws IOException {
        ch.connect(UnixDomainSocketAddress.of(socket));
        byte[] bodyBytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\n")
                .append("User-Agent: berth-it\r\n")
                .append("Connection: close\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\n");
        }
        if (body != null || !method.equals("GET") && !method.equals("HEAD")) {
            head.append("Content-Length: ").append(bodyBytes.length).append("\r\n");
        }
        head.append("\r\n");
        var out = Channels.newOutputStream(ch);
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(bodyBytes);
        out.flush();
        return read(new BufferedInputStream(Channels.newInputStream(ch)), method.equals("HEAD"));
    }

    /** Parses one HTTP/1.1 response (Content-Length, chunked, or until EOF). Package-private for unit tests. */
    static Response read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(l.substring(colon + 1).strip());
            }
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        headers.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        String reason = parts.length > 2 ? parts[2] : "";
        if (head || status == 204 || status == 304 || status / 100 == 1) {
            return new Response(status, reason, frozen, new byte[0]);
        }
        List<String> te = headers.getOrDefault("transfer-encoding", List.of());
        List<String> cl = headers.getOrDefault("content-length", List.of());
        byte[] body;
        if (te.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line(in);
                int semi = sizeLine.indexOf(';');
                int size = Integer.parseInt((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).strip(), 16);
                if (size == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                buf.write(in.readNBytes(size));
                line(in);
            }
            body = buf.toByteArray();
        } else if (!cl.isEmpty()) {
            int n = Integer.parseInt(cl.getFirst());
            body = in.readNBytes(n);
            if (body.length != n) {
                throw new EOFException("body cut short: " + body.length + " of " + n + " bytes");
            }
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, reason, frozen, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            b.write(c);
            if (b.size() > 65536) {
                throw new IOException("header line too long");
            }
        }
        if (c < 0 && b.size() == 0) {
            throw new EOFException("connection closed before a complete response");
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}

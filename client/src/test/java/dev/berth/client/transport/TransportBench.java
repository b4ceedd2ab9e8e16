package dev.berth.client.transport;

import dev.berth.http.HttpServer;
import dev.berth.http.ListenAddress;
import dev.berth.http.Router;
import dev.berth.http.ServerOptions;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Not a test: measures the server and the transport over a unix socket. Run it with the test classpath and a
 * small heap to show uploads are not buffered, e.g. {@code java -Xmx128m -cp ... dev.berth.client.transport.TransportBench}.
 */
public final class TransportBench {

    private static final long GIB = 1L << 30;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("berth-bench");
        Path socket = dir.resolve("b.sock");
        byte[] block = new byte[256 * 1024];
        Router router = new Router()
                .get("/_ping", (req, res) -> res.send(200, "text/plain; charset=utf-8", "OK".getBytes(StandardCharsets.UTF_8)))
                .post("/images/load", (req, res) -> {
                    long total = 0;
                    byte[] buf = new byte[256 * 1024];
                    InputStream in = req.body();
                    for (int n; (n = in.read(buf)) >= 0; ) total += n;
                    res.send(200, "text/plain", Long.toString(total).getBytes(StandardCharsets.UTF_8));
                })
                .get("/images/get", (req, res) -> {
                    try (OutputStream out = res.stream(200, "application/x-tar")) {
                        for (long sent = 0; sent < GIB; sent += block.length) out.write(block);
                    }
                });
        HttpServer server = HttpServer.start(router, ServerOptions.listen(new ListenAddress.Unix(socket))
                .withDefaultHeaders(Map.of("Api-Version", "1.41", "Docker-Experimental", "false", "Ostype", "linux")));
        try (Transport transport = Transports.connect("unix://" + socket)) {
            for (int round = 0; round < 2; round++) { // the first round warms up
                String tag = round == 0 ? "warm-up " : "";
                rawPing(socket, round == 0 ? 20_000 : 100_000, tag);
                transportPing(transport, round == 0 ? 20_000 : 100_000, tag);
            }
            upload(transport, false);
            upload(transport, true);
            download(transport);
        } finally {
            server.stop();
            Files.deleteIfExists(dir);
        }
        System.out.printf("max heap %d MB, peak heap used %d MB%n", Runtime.getRuntime().maxMemory() >> 20, peakHeapMb());
    }

    private static void rawPing(Path socket, int n, String tag) throws Exception {
        byte[] request = "GET /_ping HTTP/1.1\r\nHost: api.moby.localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteBuffer in = ByteBuffer.allocate(4096);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ch.write(ByteBuffer.wrap(request));
                in.clear();
                // The whole response (about 200 bytes) ends with "OK".
                while (in.position() < 2 || in.get(in.position() - 2) != 'O' || in.get(in.position() - 1) != 'K') ch.read(in);
            }
            report(tag + "GET /_ping, raw socket, 1 keep-alive connection", n, System.nanoTime() - start);
        }
    }

    private static void transportPing(Transport transport, int n, String tag) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            try (HttpResponse r = transport.send(HttpRequest.of("GET", "/_ping"))) {
                r.readAll();
            }
        }
        report(tag + "GET /_ping, Transport (pooled keep-alive)", n, System.nanoTime() - start);
    }

    private static void report(String what, int n, long nanos) {
        System.out.printf("%-55s %8.0f req/s  (%.1f us/req)%n", what, n / (nanos / 1e9), nanos / 1e3 / n);
    }

    private static void upload(Transport transport, boolean chunked) throws Exception {
        InputStream body = new InputStream() {
            long left = GIB;
            public int read() { return left-- > 0 ? 0 : -1; }
            public int read(byte[] b, int off, int len) {
                if (left == 0) return -1;
                int n = (int) Math.min(len, left);
                left -= n;
                return n;
            }
        };
        Map<String, String> headers = chunked ? Map.of() : Map.of("Content-Length", Long.toString(GIB));
        long start = System.nanoTime();
        try (HttpResponse r = transport.send(new HttpRequest("POST", "/images/load", null, headers, null, body))) {
            String got = new String(r.readAll(), StandardCharsets.UTF_8);
            if (!got.equals(Long.toString(GIB))) throw new AssertionError(got);
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-55s %8.0f MB/s%n", "1 GiB upload, " + (chunked ? "chunked" : "Content-Length"), 1024 / s);
    }

    private static void download(Transport transport) throws Exception {
        long start = System.nanoTime();
        long total = 0;
        try (HttpResponse r = transport.send(HttpRequest.of("GET", "/images/get"))) {
            byte[] buf = new byte[256 * 1024];
            InputStream in = r.body();
            for (int n; (n = in.read(buf)) >= 0; ) total += n;
        }
        if (total != GIB) throw new AssertionError(total);
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-55s %8.0f MB/s%n", "1 GiB chunked download (stream)", 1024 / s);
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        return peak >> 20;
    }
}

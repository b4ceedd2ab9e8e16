package dev.berth.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 100 MB upload is streamed, not buffered: while the handler does not read, the client can only get a few
 * MB (socket buffers plus the server's 1 MB window) onto the connection before its writes stall.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UploadBackpressureTest {

    static final long SIZE = 100L << 20;
    /** Kernel socket buffers on both sides plus the server's window; far below 100 MB. */
    static final long STALL_BOUND = 24L << 20;

    @TempDir
    Path dir;
    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) server.stop();
    }

    @ParameterizedTest(name = "chunked={0}")
    @ValueSource(booleans = {false, true})
    void hundredMegabyteUploadIsStreamedWithBackpressure(boolean chunked) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Router router = new Router().post("/images/load", (req, res) -> {
            assertTrue(release.await(30, TimeUnit.SECONDS));
            CRC32 crc = new CRC32();
            long total = 0;
            byte[] buf = new byte[64 * 1024];
            InputStream in = req.body();
            for (int n; (n = in.read(buf)) >= 0; ) {
                crc.update(buf, 0, n);
                total += n;
            }
            res.send(200, "text/plain", (total + " " + Long.toHexString(crc.getValue())).getBytes(StandardCharsets.UTF_8));
        });
        Path socket = dir.resolve("s.sock");
        server = HttpServer.start(router, ServerOptions.listen(new ListenAddress.Unix(socket)));

        byte[] block = new byte[64 * 1024];
        for (int i = 0; i < block.length; i++) block[i] = (byte) (i * 31 + 7);
        CRC32 expected = new CRC32();
        for (long i = 0; i < SIZE / block.length; i++) expected.update(block);

        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket)); Selector selector = Selector.open()) {
            String head = "POST /v1.41/images/load?quiet=1 HTTP/1.1\r\nContent-Type: application/x-tar\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + SIZE + "\r\n") + "\r\n";
            writeFully(ch, ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            ch.configureBlocking(false);
            SelectionKey key = ch.register(selector, SelectionKey.OP_WRITE);

            long sent = 0;
            ByteBuffer pending = null;
            // Phase 1: write until the connection stops accepting bytes (no progress for 500 ms).
            while (sent < SIZE) {
                if (pending == null || !pending.hasRemaining()) pending = frame(block, chunked);
                int n = ch.write(pending);
                if (n > 0) {
                    if (!pending.hasRemaining()) sent += block.length;
                    continue;
                }
                if (selector.select(500) == 0) break; // stalled
                selector.selectedKeys().clear();
            }
            assertTrue(sent < STALL_BOUND, "client wrote " + (sent >> 20) + " MB before stalling: body is being buffered");

            // Phase 2: let the handler read; the rest streams through.
            release.countDown();
            key.cancel();
            selector.selectNow();
            ch.configureBlocking(true);
            writeFully(ch, pending); // the frame that stalled
            sent += block.length;
            while (sent < SIZE) {
                writeFully(ch, frame(block, chunked));
                sent += block.length;
            }
            if (chunked) writeFully(ch, ByteBuffer.wrap("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));

            ByteBuffer in = ByteBuffer.allocate(4096);
            String response = "";
            while (!response.contains("\r\n\r\n") || !response.endsWith(Long.toHexString(expected.getValue()))) {
                in.clear();
                if (ch.read(in) < 0) break;
                response += new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
            }
            assertTrue(response.endsWith("\r\n\r\n" + SIZE + " " + Long.toHexString(expected.getValue())), response);
        }
    }

    private static ByteBuffer frame(byte[] block, boolean chunked) {
        if (!chunked) return ByteBuffer.wrap(block);
        byte[] size = (Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(size.length + block.length + 2);
        return b.put(size).put(block).put((byte) '\r').put((byte) '\n').flip();
    }

    private static void writeFully(SocketChannel ch, ByteBuffer b) throws java.io.IOException {
        while (b.hasRemaining()) ch.write(b);
    }
}

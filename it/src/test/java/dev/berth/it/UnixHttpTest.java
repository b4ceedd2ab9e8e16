package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixHttpTest {
    private static UnixHttp.Response parse(String raw) throws IOException {
        return UnixHttp.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), false);
    }

    @Test
    void contentLength() throws IOException {
        UnixHttp.Response r = parse("HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 2\r\n\r\nOKextra");
        assertEquals(200, r.status());
        assertEquals("OK", r.bodyText());
        assertEquals("1.41", r.header("API-VERSION"));
    }

    @Test
    void chunked() throws IOException {
        UnixHttp.Response r = parse("HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\n{\"m\r\n5;ext=1\r\n\":1}\n\r\n0\r\n\r\n");
        assertEquals(404, r.status());
        assertEquals("{\"m\":1}\n", r.bodyText());
    }

    @Test
    void untilEof() throws IOException {
        assertEquals("abc", parse("HTTP/1.0 200 OK\n\nabc").bodyText());
    }

    @Test
    void truncatedBodyFails() {
        assertThrows(IOException.class, () -> parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nOK"));
        assertThrows(IOException.class, () -> parse("SSH-2.0-x\r\n"));
    }

    @Test
    void pingOverARealSocket(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("s.sock");
        assertFalse(UnixHttp.ping(sock), "nothing listens yet");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            Thread t = Thread.ofVirtual().start(() -> {
                try (SocketChannel c = server.accept()) {
                    ByteBuffer buf = ByteBuffer.allocate(4096);
                    StringBuilder req = new StringBuilder();
                    while (!req.toString().contains("\r\n\r\n") && c.read(buf) > 0) {
                        buf.flip();
                        req.append(StandardCharsets.ISO_8859_1.decode(buf));
                        buf.clear();
                    }
                    assertTrue(req.toString().startsWith("GET /_ping HTTP/1.1\r\n"), req.toString());
                    c.write(ByteBuffer.wrap("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK".getBytes(StandardCharsets.ISO_8859_1)));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertTrue(UnixHttp.ping(sock));
            t.join();
        }
    }

    @Test
    void timesOutOnASilentServer(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("silent.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            IOException e = assertThrows(IOException.class,
                    () -> UnixHttp.request(sock, "GET", "/_ping", null, Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains("no answer within 300 ms"), e.getMessage());
        }
    }
}

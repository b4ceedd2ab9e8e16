package dev.berth.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A test client speaking bytes over a JDK socket channel, so tests can assert the exact wire. */
final class RawClient implements AutoCloseable {

    private final SocketChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).flip();

    private RawClient(SocketAddress address) throws IOException {
        this.channel = SocketChannel.open(address);
    }

    static RawClient connect(ListenAddress address) throws IOException {
        return switch (address) {
            case ListenAddress.Unix u -> new RawClient(UnixDomainSocketAddress.of(u.path()));
            case ListenAddress.Tcp t -> new RawClient(new InetSocketAddress(t.host(), t.port()));
        };
    }

    static RawClient unix(Path path) throws IOException {
        return new RawClient(UnixDomainSocketAddress.of(path));
    }

    RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawClient send(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) channel.write(b);
        return this;
    }

    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** Reads up to and including the blank line after the headers. */
    String readHead() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = readByte();
            if (c < 0) throw new EOFException("EOF in response head after: " + out.toString(StandardCharsets.ISO_8859_1));
            out.write(c);
            matched = (c == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    byte[] readExactly(int n) throws IOException {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            int c = readByte();
            if (c < 0) throw new EOFException("EOF after " + i + " of " + n + " bytes");
            out[i] = (byte) c;
        }
        return out;
    }

    String readString(int n) throws IOException {
        return new String(readExactly(n), StandardCharsets.ISO_8859_1);
    }

    /** Reads one chunk's raw framing, e.g. {@code "5\r\nhello\r\n"}. */
    String readChunk() throws IOException {
        StringBuilder sizeLine = new StringBuilder();
        int c;
        while ((c = readByte()) != '\n') {
            if (c < 0) throw new EOFException("EOF in chunk size");
            sizeLine.append((char) c);
        }
        int size = Integer.parseInt(sizeLine.toString().strip(), 16);
        return sizeLine + "\n" + readString(size + 2);
    }

    /** Reads a whole chunked body, returning the de-chunked bytes. */
    byte[] readChunkedBody() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String chunk = readChunk();
            int nl = chunk.indexOf('\n');
            int size = Integer.parseInt(chunk.substring(0, nl).strip(), 16);
            if (size == 0) return out.toByteArray();
            out.write(chunk.substring(nl + 1, nl + 1 + size).getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    String readToEof() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int c;
        while ((c = readByte()) >= 0) out.write(c);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** A full response with a Content-Length body: head + body. */
    String readResponse() throws IOException {
        String head = readHead();
        int length = contentLength(head);
        return head + (length > 0 ? readString(length) : "");
    }

    static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) return Integer.parseInt(line.substring(15).strip());
        }
        return -1;
    }

    int readByte() throws IOException {
        if (!buffer.hasRemaining()) {
            buffer.clear();
            int n = channel.read(buffer);
            buffer.flip();
            if (n < 0) return -1;
        }
        return buffer.get() & 0xff;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

package dev.berth.client.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One HTTP/1.1 connection on a blocking socket channel: writes request heads and bodies, reads response heads,
 * and exposes the buffered input (which, after a hijack, still holds any bytes that came with the head).
 */
final class Connection implements AutoCloseable {

    static final String HOST = "api.moby.localhost";
    static final String USER_AGENT = "berth-cli/0.1";
    private static final int MAX_HEAD = 64 * 1024;
    private static final int STREAM_CHUNK = 64 * 1024;

    final SocketChannel channel;
    final Input in;
    final OutputStream rawOut;
    private final OutputStream out;
    private boolean reused;

    private Connection(SocketChannel channel) {
        this.channel = channel;
        this.in = new Input(channel);
        this.rawOut = new ChannelOutput(channel);
        this.out = new java.io.BufferedOutputStream(rawOut, 16 * 1024);
    }

    static Connection open(Endpoint endpoint) throws DaemonUnreachableException {
        return new Connection(endpoint.open());
    }

    /** Marks the connection as taken from the pool (a failure on it may just mean the server closed it). */
    void markReused() {
        reused = true;
    }

    boolean reused() {
        return reused;
    }

    /** Writes the request head and body. {@code extra} headers (e.g. Upgrade) come after the caller's. */
    void writeRequest(HttpRequest request, Map<String, String> extra) throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append(request.method()).append(' ').append(target(request)).append(" HTTP/1.1\r\n");
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.headers());
        if (!headers.containsKey("Host")) line(head, "Host", HOST);
        if (!headers.containsKey("User-Agent")) line(head, "User-Agent", USER_AGENT);
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            if (h.getKey().equalsIgnoreCase("Transfer-Encoding")) continue;
            if (h.getKey().equalsIgnoreCase("Content-Length") && request.bodyStream() == null) continue;
            line(head, h.getKey(), h.getValue());
        }
        for (Map.Entry<String, String> h : extra.entrySet()) line(head, h.getKey(), h.getValue()); // no lambda: start-up
        long fixedStreamLength = -1;
        if (request.body() != null) {
            line(head, "Content-Length", Integer.toString(request.body().length));
        } else if (request.bodyStream() != null) {
            String declared = headers.get("Content-Length");
            if (declared == null) line(head, "Transfer-Encoding", "chunked");
            else fixedStreamLength = Long.parseLong(declared.strip());
        } else if (!request.method().equals("GET") && !request.method().equals("HEAD")
                && !request.method().equals("DELETE")) {
            line(head, "Content-Length", "0");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (request.body() != null) {
            out.write(request.body());
        } else if (request.bodyStream() != null) {
            if (fixedStreamLength >= 0) copyFixed(request.bodyStream(), fixedStreamLength);
            else copyChunked(request.bodyStream());
        }
        out.flush();
    }

    private void copyChunked(InputStream body) throws IOException {
        byte[] buf = new byte[STREAM_CHUNK];
        for (int n; (n = body.read(buf)) >= 0; ) {
            if (n == 0) continue;
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(buf, 0, n);
            out.write('\r');
            out.write('\n');
            out.flush(); // what the producer had is on its way, even if it is slow to give more
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private void copyFixed(InputStream body, long length) throws IOException {
        byte[] buf = new byte[STREAM_CHUNK];
        long left = length;
        while (left > 0) {
            int n = body.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) throw new EOFException("request body ended " + left + " bytes before its Content-Length");
            out.write(buf, 0, n);
            left -= n;
        }
    }

    /** Reads a response head, skipping interim 1xx responses other than 101. */
    ResponseHead readHead() throws IOException {
        while (true) {
            String statusLine = in.readLine(MAX_HEAD);
            if (statusLine == null) throw new EOFException("the daemon closed the connection without answering");
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new IOException("malformed HTTP status line: " + statusLine);
            }
            int status;
            try {
                status = Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("malformed HTTP status line: " + statusLine, e);
            }
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            int size = statusLine.length();
            for (String line; !(line = headerLine()).isEmpty(); ) {
                size += line.length();
                if (size > MAX_HEAD) throw new IOException("response head larger than " + MAX_HEAD + " bytes");
                int colon = line.indexOf(':');
                if (colon <= 0) throw new IOException("malformed HTTP header line: " + line);
                String name = line.substring(0, colon).strip();
                List<String> values = headers.get(name); // not computeIfAbsent: a lambda costs start-up time
                if (values == null) headers.put(name, values = new ArrayList<>(1));
                values.add(line.substring(colon + 1).strip());
            }
            if (status >= 100 && status < 200 && status != 101) continue;
            return new ResponseHead(statusLine.startsWith("HTTP/1.1"), status, headers);
        }
    }

    private String headerLine() throws IOException {
        String line = in.readLine(MAX_HEAD);
        if (line == null) throw new EOFException("connection closed in the middle of a response head");
        return line;
    }

    /** True if an idle pooled connection was closed by the server (or has unexpected bytes). */
    boolean isStale() {
        if (!channel.isOpen() || in.buffered() > 0) return true;
        try {
            channel.configureBlocking(false);
            try {
                return channel.read(ByteBuffer.allocate(1)) != 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException e) {
            return true;
        }
    }

    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void close() {
        Endpoint.closeQuietly(channel);
    }

    private static void line(StringBuilder head, String name, String value) {
        if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header " + name + " contains CR or LF");
        }
        head.append(name).append(": ").append(value).append("\r\n");
    }

    /** The request target: the escaped path and the query, keys sorted (as Go's url.Values.Encode does). */
    static String target(HttpRequest request) {
        StringBuilder b = new StringBuilder(escapePath(request.path()));
        char sep = '?';
        for (String key : new TreeMap<>(request.query()).keySet()) {
            for (String value : request.query().get(key)) {
                b.append(sep).append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(Objects.requireNonNullElse(value, ""), StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return b.toString();
    }

    /** Percent-encodes what may not appear in a path; keeps {@code / : @} and the like (image names use them). */
    static String escapePath(String path) {
        if (!path.startsWith("/")) throw new IllegalArgumentException("request path must start with '/': " + path);
        StringBuilder b = new StringBuilder(path.length());
        for (byte x : path.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    /** Buffered reads from the channel, with line reading for heads. */
    static final class Input extends InputStream {
        private final SocketChannel channel;
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int limit;

        Input(SocketChannel channel) {
            this.channel = channel;
        }

        int buffered() {
            return limit - pos;
        }

        private boolean fill() throws IOException {
            pos = 0;
            limit = 0;
            int n = channel.read(ByteBuffer.wrap(buf));
            if (n <= 0) return false;
            limit = n;
            return true;
        }

        @Override
        public int read() throws IOException {
            if (pos == limit && !fill()) return -1;
            return buf[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) return 0;
            if (pos == limit) {
                if (len >= buf.length) return channel.read(ByteBuffer.wrap(b, off, len)); // large reads skip the copy
                if (!fill()) return -1;
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return buffered();
        }

        /** A line without its CRLF (or LF); null at EOF before any byte. */
        String readLine(int max) throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                int c = read();
                if (c < 0) {
                    if (line.isEmpty()) return null;
                    throw new EOFException("connection closed in the middle of a response head");
                }
                if (c == '\n') {
                    int len = line.length();
                    if (len > 0 && line.charAt(len - 1) == '\r') line.setLength(len - 1);
                    return line.toString();
                }
                if (line.length() >= max) throw new IOException("response head line longer than " + max + " bytes");
                line.append((char) c);
            }
        }

        @Override
        public void close() {
            Endpoint.closeQuietly(channel);
        }
    }

    /** Writes straight to the channel. */
    static final class ChannelOutput extends OutputStream {
        private final SocketChannel channel;

        ChannelOutput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            while (buffer.hasRemaining()) channel.write(buffer);
        }

        @Override
        public void close() {
            Endpoint.closeQuietly(channel);
        }
    }
}

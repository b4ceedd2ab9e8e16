package dev.berth.client.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** Response body framings over a connection's input: fixed length, chunked (de-chunked), or until close. */
final class Bodies {

    private Bodies() {}

    /** A body stream that knows whether it was read to its end (so the connection can be reused). */
    abstract static class Body extends InputStream {
        protected final InputStream in;
        protected boolean eof;

        Body(InputStream in) {
            this.in = in;
        }

        final boolean atEnd() {
            return eof;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    static Body empty(InputStream in) {
        Body b = new Fixed(in, 0);
        b.eof = true;
        return b;
    }

    static final class Fixed extends Body {
        private long left;

        Fixed(InputStream in, long length) {
            super(in);
            this.left = length;
            this.eof = length == 0;
        }

        long remaining() {
            return left;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (left == 0) {
                eof = true;
                return -1;
            }
            if (len == 0) return 0;
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) throw new EOFException("connection closed with " + left + " body bytes missing");
            left -= n;
            if (left == 0) eof = true;
            return n;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(left, in.available());
        }
    }

    static final class Chunked extends Body {
        private final Connection.Input input;
        private long chunkLeft;

        Chunked(Connection.Input in) {
            super(in);
            this.input = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (eof) return -1;
            if (len == 0) return 0;
            if (chunkLeft == 0) {
                chunkLeft = nextChunkSize();
                if (chunkLeft == 0) {
                    // Trailers, then the blank line.
                    while (!line().isEmpty()) { }
                    eof = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) throw new EOFException("connection closed inside a chunk");
            chunkLeft -= n;
            if (chunkLeft == 0 && !line().isEmpty()) throw new IOException("malformed chunk: no CRLF after data");
            return n;
        }

        private long nextChunkSize() throws IOException {
            String line = line();
            int semi = line.indexOf(';');
            String hex = (semi < 0 ? line : line.substring(0, semi)).strip();
            try {
                long size = Long.parseLong(hex, 16);
                if (size < 0) throw new NumberFormatException();
                return size;
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size: " + line);
            }
        }

        private String line() throws IOException {
            String line = input.readLine(8192);
            if (line == null) throw new EOFException("connection closed inside a chunked body");
            return line;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(chunkLeft, in.available());
        }
    }

    static final class UntilClose extends Body {
        UntilClose(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (eof) return -1;
            int n = in.read(b, off, len);
            if (n < 0) eof = true;
            return n;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }
    }

    /** Chooses the framing for a response to {@code method}. */
    static Body of(ResponseHead head, String method, Connection.Input in) {
        int s = head.status();
        if (method.equals("HEAD") || s == 204 || s == 304 || (s >= 100 && s < 200)) return empty(in);
        if (head.chunked()) return new Chunked(in);
        long length = head.contentLength();
        if (length >= 0) return new Fixed(in, length);
        return new UntilClose(in);
    }
}

package dev.berth.http.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A response body of a length announced in {@code Content-Length}: writes are buffered and sent as they come,
 * without framing. Writing past the length fails; closing before it leaves the response incomplete, so the
 * connection is not reused (the client sees it end early). For HEAD the bytes are dropped.
 */
final class FixedLengthBodyStream extends OutputStream {

    private static final int BUFFER = 64 * 1024;

    private final ChannelWriter writer;
    private final ByteBufAllocator alloc;
    private final boolean discard;
    private final long length;
    private final byte[] buf = new byte[BUFFER];
    private int count;
    private long written;
    private boolean closed;
    private boolean completed;

    FixedLengthBodyStream(ChannelWriter writer, ByteBufAllocator alloc, boolean discard, long length) {
        this.writer = writer;
        this.alloc = alloc;
        this.discard = discard;
        this.length = length;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) throw new IOException("response stream closed");
        if (discard || len == 0) return;
        if (written + len > length) {
            throw new IOException("response body longer than its Content-Length of " + length + " bytes");
        }
        written += len;
        if (len > BUFFER - count) {
            flushBuffer();
            if (len >= BUFFER) {
                writer.write(alloc.buffer(len).writeBytes(b, off, len));
                return;
            }
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    @Override
    public synchronized void flush() throws IOException {
        if (closed) throw new IOException("response stream closed");
        flushBuffer();
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) return;
        closed = true;
        flushBuffer();
        completed = discard || written == length;
    }

    /** True once the whole announced body was handed to the connection. */
    synchronized boolean completed() {
        return completed;
    }

    private void flushBuffer() throws IOException {
        if (count > 0) {
            ByteBuf out = alloc.buffer(count).writeBytes(buf, 0, count);
            count = 0;
            writer.write(out);
        }
    }
}

package dev.berth.http.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A chunked response body: buffers writes and sends them as one chunk per {@link #flush()} (or whenever the
 * buffer fills); {@link #close()} sends the rest and the terminating {@code 0} chunk. For HEAD the bytes are
 * dropped.
 */
final class ChunkedBodyStream extends OutputStream {

    private static final int CHUNK = 64 * 1024;

    private final ChannelWriter writer;
    private final ByteBufAllocator alloc;
    private final boolean discard;
    private final byte[] buf = new byte[CHUNK];
    private int count;
    private boolean closed;
    private boolean completed;

    ChunkedBodyStream(ChannelWriter writer, ByteBufAllocator alloc, boolean discard) {
        this.writer = writer;
        this.alloc = alloc;
        this.discard = discard;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        ensureOpen();
        if (discard) return;
        if (count == CHUNK) flushBuffer();
        buf[count++] = (byte) b;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        if (discard || len == 0) return;
        if (len > CHUNK - count) {
            flushBuffer();
            if (len >= CHUNK) {
                sendChunk(b, off, len, false);
                return;
            }
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    /** Sends what was written since the last flush as one chunk. */
    @Override
    public synchronized void flush() throws IOException {
        ensureOpen();
        if (!discard) flushBuffer();
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) return;
        closed = true;
        if (!discard) {
            if (count > 0) {
                sendChunk(buf, 0, count, true);
                count = 0;
            } else {
                writer.write(alloc.buffer(Wire.LAST_CHUNK.length).writeBytes(Wire.LAST_CHUNK));
            }
        }
        completed = true;
    }

    /** True once the terminating chunk was handed to the connection. */
    synchronized boolean completed() {
        return completed;
    }

    private void flushBuffer() throws IOException {
        if (count > 0) {
            sendChunk(buf, 0, count, false);
            count = 0;
        }
    }

    private void sendChunk(byte[] b, int off, int len, boolean last) throws IOException {
        byte[] size = Wire.chunkSize(len);
        ByteBuf out = alloc.buffer(size.length + len + 2 + (last ? Wire.LAST_CHUNK.length : 0));
        out.writeBytes(size).writeBytes(b, off, len).writeBytes(Wire.CRLF);
        if (last) out.writeBytes(Wire.LAST_CHUNK);
        writer.write(out);
    }

    private void ensureOpen() throws IOException {
        if (closed) throw new IOException("response stream closed");
    }
}

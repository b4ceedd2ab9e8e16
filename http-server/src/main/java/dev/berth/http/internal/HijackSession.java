package dev.berth.http.internal;

import dev.berth.http.Hijacked;
import io.netty.buffer.ByteBufAllocator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/** A connection taken over for raw bytes: input fed by the connection, output written straight through. */
final class HijackSession implements Hijacked {

    private final boolean upgraded;
    private final InboundStream input;
    private final OutputStream output;
    private final HttpConnection connection;
    private final AtomicBoolean closed = new AtomicBoolean();

    HijackSession(boolean upgraded, InboundStream input, ChannelWriter writer, ByteBufAllocator alloc,
                  HttpConnection connection) {
        this.upgraded = upgraded;
        this.input = input;
        this.output = new RawOutput(writer, alloc);
        this.connection = connection;
    }

    @Override
    public boolean upgraded() {
        return upgraded;
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            input.close();
            connection.closeGracefully();
        }
    }

    /** Every write goes out at once; closing it ends the session. */
    private final class RawOutput extends OutputStream {
        private final ChannelWriter writer;
        private final ByteBufAllocator alloc;

        RawOutput(ChannelWriter writer, ByteBufAllocator alloc) {
            this.writer = writer;
            this.alloc = alloc;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (closed.get()) throw new IOException("hijacked connection closed");
            if (len > 0) writer.write(alloc.buffer(len).writeBytes(b, off, len));
        }

        @Override
        public void close() {
            HijackSession.this.close();
        }
    }
}

package dev.berth.http.internal;

import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bytes arriving on the event loop (a request body or a hijacked stream), read by a handler's virtual thread.
 * Bounded: the connection reads from the socket only while {@link #buffered()} is below its high-water mark, and
 * the reader asks for more through {@code demand} as it drains, so a multi-GB upload never sits in memory.
 */
final class InboundStream extends InputStream {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private final Runnable demand;
    private final long lowWater;
    private long buffered;
    private boolean ended;
    private boolean closed;
    private IOException failure;

    /**
     * @param demand   called by the reader (any thread) when it runs low; must not block
     * @param lowWater ask for more when fewer bytes than this are buffered
     */
    InboundStream(Runnable demand, long lowWater) {
        this.demand = demand;
        this.lowWater = lowWater;
    }

    // ---- producer side (event loop) ----

    /** Takes ownership of {@code buf}. */
    void offer(ByteBuf buf) {
        lock.lock();
        try {
            if (closed || ended || failure != null || !buf.isReadable()) {
                buf.release();
                return;
            }
            queue.add(buf);
            buffered += buf.readableBytes();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** No more bytes will come: the reader sees EOF after the buffered ones. */
    void end() {
        lock.lock();
        try {
            if (failure == null) ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The stream broke: the reader gets {@code error} after the buffered bytes. Ignored once ended. */
    void fail(IOException error) {
        lock.lock();
        try {
            if (!ended && failure == null) failure = error;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** True once {@link #end()} or {@link #fail} was called: no more bytes are wanted from the socket. */
    boolean isFinished() {
        lock.lock();
        try {
            return ended || failure != null;
        } finally {
            lock.unlock();
        }
    }

    long buffered() {
        lock.lock();
        try {
            return buffered;
        } finally {
            lock.unlock();
        }
    }

    // ---- consumer side ----

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        int n;
        boolean low;
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (closed) throw new IOException("stream closed");
                if (ended) return -1;
                if (failure != null) throw new IOException(failure.getMessage(), failure);
                demand.run();
                changed.await();
            }
            // as much as is queued and fits: a body that arrives in small segments is read in few calls
            n = 0;
            ByteBuf head;
            while (n < len && (head = queue.peek()) != null) {
                int k = Math.min(len - n, head.readableBytes());
                head.readBytes(b, off + n, k);
                if (!head.isReadable()) queue.poll().release();
                n += k;
            }
            buffered -= n;
            low = buffered < lowWater && !ended && failure == null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading from the client");
        } finally {
            lock.unlock();
        }
        if (low) demand.run();
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, buffered());
    }

    /**
     * Discards everything up to the end of the stream, waiting for it to arrive (used before a hijack).
     *
     * @throws IOException if more than {@code limit} bytes remain, or the stream broke
     */
    void skipToEnd(long limit) throws IOException {
        long skipped = 0;
        lock.lock();
        try {
            while (true) {
                skipped += buffered;
                releaseAll();
                if (skipped > limit) throw new IOException("more than " + limit + " unread request body bytes");
                if (ended) return;
                if (failure != null) throw new IOException(failure.getMessage(), failure);
                demand.run();
                changed.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while discarding the request body");
        } finally {
            lock.unlock();
        }
    }

    /** Discards buffered and future bytes. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            releaseAll();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        demand.run();
    }

    /** Frees the buffers when the connection is gone. */
    void dispose(IOException error) {
        lock.lock();
        try {
            if (!ended && failure == null) failure = error;
            releaseAll();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void releaseAll() {
        ByteBuf buf;
        while ((buf = queue.poll()) != null) buf.release();
        buffered = 0;
    }
}

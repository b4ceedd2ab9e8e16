package dev.berth.http.internal;

import dev.berth.http.ClientClosedException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.ssl.SslHandler;
import java.nio.channels.FileChannel;
import io.netty.util.concurrent.Future;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Blocking, flushed writes from a handler's virtual thread. Each write is flushed at once; the caller waits
 * while the channel's outbound buffer is above its high-water mark, and gets a {@link ClientClosedException}
 * once the connection is gone.
 */
final class ChannelWriter {

    private final Channel channel;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writable = lock.newCondition();
    private volatile Throwable failure;

    ChannelWriter(Channel channel) {
        this.channel = channel;
    }

    /** Writes and flushes {@code buf} (taking ownership), then waits until the channel is writable again. */
    void write(ByteBuf buf) throws IOException {
        if (failure != null || !channel.isActive()) {
            buf.release();
            throw gone();
        }
        channel.writeAndFlush(buf).addListener(this::written);
        awaitWritable();
    }

    /** Whether {@link #sendFile} can hand the bytes to the kernel: not through TLS, which must encrypt them. */
    boolean canSendFile() {
        return channel.pipeline().get(SslHandler.class) == null && channel.pipeline().get(TlsOrPlainHttp.class) == null;
    }

    /**
     * Sends part of a file with sendfile(2) and waits until it is sent. Takes ownership of {@code file} (closed when
     * sent or failed).
     */
    void sendFile(FileChannel file, long offset, long length) throws IOException {
        if (failure != null || !channel.isActive()) {
            file.close();
            throw gone();
        }
        Future<Void> sent = channel.writeAndFlush(new DefaultFileRegion(file, offset, length));
        try {
            sent.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sending a file to the client");
        }
        if (!sent.isSuccess()) {
            failure = sent.cause();
            throw gone();
        }
    }

    private void written(Future<? super Void> future) {
        if (!future.isSuccess()) {
            failure = future.cause();
            wake();
        }
    }

    private void awaitWritable() throws IOException {
        if (!channel.isWritable()) {
            lock.lock();
            try {
                while (!channel.isWritable() && channel.isActive() && failure == null) writable.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while writing to the client");
            } finally {
                lock.unlock();
            }
        }
        if (failure != null || !channel.isActive()) throw gone();
    }

    /** Called on the event loop when writability changes or the channel closes. */
    void wake() {
        lock.lock();
        try {
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private ClientClosedException gone() {
        return new ClientClosedException("the client closed the connection", failure);
    }
}

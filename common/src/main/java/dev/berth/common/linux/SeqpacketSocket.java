package dev.berth.common.linux;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A connected unix {@code SOCK_SEQPACKET} socket: reliable, ordered, and message-framed (each
 * {@link #send} arrives as one {@link #receive}). The JDK's channels support only stream and
 * datagram unix sockets; conmon's attach socket is a seqpacket one, hence this class.
 *
 * <p><b>Threads.</b> {@link #receive} and {@link #send} block in native code, which pins a virtual
 * thread's carrier: call them from platform threads. One thread may receive while another sends.
 * {@link #close} may be called from any thread at any time: it shuts the socket down first, which
 * wakes a blocked {@code receive} (it then returns -1), and releases the descriptor only once no
 * call is using it, so a descriptor number is never reused under a running call.
 */
public final class SeqpacketSocket implements Closeable {
    private final int fd;
    private final String name;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantReadWriteLock inUse = new ReentrantReadWriteLock();

    private SeqpacketSocket(int fd, String name) {
        this.fd = fd;
        this.name = name;
    }

    /**
     * Connects to the socket file at {@code path}. Paths longer than a socket address allows are
     * reached through their directory (see {@link Libc#connectUnix}).
     *
     * @throws ErrnoException e.g. {@code ENOENT} if there is no socket there, {@code ECONNREFUSED} if nobody listens
     */
    public static SeqpacketSocket connect(Path path) throws IOException {
        int fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_SEQPACKET | Libc.SOCK_CLOEXEC, 0);
        try {
            Libc.connectUnix(fd, path);
        } catch (IOException | RuntimeException e) {
            try { Libc.close(fd); } catch (IOException suppressed) { e.addSuppressed(suppressed); }
            throw e;
        }
        return new SeqpacketSocket(fd, path.toString());
    }

    /**
     * Receives the next message into {@code buffer} and returns its length, or -1 at end of stream
     * (the peer closed or shut down its side, or this socket was closed). A message longer than the
     * buffer is an error, never silently cut.
     */
    public int receive(byte[] buffer) throws IOException {
        var lock = inUse.readLock();
        lock.lock();
        try {
            if (closed.get()) return -1;
            int n = Libc.recv(fd, buffer, 0, buffer.length, Libc.MSG_TRUNC);
            if (n == 0) return -1;
            if (n > buffer.length) {
                throw new IOException("a message of " + n + " bytes on " + name + " does not fit a "
                        + buffer.length + "-byte buffer");
            }
            return n;
        } catch (ErrnoException e) {
            if (closed.get() || e.errno() == Libc.ECONNRESET) return -1;
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** Sends {@code length} bytes as one message. Fails with {@code EPIPE} once the peer is gone. */
    public void send(byte[] data, int offset, int length) throws IOException {
        var lock = inUse.readLock();
        lock.lock();
        try {
            if (closed.get()) throw new IOException("socket " + name + " is closed");
            int sent = Libc.send(fd, data, offset, length, Libc.MSG_NOSIGNAL);
            if (sent != length) throw new IOException("sent " + sent + " of " + length + " bytes as one message on " + name);
        } finally {
            lock.unlock();
        }
    }

    /** Shuts down the sending side: the peer reads end of stream, while this side can still receive. */
    public void shutdownOutput() throws IOException {
        var lock = inUse.readLock();
        lock.lock();
        try {
            if (!closed.get()) Libc.shutdown(fd, Libc.SHUT_WR);
        } finally {
            lock.unlock();
        }
    }

    /** Shuts the socket down (waking a blocked receive) and releases its descriptor. Idempotent. */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) return;
        try {
            Libc.shutdown(fd, Libc.SHUT_RDWR);
        } catch (ErrnoException e) {
            // ENOTCONN when the peer is long gone: closing still has to happen
        }
        var lock = inUse.writeLock();
        lock.lock();
        try {
            Libc.close(fd);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "SeqpacketSocket[" + name + "]";
    }
}

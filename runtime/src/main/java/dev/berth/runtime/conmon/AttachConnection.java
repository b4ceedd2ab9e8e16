package dev.berth.runtime.conmon;

import dev.berth.common.linux.SeqpacketSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A connection to conmon's attach socket: the container's live stdio.
 *
 * <p><b>Protocol</b> (conmon 2.1.6, {@code conn_sock.c}, {@code ctr_stdio.c}). The socket is a
 * unix {@code SOCK_SEQPACKET} socket at {@code <bundle>/attach} (with {@code --full-attach}).
 * Every message conmon sends is one chunk of output: a first byte naming the pipe ({@code 2}
 * stdout, {@code 3} stderr; a terminal's output is all stdout) and up to 8192 bytes of data. Every
 * message sent to it is written to the container's stdin as is (conmon receives up to 32767 bytes
 * per message; this class sends at most {@link #MAX_STDIN_MESSAGE}). Output produced before a
 * connection is made is not replayed (it is in the log); connect before {@code start} to see all.
 *
 * <p><b>Closing stdin.</b> When a connection ends its sending side ({@link #closeStdin()}, a
 * {@code shutdown(SHUT_WR)}), conmon sees end of stream and closes the container's stdin, unless it
 * runs with {@code --leave-stdin-open}; the connection keeps receiving output. When the container
 * exits, conmon closes every connection: {@link #read()} then returns empty.
 *
 * <p><b>Threads.</b> Reads and writes block in native code: call them from platform threads (the
 * {@code pump*} methods start their own).
 */
public final class AttachConnection implements AutoCloseable {
    /** The largest stdin chunk sent as one message. */
    public static final int MAX_STDIN_MESSAGE = 8192;
    private static final int RECEIVE_BUFFER = 32 * 1024;

    private final SeqpacketSocket socket;
    private final byte[] buffer = new byte[RECEIVE_BUFFER];

    private AttachConnection(SeqpacketSocket socket) {
        this.socket = socket;
    }

    /** Connects to an attach socket (long paths are fine). */
    public static AttachConnection connect(Path socket) throws IOException {
        return new AttachConnection(SeqpacketSocket.connect(socket));
    }

    /** The next chunk of output, or empty once conmon closed the connection (the container exited) or it was closed here. */
    public synchronized Optional<AttachFrame> read() throws IOException {
        while (true) {
            int n = socket.receive(buffer);
            if (n < 0) return Optional.empty();
            if (n == 0) continue; // an empty message carries no pipe id: nothing to deliver
            return Optional.of(new AttachFrame(AttachStream.of(buffer[0]), Arrays.copyOfRange(buffer, 1, n)));
        }
    }

    /** Writes to the container's stdin (in chunks of at most {@link #MAX_STDIN_MESSAGE}). */
    public void writeStdin(byte[] data, int offset, int length) throws IOException {
        for (int off = offset; off < offset + length; off += MAX_STDIN_MESSAGE) {
            socket.send(data, off, Math.min(MAX_STDIN_MESSAGE, offset + length - off));
        }
    }

    public void writeStdin(byte[] data) throws IOException {
        writeStdin(data, 0, data.length);
    }

    /** Ends this connection's input: conmon closes the container's stdin (see the class comment). */
    public void closeStdin() throws IOException {
        socket.shutdownOutput();
    }

    /**
     * Copies all output to {@code stdout} and {@code stderr} (a terminal's all goes to
     * {@code stdout}) on a new platform thread, until the container exits or this connection is
     * closed. The future completes then, or fails with the I/O error.
     */
    public CompletableFuture<Void> pumpOutput(OutputStream stdout, OutputStream stderr) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("attach-output").start(() -> {
            try {
                for (Optional<AttachFrame> f = read(); f.isPresent(); f = read()) {
                    OutputStream out = f.get().stream() == AttachStream.STDERR ? stderr : stdout;
                    out.write(f.get().data());
                    out.flush();
                }
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * Copies {@code stdin} to the container on a new platform thread until it ends, then closes the
     * container's stdin if {@code closeAtEnd}. The future fails if the connection broke first.
     */
    public CompletableFuture<Void> pumpInput(InputStream stdin, boolean closeAtEnd) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("attach-input").start(() -> {
            try {
                byte[] chunk = new byte[MAX_STDIN_MESSAGE];
                int n;
                while ((n = stdin.read(chunk)) >= 0) {
                    if (n > 0) writeStdin(chunk, 0, n);
                }
                if (closeAtEnd) closeStdin();
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Closes the connection; a blocked {@link #read()} returns empty. Does not close the container's stdin by itself unless conmon treats the hang-up so (it does without {@code --leave-stdin-open}). */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package dev.berth.engine.container;

import dev.berth.runtime.conmon.AttachConnection;
import dev.berth.runtime.conmon.AttachFrame;
import dev.berth.runtime.conmon.AttachStream;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Moves one client's stdio over a conmon attach connection: output to an {@link OutputSink}, input
 * from the client to the container's stdin. Input written before the connection exists (a client
 * attached to a container that is not started yet) is queued and sent once connected, in order.
 * conmon's socket calls block in native code, so both directions run on platform threads of their own.
 */
final class StdioPump {
    private static final Object CLOSE_STDIN = new Object();
    private static final Object STOP = new Object();

    private final OutputSink sink;
    private final boolean stdout;
    private final boolean stderr;
    private final boolean stdin;
    private final String name;
    private final LinkedBlockingQueue<Object> input = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> outputDone = new CompletableFuture<>();
    private AttachConnection connection;
    private boolean closed;

    StdioPump(String name, OutputSink sink, boolean stdin, boolean stdout, boolean stderr) {
        this.name = name;
        this.sink = sink;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Completes when no more output will come: the process exited, or the client detached. */
    CompletableFuture<Void> outputDone() {
        return outputDone;
    }

    /** Starts pumping over {@code c}; closes it at once if this pump was closed meanwhile. */
    void connect(AttachConnection c) {
        synchronized (this) {
            if (closed) {
                closeQuietly(c);
                return;
            }
            connection = c;
        }
        Thread.ofPlatform().daemon().name("attach-out-" + name).start(this::pumpOutput);
        if (stdin) Thread.ofPlatform().daemon().name("attach-in-" + name).start(this::pumpInput);
    }

    /** Ends the output without a connection (the container will not run, or logs-only attach). */
    void finishWithoutConnection() {
        outputDone.complete(null);
    }

    /** Delivers bytes that did not come through the connection (replayed logs). */
    void deliver(StdStream stream, byte[] data) throws IOException {
        if ((stream == StdStream.STDOUT && stdout) || (stream == StdStream.STDERR && stderr)) sink.write(stream, data);
    }

    void writeStdin(byte[] data, int offset, int length) {
        if (!stdin || length == 0) return;
        byte[] copy = new byte[length];
        System.arraycopy(data, offset, copy, 0, length);
        input.add(copy);
    }

    void closeStdin() {
        if (stdin) input.add(CLOSE_STDIN);
    }

    /** Detaches: the connection closes, output ends. The process keeps running. */
    void close() {
        AttachConnection c;
        synchronized (this) {
            if (closed) return;
            closed = true;
            c = connection;
        }
        input.add(STOP);
        if (c != null) closeQuietly(c);
        else outputDone.complete(null);
    }

    private void pumpOutput() {
        AttachConnection c = connection;
        try {
            for (Optional<AttachFrame> f = c.read(); f.isPresent(); f = c.read()) {
                StdStream s = f.get().stream() == AttachStream.STDERR ? StdStream.STDERR : StdStream.STDOUT;
                if ((s == StdStream.STDOUT && stdout) || (s == StdStream.STDERR && stderr)) sink.write(s, f.get().data());
            }
        } catch (IOException | RuntimeException e) {
            // the client went away (sink) or the socket broke: either way this attachment is over
        } finally {
            input.add(STOP);
            closeQuietly(c);
            outputDone.complete(null);
        }
    }

    private void pumpInput() {
        AttachConnection c = connection;
        try {
            while (true) {
                Object item = input.take();
                if (item == STOP) return;
                if (item == CLOSE_STDIN) {
                    c.closeStdin();
                    return;
                }
                byte[] chunk = (byte[]) item;
                c.writeStdin(chunk, 0, chunk.length);
            }
        } catch (IOException | InterruptedException e) {
            // the container exited or the connection was closed
        }
    }

    private static void closeQuietly(AttachConnection c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}

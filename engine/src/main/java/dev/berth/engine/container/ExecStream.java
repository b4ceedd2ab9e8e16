package dev.berth.engine.container;

import java.util.concurrent.CompletableFuture;

/**
 * A started exec session's stdio and exit ({@code POST /exec/{id}/start}): output goes to the
 * {@link OutputSink} given to {@link ContainerService#execStart}, input through {@link #writeStdin}.
 * {@link #exitCode()} completes once the process has exited <em>and</em> all its output was
 * delivered, so the caller can close the connection then and read the code from {@code execInspect}.
 */
public final class ExecStream implements AutoCloseable {
    private final StdioPump pump;
    private final CompletableFuture<Integer> exitCode;

    ExecStream(StdioPump pump, CompletableFuture<Integer> exitCode) {
        this.pump = pump;
        this.exitCode = exitCode;
    }

    public void writeStdin(byte[] data, int offset, int length) {
        pump.writeStdin(data, offset, length);
    }

    /** The client's input ended: the process's stdin is closed. */
    public void closeStdin() {
        pump.closeStdin();
    }

    /** The exit code, after the last output was delivered (a detached session completes at exit). */
    public CompletableFuture<Integer> exitCode() {
        return exitCode;
    }

    /** Detaches from the process, which keeps running. */
    @Override
    public void close() {
        pump.close();
    }
}

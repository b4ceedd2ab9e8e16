package dev.berth.runtime.conmon;

import dev.berth.common.EngineException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process exec'd into a running container under its own conmon ({@code conmon --exec}): its
 * pid, its attach connection (made before the process started, when asked for), its exit code.
 */
public final class ExecSession implements AutoCloseable {
    private final ExecPaths paths;
    private final long pid;
    private final AttachConnection attachment;
    private final CompletableFuture<Integer> exit;

    ExecSession(ExecPaths paths, long pid, AttachConnection attachment, CompletableFuture<Integer> exit) {
        this.paths = paths;
        this.pid = pid;
        this.attachment = attachment;
        this.exit = exit;
    }

    public String execId() { return paths.execId(); }
    public ExecPaths paths() { return paths; }

    /** The exec'd process on the host. */
    public long pid() { return pid; }

    /** The attach connection, if the session was started with {@code attach}. */
    public Optional<AttachConnection> attachment() { return Optional.ofNullable(attachment); }

    /**
     * Completes with the process's exit code (Docker's: 128 + signal if killed), from conmon's
     * sync pipe, or its exit file if conmon could not report.
     */
    public CompletableFuture<Integer> exitCode() { return exit; }

    /** Waits for the exit code. */
    public int awaitExit(Duration timeout) {
        try {
            return exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new EngineException.Unavailable("exec " + execId() + " did not exit within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException.Unavailable("interrupted while waiting for exec " + execId(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EngineException ee) throw ee;
            throw new EngineException.Unavailable("cannot learn the exit of exec " + execId() + ": " + e.getCause(), e.getCause());
        }
    }

    /** Sets the exec's terminal size. */
    public void resize(int height, int width) {
        ControlFifo.send(paths.ctlFifo(), ControlFifo.RESIZE, height, width);
    }

    /** Closes the attach connection (the process keeps running). */
    @Override
    public void close() {
        if (attachment != null) {
            try { attachment.close(); } catch (IOException ignored) { }
        }
    }
}

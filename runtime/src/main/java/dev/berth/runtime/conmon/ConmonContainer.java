package dev.berth.runtime.conmon;

import dev.berth.common.EngineException;
import dev.berth.runtime.Bundle;
import dev.berth.runtime.ContainerState;
import dev.berth.runtime.OciRuntime;
import dev.berth.runtime.internal.Procs;
import dev.berth.runtime.stats.CgroupV1;
import dev.berth.runtime.stats.CgroupV1Stats;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A handle on a container created under conmon: its pids, its attach socket and control fifo,
 * its exit code and OOM state. Holds no resources; another handle (after a daemon restart,
 * {@link Conmon#open}) sees the same container through the same files.
 */
public final class ConmonContainer {
    private final Conmon conmon;
    private final ContainerPaths paths;
    private final long conmonPid;
    private final long pid;

    ConmonContainer(Conmon conmon, ContainerPaths paths, long conmonPid, long pid) {
        this.conmon = conmon;
        this.paths = paths;
        this.conmonPid = conmonPid;
        this.pid = pid;
    }

    public String id() { return paths.id(); }
    public ContainerPaths paths() { return paths; }

    /** conmon's pid (0 if unknown). */
    public long conmonPid() { return conmonPid; }

    /** The container's init process on the host (0 if unknown). */
    public long pid() { return pid; }

    /** Whether this container's conmon still runs. */
    public boolean conmonRunning() {
        return Procs.isRunning(conmonPid, "conmon");
    }

    /** The runtime's view of the container, empty if it does not know it (any more). */
    public Optional<ContainerState> state() {
        return conmon.runtime().state(id());
    }

    /** Starts the user's process ({@code runc start}); attach first to miss no output. */
    public void start() {
        conmon.runtime().start(id());
    }

    /** Sends a signal to the init process (or all processes) through the runtime. */
    public void kill(String signal, boolean all) {
        conmon.runtime().kill(id(), signal, all);
    }

    /** The runtime this container runs under. */
    public OciRuntime runtime() {
        return conmon.runtime();
    }

    /**
     * Connects to the attach socket: the container's live output, and its stdin if it was created
     * with {@code stdin}. Connect before {@link #start()} to see all output.
     *
     * @throws EngineException.Conflict if conmon is not running (the container has exited)
     */
    public AttachConnection attach() {
        try {
            return AttachConnection.connect(paths.attachSocket());
        } catch (IOException e) {
            throw new EngineException.Conflict("cannot attach to container " + id() + ": conmon's attach socket "
                    + paths.attachSocket() + " does not answer (" + e.getMessage() + "); the container is not running");
        }
    }

    /** Sets the terminal's size (rows, columns) through conmon's control fifo. */
    public void resize(int height, int width) {
        ControlFifo.send(paths.ctlFifo(), ControlFifo.RESIZE, height, width);
    }

    /** Asks conmon to reopen the log file (after it was rotated or truncated). */
    public void reopenLog() {
        ControlFifo.send(paths.ctlFifo(), ControlFifo.REOPEN_LOGS, 0, 0);
    }

    /** The exit code if the process has exited (from conmon's exit file, or the persisted copy). */
    public OptionalInt exitCode() {
        OptionalInt code = ExitFiles.read(paths.exitFile());
        return code.isPresent() ? code : ExitFiles.read(paths.persistedExitFile());
    }

    /** Completes with the exit code when conmon writes the exit file (inotify, no polling). */
    public CompletableFuture<Integer> onExit() {
        return conmon.exits().onExit(id());
    }

    /**
     * Waits for the exit code.
     *
     * @throws EngineException.Unavailable if it does not exit within {@code timeout}
     */
    public int awaitExit(Duration timeout) {
        try {
            return onExit().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new EngineException.Unavailable("container " + id() + " did not exit within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException.Unavailable("interrupted while waiting for container " + id(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EngineException ee) throw ee;
            throw new EngineException.Unavailable("cannot learn the exit of container " + id() + ": " + e.getCause(), e.getCause());
        }
    }

    /**
     * Whether the kernel's OOM killer killed a process of this container: conmon's OOM marker
     * ({@code persist/oom}), or, while the cgroup exists (until the runtime deletes the container),
     * its {@code memory.oom_control} kill counter. conmon's marker can lose the race with the
     * container's exit, so check before deleting the container.
     */
    public boolean oomKilled() {
        if (Files.exists(paths.oomFile())) return true;
        try {
            String cgroupsPath = new Bundle(paths.bundle()).readSpec().linux().cgroupsPath();
            return cgroupsPath != null && new CgroupV1Stats(CgroupV1.detect()).oomKills(cgroupsPath) > 0;
        } catch (EngineException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "ConmonContainer[" + id() + " pid " + pid + " conmon " + conmonPid + "]";
    }
}

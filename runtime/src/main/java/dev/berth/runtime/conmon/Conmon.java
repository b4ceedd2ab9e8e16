package dev.berth.runtime.conmon;

import dev.berth.common.AtomicFiles;
import dev.berth.common.EngineException;
import dev.berth.runtime.Bundle;
import dev.berth.runtime.ContainerState;
import dev.berth.runtime.OciRuntime;
import dev.berth.runtime.internal.Procs;
import dev.berth.runtime.spec.SpecJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Runs containers and exec sessions under conmon, podman-style: conmon runs the OCI runtime's
 * {@code create} (or {@code exec}), holds the process's stdio, writes the {@code k8s-file} log,
 * serves the attach socket and control fifo, records the exit code, and daemonizes, so
 * containers outlive the daemon. Owns the exec root's layout ({@link ExecRoot}); keeps no state
 * in memory that the files do not also hold, so a restarted daemon gets the same view through
 * {@link #open} and {@link #recover}.
 *
 * <p>Lifecycle: {@link #create} (the runtime has created the container; the user's process
 * waits) → optionally {@link ConmonContainer#attach()} → {@link ConmonContainer#start()} →
 * {@link ConmonContainer#onExit()} → {@link #remove}. The conmon invocation follows podman's
 * {@code sharedConmonArgs}: {@code --api-version 1 -c <id> -u <id> -r <runtime> -b <bundle>
 * -p <pidfile> -n <name> --exit-dir --persist-dir --socket-dir-path --full-attach
 * -l k8s-file:<log> --log-level --conmon-pidfile [-t] [-i] [--leave-stdin-open]
 * --runtime-arg <global args> --runtime-arg --log=<bundle>/runtime.log}.
 */
public final class Conmon implements AutoCloseable {
    private final OciRuntime runtime;
    private final ExecRoot execRoot;
    private final ConmonOptions options;
    private final ExitMonitor exits;

    /** Uses {@code execRoot} (creating its directories) and starts watching its exit directory. */
    public Conmon(OciRuntime runtime, ExecRoot execRoot, ConmonOptions options) {
        this.runtime = runtime;
        this.execRoot = execRoot;
        this.options = options;
        execRoot.create();
        this.exits = new ExitMonitor(execRoot.exitDir());
    }

    public OciRuntime runtime() { return runtime; }
    public ExecRoot execRoot() { return execRoot; }
    public ExitMonitor exits() { return exits; }

    /**
     * Writes the bundle and has conmon create the container with the runtime; returns once the
     * container exists with its init process waiting to be started ({@link ConmonContainer#start()}).
     * An id whose container directory is left from an earlier run (a stopped container being
     * started again) is reused once the runtime no longer knows it.
     *
     * @throws EngineException.InvalidArgument if the runtime cannot find or execute the command
     *         (message {@code OCI runtime create failed: ...}; see {@link RuntimeErrors#exitCode})
     * @throws EngineException.FailedPrecondition for other runtime failures, with its message
     * @throws EngineException.AlreadyExists if the runtime still has a container with this id
     */
    public ConmonContainer create(CreateOptions o) {
        ContainerPaths paths = execRoot.container(o.id());
        prepareContainerDir(paths);
        Bundle.write(paths.bundle(), o.spec());
        try {
            Files.createDirectories(o.logPath().getParent());
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot create the log directory of " + o.logPath() + ": " + e.getMessage(), e);
        }

        List<String> args = commonArgs(o.id(), o.id(), paths.bundle(), paths.pidFile(), o.name(), paths.exitDir(),
                paths.persistDir(), paths.conmonPidFile(), paths.runtimeLog());
        args.addAll(List.of("-l", "k8s-file:" + o.logPath()));
        if (o.logSizeMax() > 0) args.addAll(List.of("--log-size-max", Long.toString(o.logSizeMax())));
        if (o.spec().process().terminal()) args.add("-t");
        if (o.stdin()) args.add("-i");
        if (o.leaveStdinOpen()) args.add("--leave-stdin-open");

        try (ConmonLaunch launch = ConmonLaunch.start(options.binary(), args, paths.bundle(), false)) {
            SyncMessage msg = launch.next(options.startTimeout());
            if (msg == null) throw conmonDied("create", launch, paths.runtimeLog());
            if (msg.failed()) throw RuntimeErrors.failure("create", msg.message());
            launch.firstExit(Duration.ofSeconds(10));
            long conmonPid = Procs.readPidFile(paths.conmonPidFile()).orElse(0);
            return new ConmonContainer(this, paths, conmonPid, msg.data());
        } catch (ConmonLaunch.TimeoutWaitingForConmon e) {
            abandon(o.id(), paths.conmonPidFile());
            throw new EngineException.Unavailable("the OCI runtime did not create container " + o.id() + " within "
                    + options.startTimeout().toSeconds() + "s; it was killed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(o.id(), paths.conmonPidFile());
            throw new EngineException.Unavailable("interrupted while creating container " + o.id(), e);
        }
    }

    private void prepareContainerDir(ContainerPaths paths) {
        try {
            Files.createDirectories(paths.dir().getParent());
            Files.createDirectory(paths.dir());
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // Left from an earlier run of this container: usable once the runtime and conmon are done with it.
            if (Procs.isRunning(Procs.readPidFile(paths.conmonPidFile()).orElse(0), "conmon") || runtime.state(paths.id()).isPresent()) {
                throw new EngineException.AlreadyExists("container " + paths.id() + " already exists in " + runtime.name()
                        + "; delete it first");
            }
            try {
                for (Path p : List.of(paths.pidFile(), paths.conmonPidFile(), paths.attachSocket(), paths.ctlFifo(),
                        paths.dir().resolve("winsz"), paths.runtimeLog(), paths.oomFile(), paths.persistedExitFile(),
                        paths.dir().resolve("oom"))) {
                    Files.deleteIfExists(p);
                }
                AtomicFiles.deleteTree(paths.execsDir());
            } catch (IOException | UncheckedIOException ex) {
                throw new EngineException.Unavailable("cannot clean up " + paths.dir() + ": " + ex.getMessage(), ex);
            }
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot create " + paths.dir() + ": " + e.getMessage(), e);
        }
        try {
            Files.createDirectories(paths.persistDir());
            Files.deleteIfExists(paths.exitFile());
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot prepare " + paths.dir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a process in a running container under a new conmon ({@code conmon --exec}). With
     * {@code attach}, returns connected to the session's attach socket, and the process starts only
     * after the connection is made (conmon's {@code --exec-attach}), so no output is lost.
     *
     * @throws EngineException.InvalidArgument if the runtime cannot find or execute the command
     *         ({@code OCI runtime exec failed: ...}, see {@link RuntimeErrors#exitCode})
     * @throws EngineException.FailedPrecondition for other runtime failures (e.g. the container does not run)
     */
    public ExecSession exec(String containerId, ExecOptions o) {
        ContainerPaths container = execRoot.container(containerId);
        ExecPaths paths = container.exec(o.execId());
        try {
            Files.createDirectories(paths.exitDir());
            Files.createDirectories(paths.persistDir());
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot create " + paths.dir() + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(paths.processSpec(), SpecJson.write(o.process()));

        List<String> args = commonArgs(containerId, o.execId(), paths.dir(), paths.pidFile(), containerId, paths.exitDir(),
                paths.persistDir(), paths.conmonPidFile(), paths.runtimeLog());
        args.addAll(List.of("-l", "none", "-e", "--exec-process-spec", paths.processSpec().toString()));
        if (o.attach()) args.add("--exec-attach");
        if (o.process().terminal()) args.add("-t");
        if (o.stdin()) args.add("-i");

        ConmonLaunch launch = ConmonLaunch.start(options.binary(), args, paths.dir(), o.attach());
        AttachConnection attachment = null;
        boolean handedOver = false;
        try {
            if (o.attach()) {
                launch.release(); // conmon reads the start pipe once before it forks
                SyncMessage ready = launch.next(options.startTimeout());
                if (ready == null) throw conmonDied("exec", launch, paths.runtimeLog());
                if (ready.failed()) throw RuntimeErrors.failure("exec", ready.message());
                try {
                    attachment = AttachConnection.connect(paths.attachSocket());
                } catch (IOException e) {
                    throw new EngineException.Unavailable("cannot connect to the exec's attach socket " + paths.attachSocket() + ": " + e.getMessage(), e);
                }
                launch.release(); // and once more before it runs the runtime
            }
            SyncMessage started = launch.next(options.startTimeout());
            if (started == null) throw conmonDied("exec", launch, paths.runtimeLog());
            if (started.failed()) throw RuntimeErrors.failure("exec", started.message());
            CompletableFuture<Integer> exit = new CompletableFuture<>();
            Thread.ofVirtual().name("exec-exit-" + o.execId()).start(() -> awaitExecExit(launch, paths, exit));
            handedOver = true;
            return new ExecSession(paths, started.data(), attachment, exit);
        } catch (ConmonLaunch.TimeoutWaitingForConmon e) {
            abandon(null, paths.conmonPidFile());
            throw new EngineException.Unavailable("the OCI runtime did not start exec " + o.execId() + " within "
                    + options.startTimeout().toSeconds() + "s; it was killed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(null, paths.conmonPidFile());
            throw new EngineException.Unavailable("interrupted while starting exec " + o.execId(), e);
        } finally {
            if (!handedOver) {
                launch.close();
                if (attachment != null) {
                    try { attachment.close(); } catch (IOException ignored) { }
                }
            }
        }
    }

    /** The last sync message of an exec is its exit code; the exit file covers a conmon that could not send it. */
    private static void awaitExecExit(ConmonLaunch launch, ExecPaths paths, CompletableFuture<Integer> exit) {
        try (launch) {
            SyncMessage msg = launch.next();
            if (msg != null && msg.message() == null) {
                exit.complete(msg.data());
                return;
            }
            if (msg != null) { // conmon's --timeout killed it
                exit.completeExceptionally(new EngineException.Unavailable("exec " + paths.execId() + ": " + msg.message(), null));
                return;
            }
            OptionalInt code = ExitFiles.read(paths.exitFile());
            if (code.isPresent()) exit.complete(code.getAsInt());
            else exit.completeExceptionally(new EngineException.Unavailable("the conmon of exec " + paths.execId()
                    + " exited without reporting an exit code", null));
        } catch (InterruptedException e) {
            exit.completeExceptionally(e);
        } catch (RuntimeException e) {
            exit.completeExceptionally(e);
        }
    }

    private List<String> commonArgs(String cid, String cuuid, Path bundle, Path pidFile, String name, Path exitDir,
                                    Path persistDir, Path conmonPidFile, Path runtimeLog) {
        List<String> args = new ArrayList<>(List.of(
                "--api-version", "1",
                "-c", cid,
                "-u", cuuid,
                "-r", runtime.binary().toString(),
                "-b", bundle.toString(),
                "-p", pidFile.toString(),
                "-n", name,
                "--exit-dir", exitDir.toString(),
                "--persist-dir", persistDir.toString(),
                "--socket-dir-path", execRoot.socketDir().toString(),
                "--full-attach",
                "--log-level", options.logLevel(),
                "--conmon-pidfile", conmonPidFile.toString()));
        if (options.syslog()) args.add("--syslog");
        for (String a : runtime.globalArgs()) args.addAll(List.of("--runtime-arg", a));
        args.addAll(List.of("--runtime-arg", "--log=" + runtimeLog));
        return args;
    }

    /** conmon exited without a sync message: its stderr, exit code and the runtime's log say why. */
    private static EngineException conmonDied(String phase, ConmonLaunch launch, Path runtimeLog) throws InterruptedException {
        int code;
        try {
            code = launch.firstExit(Duration.ofSeconds(5));
        } catch (ConmonLaunch.TimeoutWaitingForConmon e) {
            code = -1;
        }
        String err = launch.stderr();
        String log = "";
        try {
            List<String> lines = Files.readAllLines(runtimeLog);
            log = lines.isEmpty() ? "" : lines.getLast();
        } catch (IOException ignored) {
            // no runtime log: the runtime never ran
        }
        return new EngineException.FailedPrecondition("conmon failed to " + phase + " the container (exit code " + code + ")"
                + (err.isEmpty() ? "" : ": " + err) + (log.isEmpty() ? "" : "; runtime log: " + log));
    }

    /** Gives up on a launch that hangs: kills its conmon (which kills the runtime child) and the runtime's container. */
    private void abandon(String id, Path conmonPidFile) {
        OptionalLong pid = Procs.readPidFile(conmonPidFile);
        if (pid.isPresent() && Procs.isRunning(pid.getAsLong(), "conmon")) Procs.signal(pid.getAsLong(), 9);
        if (id != null) {
            try {
                runtime.delete(id, true);
            } catch (EngineException ignored) {
                // best effort
            }
        }
    }

    /**
     * A handle on a container created earlier, by this daemon or one before it.
     *
     * @throws EngineException.NotFound if the exec root has no such container
     */
    public ConmonContainer open(String id) {
        ContainerPaths paths = execRoot.container(id);
        if (!Files.isRegularFile(paths.config())) throw new EngineException.NotFound("no container " + id + " in " + execRoot.dir());
        return new ConmonContainer(this, paths, Procs.readPidFile(paths.conmonPidFile()).orElse(0),
                Procs.readPidFile(paths.pidFile()).orElse(0));
    }

    /**
     * What a daemon restarted after kill -9 needs to know about a container: whether its conmon
     * still runs (pid file + {@code /proc}), what the runtime says ({@code runc state}), and the exit
     * code and OOM marker if it has exited meanwhile.
     *
     * @throws EngineException.NotFound if the exec root has no such container
     */
    public RecoveredContainer recover(String id) {
        ContainerPaths paths = execRoot.container(id);
        if (!Files.isDirectory(paths.dir())) throw new EngineException.NotFound("no container " + id + " in " + execRoot.dir());
        OptionalLong conmonPid = Procs.readPidFile(paths.conmonPidFile());
        if (conmonPid.isPresent() && !Procs.isRunning(conmonPid.getAsLong(), "conmon")) conmonPid = OptionalLong.empty();
        Optional<ContainerState> state = runtime.state(id);
        ConmonContainer c = new ConmonContainer(this, paths, conmonPid.orElse(0), Procs.readPidFile(paths.pidFile()).orElse(0));
        OptionalInt exit = c.exitCode();
        return new RecoveredContainer(id, conmonPid, state, exit, c.oomKilled());
    }

    /** Ids of the containers in the exec root. */
    public List<String> containerIds() {
        return execRoot.containerIds();
    }

    /**
     * Removes a container: the runtime's state ({@code delete --force}, which kills it if it still
     * runs), its conmon and its exec sessions' conmons if they linger, and its exec-root files.
     *
     * @throws EngineException.FailedPrecondition if something is still mounted in the container
     *         directory (unmount the root filesystem first: deleting would reach into it)
     */
    public void remove(String id) {
        ContainerPaths paths = execRoot.container(id);
        runtime.delete(id, true);
        List<Path> pidFiles = new ArrayList<>(List.of(paths.conmonPidFile()));
        try (Stream<Path> execs = Files.list(paths.execsDir())) {
            execs.forEach(e -> pidFiles.add(e.resolve("conmon.pid")));
        } catch (NoSuchFileException e) {
            // no exec sessions
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot list " + paths.execsDir() + ": " + e.getMessage(), e);
        }
        for (Path p : pidFiles) stopConmon(p);
        List<Path> mounts = mountsUnder(paths.dir());
        if (!mounts.isEmpty()) {
            throw new EngineException.FailedPrecondition("cannot remove " + paths.dir() + ": " + mounts.getFirst()
                    + " is still mounted; unmount the container's filesystems first");
        }
        try {
            AtomicFiles.deleteTree(paths.dir());
            Files.deleteIfExists(paths.exitFile());
        } catch (IOException | UncheckedIOException e) {
            throw new EngineException.Unavailable("cannot remove " + paths.dir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes a finished exec session's files (its exit code is then gone too).
     *
     * @throws EngineException.Conflict if the session's conmon still runs
     */
    public void removeExec(String containerId, String execId) {
        ExecPaths paths = execRoot.container(containerId).exec(execId);
        if (Procs.isRunning(Procs.readPidFile(paths.conmonPidFile()).orElse(0), "conmon")) {
            throw new EngineException.Conflict("exec " + execId + " of container " + containerId + " is still running");
        }
        try {
            AtomicFiles.deleteTree(paths.dir());
        } catch (UncheckedIOException e) {
            throw new EngineException.Unavailable("cannot remove " + paths.dir() + ": " + e.getMessage(), e);
        }
    }

    /** Waits a moment for a conmon to finish by itself (its container is gone), then kills it. */
    private static void stopConmon(Path pidFile) {
        OptionalLong pid = Procs.readPidFile(pidFile);
        if (pid.isEmpty()) return;
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (Procs.isRunning(pid.getAsLong(), "conmon")) {
            if (System.nanoTime() > deadline) {
                Procs.signal(pid.getAsLong(), 9);
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static List<Path> mountsUnder(Path dir) {
        try {
            List<Path> out = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length < 5) continue;
                Path mp = Path.of(f[4].replace("\\040", " "));
                if (mp.startsWith(dir)) out.add(mp);
            }
            return out;
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot read /proc/self/mountinfo: " + e.getMessage(), e);
        }
    }

    /** Stops watching exits. Containers and their conmons keep running. */
    @Override
    public void close() {
        exits.close();
    }
}

package dev.berth.engine.container;

import dev.berth.common.EngineException;
import dev.berth.common.Ids;
import dev.berth.common.Labels;
import dev.berth.common.linux.Libc;
import dev.berth.common.linux.Mounts;
import dev.berth.engine.container.ContainerState.Status;
import dev.berth.engine.events.EventBus;
import dev.berth.engine.image.ImageService;
import dev.berth.engine.image.ImageUsers;
import dev.berth.engine.network.ContainerNetwork;
import dev.berth.engine.network.EndpointSpec;
import dev.berth.engine.network.NetworkService;
import dev.berth.engine.volume.VolumeService;
import dev.berth.image.GcRoots;
import dev.berth.image.Image;
import dev.berth.oci.ContainerConfig;
import dev.berth.oci.Digest;
import dev.berth.runtime.Bundle;
import dev.berth.runtime.conmon.AttachConnection;
import dev.berth.runtime.conmon.Conmon;
import dev.berth.runtime.conmon.ConmonContainer;
import dev.berth.runtime.conmon.CreateOptions;
import dev.berth.runtime.conmon.ExecOptions;
import dev.berth.runtime.conmon.ExecProcesses;
import dev.berth.runtime.conmon.ExecSession;
import dev.berth.runtime.conmon.K8sFileLogReader;
import dev.berth.runtime.conmon.LogEntry;
import dev.berth.runtime.conmon.LogStream;
import dev.berth.runtime.conmon.OomMonitor;
import dev.berth.runtime.conmon.RuntimeErrors;
import dev.berth.runtime.spec.KernelCapabilities;
import dev.berth.runtime.spec.Spec;
import dev.berth.runtime.stats.CgroupV1;
import dev.berth.runtime.stats.CgroupV1Stats;
import dev.berth.snapshot.overlay.OverlayChain;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Containers with Docker's semantics: create (image config merged as dockerd merges it), start under
 * conmon on an overlay root filesystem, exit handling with restart policies and auto-remove, stop,
 * kill, pause, remove, rename, wait, attach (from before start), exec, logs, top, stats, prune, and
 * recovery after a daemon restart. No HTTP and no API DTOs: the API layer maps these records.
 *
 * <p><b>State.</b> Each container's record is {@code <root>/<id>/container.json}, rewritten
 * atomically on every change; the runtime's truth (conmon's pid and exit files, runc's state) is in
 * the exec root. A container's operations are serialised by its own lock; waiting (stop's grace period,
 * exits) happens outside it. Exits are learnt from conmon's exit files (inotify), never by polling; a
 * watchdog catches a conmon that died without writing one.
 *
 * <p><b>Lifetime of what a run makes</b>: the overlay mount, conmon, the runtime's state and
 * cgroup, and the exec root directory are all released when the run ends (whoever ended it);
 * {@code remove} deletes the container's directory; nothing is left behind.
 *
 * <p>Errors are {@link EngineException}s with dockerd's messages where clients show them.
 */
public final class ContainerService implements ImageUsers, GcRoots, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.berth.engine.container");
    private static final int DEFAULT_STOP_TIMEOUT = 10;
    private static final long MAX_BACKOFF_MILLIS = 60_000;
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    private final ContainerServiceConfig config;
    private final ImageService images;
    private final NetworkService networks;
    private final LayerChains layers;
    private final Conmon conmon;
    private final EventBus events;
    private final Clock clock;
    private final VolumeService volumes;
    private final ContainerStore store;
    private final CgroupV1Stats cgroupStats;
    private final HealthMonitor health;
    private final OomMonitor ooms = new OomMonitor();
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    /** Guarded by itself. Lock order: an entry's lock, then this. */
    private final Map<String, String> idByName = new HashMap<>();
    private final Map<String, ExecInstance> execs = new ConcurrentHashMap<>();
    private final ExecutorService tasks = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timers;
    private volatile List<String> grantable;
    private volatile boolean closed;

    /**
     * Wires the service and registers it as the image service's {@link ImageUsers}. Call {@link #recover()}
     * once before serving requests. The service owns {@code conmon} from now on ({@link #close()} closes it).
     *
     * @param layers the image layers' lower dirs ({@code OverlayLayerStore::chain})
     */
    public ContainerService(ContainerServiceConfig config, ImageService images, NetworkService networks,
                            VolumeService volumes, LayerChains layers, Conmon conmon, EventBus events, Clock clock) {
        this.config = config;
        this.images = images;
        this.networks = networks;
        this.volumes = volumes;
        this.layers = layers;
        this.conmon = conmon;
        this.events = events;
        this.clock = clock;
        this.store = new ContainerStore(config.root());
        this.cgroupStats = new CgroupV1Stats(CgroupV1.detect());
        this.health = new HealthMonitor(this, clock, (id, status) -> {
            Entry e = byId.get(id);
            if (e != null) publish(e.c, "health_status: " + status, Map.of());
        });
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("container-timers").unstarted(r));
        timers.scheduleWithFixedDelay(() -> tasks.execute(this::watchdog), 2, 2, TimeUnit.SECONDS);
        images.setUsers(this);
    }

    // ---- per-container bookkeeping ----------------------------------------------------------------

    /** One run of a container's process, from start to its exit being handled. */
    private record Run(ConmonContainer handle, CompletableFuture<Void> finished, Instant startedAt) {}

    private final class Entry {
        final String id;
        final ReentrantLock lock = new ReentrantLock();
        volatile Container c;
        /** The current run while the process exists (running or paused). */
        Run run;
        /** The spec of the current run (exec derives its process from it). */
        Spec spec;
        /** Docker's ExitOnNext: the user stopped, killed or removed it; the next exit is final. */
        boolean stopRequested;
        /** The restart manager's back-off, in milliseconds (0: not backing off). */
        long backoffMillis;
        ScheduledFuture<?> restartTimer;
        final List<Attachment> waitingAttachments = new ArrayList<>();
        final List<CompletableFuture<WaitResult>> nextExit = new ArrayList<>();
        final List<CompletableFuture<WaitResult>> notRunning = new ArrayList<>();
        final List<CompletableFuture<WaitResult>> removed = new ArrayList<>();
        final List<String> execIds = new ArrayList<>();
        /** File operations (cp, export) using the mounted root filesystem; it stays mounted while any run. */
        int rootfsUsers;

        Entry(Container c) {
            this.id = c.id();
            this.c = c;
        }

        Container snapshot() {
            lock.lock();
            try {
                return c.withExecIds(List.copyOf(execIds));
            } finally {
                lock.unlock();
            }
        }
    }

    /** An exec session; in memory only, as in Docker. */
    private static final class ExecInstance {
        final String id;
        final String containerId;
        final ExecSpec spec;
        volatile boolean started;
        volatile boolean running;
        volatile Integer exitCode;
        volatile long pid;
        volatile ExecSession session;
        /** A resize that came before the process started (the CLI resizes as soon as it has the 101). */
        HostSpec.ConsoleSize pendingSize;

        ExecInstance(String id, String containerId, ExecSpec spec) {
            this.id = id;
            this.containerId = containerId;
            this.spec = spec;
        }
    }

    // ---- create -------------------------------------------------------------------------------

    /**
     * {@code docker create}: resolves the image, merges its config with the request's, validates the
     * host settings (as a start would: capabilities, limits, binds, security options...), reserves the
     * name and writes the record. Nothing runs yet.
     *
     * @throws EngineException.NotFound "No such image: X", or the container of a {@code container:} network mode
     * @throws EngineException.InvalidArgument an invalid name, no command, invalid host settings
     * @throws EngineException.Conflict the name is taken (dockerd's message)
     */
    public CreateResult create(ContainerSpec spec) {
        checkOpen();
        if (spec.image() == null || spec.image().isEmpty()) throw new EngineException.InvalidArgument("no image specified: Config.Image is empty");
        HostSpec host = spec.host();
        validateHost(host);
        String wantedName = spec.name() == null || spec.name().isEmpty() ? null : Names.normalize(spec.name());
        Image image = images.inspect(spec.image());
        ContainerConfig merged = ConfigMerge.merge(spec.config(), image.config().config());
        HealthMonitor.validate(merged);
        if (merged.stopSignal() != null && !merged.stopSignal().isEmpty()) Signals.parse(merged.stopSignal());
        ConfigMerge.Command command = ConfigMerge.command(merged);
        if (spec.stopTimeout() != null && spec.stopTimeout() < -1) {
            throw new EngineException.InvalidArgument("invalid stop timeout " + spec.stopTimeout() + ": use -1 (wait forever) or a number of seconds");
        }

        String id = Ids.newId();
        String hostname = merged.hostname();
        String domainname = merged.domainname() == null ? "" : merged.domainname();
        if (host.networkMode().startsWith("container:")) {
            if (hostname != null && !hostname.isEmpty()) throw new EngineException.InvalidArgument("conflicting options: hostname and the network mode");
            ContainerConfig other = find(host.networkMode().substring("container:".length())).c.config();
            hostname = other.hostname();
            domainname = other.domainname() == null ? "" : other.domainname();
        } else if (hostname == null || hostname.isEmpty()) {
            hostname = host.networkMode().equals("host") ? hostHostname() : id.substring(0, 12);
        }
        merged = Configs.withIdentity(merged, spec.image(), hostname, domainname);
        Map<String, EndpointSpec> endpoints = networks.endpointsFor(host.networkMode(), spec.endpoints());

        Path dir = store.dir(id);
        Container.Rootfs rootfs = new Container.Rootfs(image.topLayer().orElse(null), dir.resolve("rootfs/upper"),
                dir.resolve("rootfs/work"), dir.resolve("rootfs/merged"));
        List<MountPoint> mounts = MountPlan.resolve(host, merged.volumes(), other -> find(other).c.mounts(), volumes);
        referenceVolumes(id, mounts);
        Container c = new Container(id, wantedName == null ? "/" + id : wantedName, clock.instant(), image.id(), spec.image(),
                command.path(), command.args(), merged, host, spec.stopTimeout(), ContainerState.created(), 0, false,
                dir.resolve("hostname"), dir.resolve("hosts"), dir.resolve("resolv.conf"), dir.resolve("container.log"),
                rootfs, List.of(), endpoints, mounts);
        String name;
        try {
            // Everything a start would refuse, refused now (the spec is generated against a stand-in root).
            SpecFactory.generate(c, new SpecFactory.Inputs(Path.of("/"), Spec.User.ROOT, null, null, null,
                    new SpecFactory.Network.Own(), cgroupsPath(id), config.initBinary(), grantable()));
            name = reserveName(wantedName, id);
        } catch (RuntimeException e) {
            releaseVolumes(id, mounts, true);
            throw e;
        }
        c = c.withName(name);
        try {
            Files.createDirectories(rootfs.upperDir());
            Files.createDirectories(rootfs.workDir());
            Files.createDirectories(rootfs.mergedDir());
            if (rootfs.chainId() == null) Files.createDirectories(emptyLower(c));
            store.save(c);
        } catch (IOException | RuntimeException e) {
            releaseName(name, id);
            releaseVolumes(id, mounts, true);
            try {
                store.delete(id);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof EngineException ee) throw ee;
            throw new EngineException.Unavailable("cannot create the directory of container " + id + ": " + e.getMessage(), e);
        }
        byId.put(id, new Entry(c));
        publish(c, "create", Map.of());
        return new CreateResult(c, List.of());
    }

    private void validateHost(HostSpec h) {
        HostSpec.RestartPolicy p = h.restartPolicy();
        p.validate();
        if (h.autoRemove() && !p.isNone()) {
            throw new EngineException.InvalidArgument("conflicting options: cannot specify both --restart and --rm");
        }
        String mode = h.networkMode();
        if (mode.startsWith("container:")) {
            String other = mode.substring("container:".length());
            if (other.isEmpty()) throw new EngineException.InvalidArgument("invalid network mode: " + mode);
            find(other);
            if (!h.dns().isEmpty() || !h.dnsSearch().isEmpty() || !h.dnsOptions().isEmpty()) {
                throw new EngineException.InvalidArgument("conflicting options: dns and the network mode");
            }
            if (!h.extraHosts().isEmpty()) throw new EngineException.InvalidArgument("conflicting options: custom host-to-IP mapping and the network mode");
        }
        if (!Set.of("", "host").contains(h.pidMode())) throw new EngineException.InvalidArgument("invalid PID mode: " + h.pidMode());
        if (!Set.of("", "host", "private", "shareable", "none").contains(h.ipcMode())) {
            throw new EngineException.InvalidArgument("invalid IPC mode: " + h.ipcMode());
        }
        if (!Set.of("", "host").contains(h.utsMode())) throw new EngineException.InvalidArgument("invalid UTS mode: " + h.utsMode());
        h.extraHosts().forEach(EtcFiles::splitExtraHost);
        MountPlan.validate(h);
        SpecFactory.security(h.securityOpt());
    }

    private String reserveName(String wanted, String id) {
        synchronized (idByName) {
            if (wanted != null) {
                String holder = idByName.get(wanted);
                if (holder != null) throw nameConflict(wanted, holder);
                idByName.put(wanted, id);
                return wanted;
            }
            for (int attempt = 0; ; attempt++) {
                String n = "/" + Names.generate(attempt);
                if (!idByName.containsKey(n)) {
                    idByName.put(n, id);
                    return n;
                }
            }
        }
    }

    private void releaseName(String name, String id) {
        synchronized (idByName) {
            idByName.remove(name, id);
        }
    }

    private static EngineException nameConflict(String name, String holderId) {
        return new EngineException.Conflict("Conflict. The container name \"" + name + "\" is already in use by container \""
                + holderId + "\". You have to remove (or rename) that container to be able to reuse that name.");
    }

    // ---- start --------------------------------------------------------------------------------

    /**
     * {@code docker start}: mounts the root filesystem, writes the {@code /etc} files, has conmon create
     * the container, connects the attachments made before, starts the process.
     *
     * @throws EngineException.NotModified the container runs already ("container already started", 304)
     * @throws EngineException.Conflict paused, or being removed
     * @throws EngineException.InvalidArgument the command is not found or not executable (the
     *         container then has exit code 127 or 126 and the runtime's message as its error)
     */
    public void start(String idOrName) {
        checkOpen();
        Entry e = find(idOrName);
        EngineException failed = null;
        e.lock.lock();
        try {
            switch (e.c.state().status()) {
                case RUNNING, RESTARTING -> throw new EngineException.NotModified("container already started");
                case PAUSED -> throw new EngineException.Conflict("cannot start a paused container, try unpause instead");
                case REMOVING, DEAD -> throw new EngineException.Conflict("container is marked for removal and cannot be started");
                case CREATED, EXITED -> { }
            }
            e.stopRequested = false;
            e.backoffMillis = 0;
            e.c = e.c.withManuallyStopped(false).withRestartCount(0);
            try {
                startLocked(e);
            } catch (EngineException ex) {
                failed = ex;
            }
        } finally {
            e.lock.unlock();
        }
        if (failed != null) {
            if (e.c.hostConfig().autoRemove()) autoRemove(e); // as dockerd: a --rm container that cannot start is removed
            throw failed;
        }
    }

    private void startLocked(Entry e) {
        Container c = e.c;
        ConmonContainer handle = null;
        Path merged = c.rootfs().mergedDir();
        try {
            mountRootfs(c);
            SpecFactory.Network network = network(c);
            ContainerNetwork attached = null;
            if (!c.networks().isEmpty()) {
                attached = networks.attach(c.id(), c.shortName(), c.networks(), PortRequests.of(c), c.hostConfig().dns());
                network = new SpecFactory.Network.Join(Path.of(attached.netns()));
            }
            Spec.User user = Users.resolve(merged, c.config().user());
            prepareWorkingDir(c, merged, user);
            Path[] etc = writeEtcFiles(c, network, attached);
            mountVolumes(c, merged);
            Spec spec = SpecFactory.generate(c, new SpecFactory.Inputs(merged, user, etc[0], etc[1], etc[2], network,
                    cgroupsPath(c.id()), config.initBinary(), grantable()));
            boolean stdin = Boolean.TRUE.equals(c.config().openStdin());
            handle = conmon.create(new CreateOptions(c.id(), c.shortName(), spec, c.logPath(), stdin,
                    stdin && !Boolean.TRUE.equals(c.config().stdinOnce()), 0));
            for (Attachment a : List.copyOf(e.waitingAttachments)) {
                try {
                    a.pump().connect(handle.attach());
                } catch (EngineException ex) {
                    a.pump().finishWithoutConnection();
                }
            }
            e.waitingAttachments.clear();
            handle.start();
            Instant now = clock.instant();
            Run run = new Run(handle, new CompletableFuture<>(), now);
            e.run = run;
            e.spec = spec;
            e.c = c.withState(new ContainerState(Status.RUNNING, handle.pid(), 0, "", now, c.state().finishedAt(), false));
            saveQuietly(e.c);
            publish(e.c, "start", Map.of());
            arm(e, run);
        } catch (IOException | RuntimeException ex) {
            String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            if (handle != null || Files.isDirectory(conmon.execRoot().container(c.id()).dir())) cleanupRuntime(c.id());
            networks.detach(c.id());
            try {
                if (e.rootfsUsers == 0) unmountRootfs(c);
            } catch (RuntimeException suppressed) {
                ex.addSuppressed(suppressed);
            }
            for (Attachment a : List.copyOf(e.waitingAttachments)) a.pump().finishWithoutConnection();
            e.waitingAttachments.clear();
            int code = message.startsWith("OCI runtime") ? RuntimeErrors.exitCode(message) : RuntimeErrors.START_FAILED;
            Status status = c.state().startedAt() == null ? Status.CREATED : Status.EXITED;
            e.c = c.withState(new ContainerState(status, 0, code, message, c.state().startedAt(), c.state().finishedAt(), false));
            saveQuietly(e.c);
            settleWaiters(e);
            if (ex instanceof EngineException ee) throw ee;
            throw new EngineException.Unavailable("cannot start container " + c.id() + ": " + message, ex);
        }
    }

    private void arm(Entry e, Run run) {
        health.watch(e.c, run.startedAt());
        ooms.watch(run.handle().paths(), () -> publish(e.c, "oom", Map.of()));
        run.handle().onExit().whenCompleteAsync((code, error) -> {
            if (closed) return;
            onExit(e, run, error == null ? code : 255, error == null ? "" : "the exit of the container was not recorded: " + error.getMessage());
        }, tasks);
    }

    private void onExit(Entry e, Run run, int exitCode, String error) {
        Runnable after;
        e.lock.lock();
        try {
            if (e.run != run) return; // handled already (forced)
            after = finishRunLocked(e, exitCode, error);
        } finally {
            e.lock.unlock();
        }
        after.run();
    }

    /**
     * The run has ended: releases what it held (conmon, runtime state, cgroup, mount), records the
     * exit, publishes {@code die}, answers waiters, and decides between a policy restart and
     * auto-remove. Returns what to do after the lock is released.
     */
    private Runnable finishRunLocked(Entry e, int exitCode, String error) {
        Run run = e.run;
        Container c = e.c;
        boolean oom = false;
        try {
            oom = run.handle().oomKilled(); // before the runtime deletes the cgroup
        } catch (RuntimeException ignored) {
            // unknown
        }
        health.unwatch(c.id());
        boolean oomReported = ooms.unwatch(c.id()); // published when it happened
        cleanupRuntime(c.id());
        try {
            if (e.rootfsUsers == 0) unmountRootfs(c);
        } catch (RuntimeException ex) {
            LOG.log(System.Logger.Level.WARNING, "container " + c.id() + ": " + ex.getMessage());
        }
        e.run = null;
        e.spec = null;
        endExecs(e);
        Instant now = clock.instant();
        boolean removing = c.state().status() == Status.REMOVING;
        boolean restart = !removing && !e.stopRequested && !closed
                && shouldRestart(e, c, exitCode, Duration.between(run.startedAt(), now));
        Status status = removing ? Status.REMOVING : restart ? Status.RESTARTING : Status.EXITED;
        Container next = c.withState(new ContainerState(status, 0, exitCode, error, c.state().startedAt(), now, oom));
        if (restart) next = next.withRestartCount(c.restartCount() + 1);
        e.c = next;
        saveQuietly(next);
        if (oom && !oomReported) publish(next, "oom", Map.of()); // dockerd's order: oom, then die
        publish(next, "die", Map.of("exitCode", Integer.toString(exitCode),
                "execDuration", Long.toString(Duration.between(run.startedAt(), now).toSeconds())));
        complete(e.nextExit, WaitResult.of(exitCode));
        if (!restart) complete(e.notRunning, WaitResult.of(exitCode));
        run.finished().complete(null);
        if (restart) {
            long delay = e.backoffMillis;
            try {
                e.restartTimer = timers.schedule(() -> tasks.execute(() -> restartByPolicy(e)), delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                // the service is closing: the next one restarts it in recover()
            }
            return () -> { };
        }
        if (!removing && c.hostConfig().autoRemove()) return () -> autoRemove(e);
        return () -> { };
    }

    /** moby's restart manager: whether to restart, with a back-off of 100 ms doubling to a minute (reset after 10 s of running). */
    private boolean shouldRestart(Entry e, Container c, int exitCode, Duration ran) {
        HostSpec.RestartPolicy p = c.hostConfig().restartPolicy();
        if (p.isNone()) return false;
        if (ran.toSeconds() >= 10) e.backoffMillis = 0;
        if (e.backoffMillis == 0) e.backoffMillis = 100;
        else if (e.backoffMillis < MAX_BACKOFF_MILLIS) e.backoffMillis *= 2;
        e.backoffMillis = Math.min(e.backoffMillis, MAX_BACKOFF_MILLIS);
        return p.isAlways()
                || (p.isUnlessStopped() && !c.manuallyStopped())
                || (p.isOnFailure() && exitCode != 0 && (p.maximumRetryCount() == 0 || c.restartCount() < p.maximumRetryCount()));
    }

    private void restartByPolicy(Entry e) {
        e.lock.lock();
        try {
            e.restartTimer = null;
            if (closed || byId.get(e.id) != e || e.c.state().status() != Status.RESTARTING) return;
            try {
                startLocked(e);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "restarting container " + e.id + " failed: " + ex.getMessage());
            }
        } finally {
            e.lock.unlock();
        }
    }

    private void autoRemove(Entry e) {
        try {
            removeEntry(e, true, true); // --rm takes the anonymous volumes too, as dockerd does
        } catch (EngineException ex) {
            if (byId.get(e.id) == e) LOG.log(System.Logger.Level.WARNING, "auto-removing container " + e.id + " failed: " + ex.getMessage());
        }
    }

    /** Cancels a pending policy restart: the container is stopped for good. */
    private void cancelRestartLocked(Entry e) {
        if (e.restartTimer != null) e.restartTimer.cancel(false);
        e.restartTimer = null;
        e.stopRequested = true;
        e.c = e.c.withManuallyStopped(true).withState(e.c.state().withStatus(Status.EXITED));
        saveQuietly(e.c);
        settleWaiters(e);
    }

    /** Answers not-running waiters once the container is not running. */
    private void settleWaiters(Entry e) {
        if (!e.c.state().running()) complete(e.notRunning, WaitResult.of(e.c.state().exitCode()));
    }

    // ---- stop, kill, restart, pause -------------------------------------------------------------

    /**
     * {@code docker stop}: the stop signal ({@code Config.StopSignal}, else SIGTERM), then SIGKILL after
     * {@code timeoutSeconds} (null: the container's StopTimeout, else 10; -1: wait forever). Returns
     * once the exit is recorded. The restart policy does not restart it ({@code unless-stopped} keeps
     * it down across daemon restarts too).
     *
     * @throws EngineException.NotModified it is not running (the API answers 304)
     */
    public void stop(String idOrName, Integer timeoutSeconds) {
        checkOpen();
        Entry e = find(idOrName);
        Run run;
        int timeout;
        e.lock.lock();
        try {
            Status s = e.c.state().status();
            if (s == Status.RESTARTING) {
                cancelRestartLocked(e);
                publish(e.c, "stop", Map.of());
                return;
            }
            if (s != Status.RUNNING && s != Status.PAUSED) throw new EngineException.NotModified("Container " + e.id + " is not running");
            e.stopRequested = true;
            e.c = e.c.withManuallyStopped(true);
            saveQuietly(e.c);
            run = e.run;
            signalLocked(e, Signals.parse(e.c.stopSignal()));
            timeout = timeoutSeconds != null ? timeoutSeconds : e.c.stopTimeout() != null ? e.c.stopTimeout() : DEFAULT_STOP_TIMEOUT;
        } finally {
            e.lock.unlock();
        }
        if (!await(run.finished(), timeout < 0 ? null : Duration.ofSeconds(timeout))) killAndWait(e, run);
        publish(e.c, "stop", Map.of());
    }

    /**
     * {@code docker kill}: sends a signal (name or number; null or empty for SIGKILL). SIGKILL and
     * the stop signal end the container for good (no policy restart); for SIGKILL this returns once
     * the exit is recorded.
     *
     * @throws EngineException.Conflict it is not running
     * @throws EngineException.InvalidArgument "Invalid signal: X"
     */
    public void kill(String idOrName, String signal) {
        checkOpen();
        Entry e = find(idOrName);
        int sig = signal == null || signal.isEmpty() ? Signals.SIGKILL : Signals.parse(signal);
        Run run;
        e.lock.lock();
        try {
            Status s = e.c.state().status();
            boolean last = sig == Signals.SIGKILL || sig == Signals.parse(e.c.stopSignal());
            if (s == Status.RESTARTING) {
                if (last) cancelRestartLocked(e);
                publish(e.c, "kill", Map.of("signal", Integer.toString(sig)));
                return;
            }
            if (s != Status.RUNNING && s != Status.PAUSED) {
                throw new EngineException.Conflict("Cannot kill container: " + idOrName + ": Container " + e.id + " is not running");
            }
            if (last) {
                e.stopRequested = true;
                e.c = e.c.withManuallyStopped(true);
                saveQuietly(e.c);
            }
            run = e.run;
            signalLocked(e, sig, last); // other signals wait in a paused container until it is unpaused, as in Docker
        } finally {
            e.lock.unlock();
        }
        if (sig == Signals.SIGKILL && !await(run.finished(), config.killTimeout())) forceFinish(e, run);
    }

    /** Sends {@code sig} to the init process and publishes {@code kill}; a final signal thaws a paused container so it is delivered. */
    private void signalLocked(Entry e, int sig) {
        signalLocked(e, sig, true);
    }

    private void signalLocked(Entry e, int sig, boolean thaw) {
        Run run = e.run;
        try {
            run.handle().kill(Integer.toString(sig), false);
        } catch (EngineException ex) {
            // it exited meanwhile: the exit handler records it
            if (ex instanceof EngineException.NotFound) return;
            if (ex instanceof EngineException.FailedPrecondition && String.valueOf(ex.getMessage()).endsWith("container not running")) return;
            throw ex;
        }
        publish(e.c, "kill", Map.of("signal", Integer.toString(sig)));
        if (thaw && e.c.state().status() == Status.PAUSED) {
            try {
                conmon.runtime().resume(e.id);
                e.c = e.c.withState(e.c.state().withStatus(Status.RUNNING));
                saveQuietly(e.c);
                publish(e.c, "unpause", Map.of());
            } catch (EngineException ex) {
                LOG.log(System.Logger.Level.WARNING, "cannot thaw container " + e.id + " to deliver signal " + sig + ": " + ex.getMessage());
            }
        }
    }

    /** SIGKILL, then wait; if even that does not end it (a wedged conmon), its runtime state is deleted by force. */
    private void killAndWait(Entry e, Run run) {
        e.lock.lock();
        try {
            if (e.run == run) signalLocked(e, Signals.SIGKILL);
        } finally {
            e.lock.unlock();
        }
        if (!await(run.finished(), config.killTimeout())) forceFinish(e, run);
    }

    private void forceFinish(Entry e, Run run) {
        forceFinish(e, run, 137, "the container did not report its exit; its runtime state was deleted by force");
    }

    private void forceFinish(Entry e, Run run, int code, String error) {
        Runnable after;
        e.lock.lock();
        try {
            if (e.run != run) return;
            OptionalIntCode exit = OptionalIntCode.of(run.handle());
            after = finishRunLocked(e, exit.present() ? exit.code() : code, exit.present() ? "" : error);
        } finally {
            e.lock.unlock();
        }
        after.run();
    }

    private record OptionalIntCode(boolean present, int code) {
        static OptionalIntCode of(ConmonContainer h) {
            try {
                var c = h.exitCode();
                return c.isPresent() ? new OptionalIntCode(true, c.getAsInt()) : new OptionalIntCode(false, 0);
            } catch (RuntimeException e) {
                return new OptionalIntCode(false, 0);
            }
        }
    }

    /** {@code docker restart}: stop (if running) with the timeout, then start; publishes {@code restart}. */
    public void restart(String idOrName, Integer timeoutSeconds) {
        checkOpen();
        Entry e = find(idOrName);
        try {
            stop(idOrName, timeoutSeconds);
        } catch (EngineException.NotModified notRunning) {
            // start it anyway
        }
        e.lock.lock();
        try {
            Status s = e.c.state().status();
            if (s != Status.CREATED && s != Status.EXITED) {
                throw new EngineException.Conflict("Cannot restart container " + idOrName + ": container is " + s.value());
            }
            e.stopRequested = false;
            e.backoffMillis = 0;
            e.c = e.c.withManuallyStopped(false).withRestartCount(0);
            startLocked(e);
            publish(e.c, "restart", Map.of());
        } finally {
            e.lock.unlock();
        }
    }

    /** {@code docker pause}: freezes every process (cgroup freezer). */
    public void pause(String idOrName) {
        checkOpen();
        Entry e = find(idOrName);
        e.lock.lock();
        try {
            Status s = e.c.state().status();
            if (s == Status.PAUSED) throw new EngineException.Conflict("Container " + e.id + " is already paused");
            if (s == Status.RESTARTING) throw new EngineException.Conflict("Container " + e.id + " is restarting, wait until the container is running");
            if (s != Status.RUNNING) throw new EngineException.Conflict("Container " + e.id + " is not running");
            conmon.runtime().pause(e.id);
            e.c = e.c.withState(e.c.state().withStatus(Status.PAUSED));
            saveQuietly(e.c);
            publish(e.c, "pause", Map.of());
        } finally {
            e.lock.unlock();
        }
    }

    /** {@code docker unpause}. */
    public void unpause(String idOrName) {
        checkOpen();
        Entry e = find(idOrName);
        e.lock.lock();
        try {
            if (e.c.state().status() != Status.PAUSED) throw new EngineException.Conflict("Container " + e.id + " is not paused");
            conmon.runtime().resume(e.id);
            e.c = e.c.withState(e.c.state().withStatus(Status.RUNNING));
            saveQuietly(e.c);
            publish(e.c, "unpause", Map.of());
        } finally {
            e.lock.unlock();
        }
    }

    // ---- remove, rename -----------------------------------------------------------------------

    /**
     * {@code docker rm}: with {@code force} a running container is killed first. Deletes everything
     * the container had (directory, log, upper dir) and publishes {@code destroy}.
     *
     * @throws EngineException.Conflict running without {@code force} (dockerd's message), or already being removed
     */
    public void remove(String idOrName, boolean force) {
        remove(idOrName, force, false);
    }

    /** {@code docker rm [-f] [-v]}: {@code removeVolumes} removes its anonymous volumes too (named ones stay). */
    public void remove(String idOrName, boolean force, boolean removeVolumes) {
        checkOpen();
        removeEntry(find(idOrName), force, removeVolumes);
    }

    private void removeEntry(Entry e, boolean force, boolean removeVolumes) {
        Run run;
        e.lock.lock();
        try {
            if (byId.get(e.id) != e) throw new EngineException.NotFound("No such container: " + e.id);
            Status s = e.c.state().status();
            if (s == Status.REMOVING) throw new EngineException.Conflict("removal of container " + e.id + " is already in progress");
            if (e.c.state().running() && !force) {
                String procedure = "Stop the container before attempting removal or force remove";
                if (s == Status.PAUSED) procedure = "Unpause and then stop the container before attempting removal or force remove";
                throw new EngineException.Conflict("You cannot remove a " + s.value() + " container " + e.id + ". " + procedure);
            }
            if (e.restartTimer != null) e.restartTimer.cancel(false);
            e.restartTimer = null;
            e.stopRequested = true;
            e.c = e.c.withState(e.c.state().withStatus(Status.REMOVING));
            saveQuietly(e.c);
            run = e.run;
            if (run != null) signalLocked(e, Signals.SIGKILL);
        } finally {
            e.lock.unlock();
        }
        if (run != null && !await(run.finished(), config.killTimeout())) forceFinish(e, run);
        e.lock.lock();
        try {
            destroyLocked(e, removeVolumes);
        } finally {
            e.lock.unlock();
        }
    }

    private void destroyLocked(Entry e, boolean removeVolumes) {
        Container c = e.c;
        try {
            cleanupRuntime(c.id());
            Mounts.unmountAll(store.dir(c.id()));
            store.delete(c.id());
        } catch (RuntimeException ex) {
            e.c = c.withState(new ContainerState(Status.DEAD, 0, c.state().exitCode(), "removal failed: " + ex.getMessage(),
                    c.state().startedAt(), c.state().finishedAt(), c.state().oomKilled()));
            if (Files.isDirectory(store.dir(c.id()))) saveQuietly(e.c);
            throw new EngineException.Unavailable("unable to remove filesystem for " + c.id() + ": " + ex.getMessage(), ex);
        }
        byId.remove(c.id(), e);
        releaseVolumes(c.id(), c.mounts(), removeVolumes);
        health.forget(c.id());
        releaseName(c.name(), c.id());
        for (String x : e.execIds) execs.remove(x);
        for (Attachment a : List.copyOf(e.waitingAttachments)) a.pump().finishWithoutConnection();
        e.waitingAttachments.clear();
        publish(c, "destroy", Map.of());
        WaitResult result = WaitResult.of(c.state().exitCode());
        complete(e.nextExit, result);
        complete(e.notRunning, result);
        complete(e.removed, result);
    }

    /**
     * {@code docker rename}.
     *
     * @throws EngineException.InvalidArgument an invalid name, or the current one
     * @throws EngineException.Conflict the name is taken
     */
    public void rename(String idOrName, String newName) {
        checkOpen();
        Entry e = find(idOrName);
        String name = Names.normalize(newName);
        e.lock.lock();
        try {
            String old = e.c.name();
            if (old.equals(name)) throw new EngineException.InvalidArgument("Renaming a container with the same name as its current name");
            synchronized (idByName) {
                String holder = idByName.get(name);
                if (holder != null) throw nameConflict(name, holder);
                idByName.put(name, e.id);
                idByName.remove(old, e.id);
            }
            e.c = e.c.withName(name);
            saveQuietly(e.c);
            networks.renamed(e.id, e.c.shortName());
            publish(e.c, "rename", Map.of("oldName", old));
        } finally {
            e.lock.unlock();
        }
    }

    // ---- networks -------------------------------------------------------------------------------

    /**
     * {@code docker network connect}: the container is on the network from its next start, and at once if
     * it runs (an {@code ethN} more).
     *
     * @throws EngineException.Forbidden it is connected already, or its network mode has no own networks
     */
    public void connect(String idOrName, String network, EndpointSpec endpoint) {
        checkOpen();
        Entry e = find(idOrName);
        e.lock.lock();
        try {
            Container c = e.c;
            String mode = c.hostConfig().networkMode();
            String name = networks.inspect(network).name();
            if (mode.equals("host") || mode.startsWith("container:") || name.equals("host")) {
                throw new EngineException.Forbidden("container sharing network namespace with another container or host cannot be connected to any other network");
            }
            if (mode.equals("none") || name.equals("none")) {
                throw new EngineException.Forbidden("container cannot be connected to multiple networks with one of the networks in private (none) mode");
            }
            // a container on no network now (all disconnected, as docker-compose 1.29 does before it connects) may join one
            Map<String, EndpointSpec> wanted = new LinkedHashMap<>(c.networks());
            if (wanted.containsKey(name)) {
                throw new EngineException.Forbidden("endpoint with name " + c.shortName() + " already exists in network " + name);
            }
            wanted.put(name, endpoint);
            Map<String, EndpointSpec> checked = networks.endpointsFor(wanted.keySet().iterator().next(), wanted);
            if (e.run != null) networks.connect(e.id, name, endpoint);
            e.c = c.withNetworks(checked);
            saveQuietly(e.c);
        } finally {
            e.lock.unlock();
        }
    }

    /** {@code docker network disconnect}: off the network from now on (at once if it runs). */
    public void disconnect(String idOrName, String network, boolean force) {
        checkOpen();
        Entry e = find(idOrName);
        e.lock.lock();
        try {
            Container c = e.c;
            String name = networks.inspect(network).name();
            if (!c.networks().containsKey(name)) {
                if (force) return;
                throw new EngineException.Forbidden("container " + c.id() + " is not connected to network " + name);
            }
            if (e.run != null) networks.disconnect(e.id, name);
            Map<String, EndpointSpec> rest = new LinkedHashMap<>(c.networks());
            rest.remove(name);
            e.c = c.withNetworks(rest);
            saveQuietly(e.c);
        } finally {
            e.lock.unlock();
        }
    }

    // ---- wait, inspect, list ------------------------------------------------------------------

    /**
     * {@code POST /containers/{id}/wait}: completes with the exit code when the condition is met. A
     * container removed meanwhile completes every wait with its last exit code.
     */
    public CompletableFuture<WaitResult> wait(String idOrName, WaitCondition condition) {
        Entry e = find(idOrName);
        e.lock.lock();
        try {
            if (byId.get(e.id) != e) return CompletableFuture.completedFuture(WaitResult.of(e.c.state().exitCode()));
            CompletableFuture<WaitResult> f = new CompletableFuture<>();
            switch (condition) {
                case NOT_RUNNING -> {
                    if (!e.c.state().running()) return CompletableFuture.completedFuture(WaitResult.of(e.c.state().exitCode()));
                    e.notRunning.add(f);
                }
                case NEXT_EXIT -> e.nextExit.add(f);
                case REMOVED -> e.removed.add(f);
            }
            return f;
        } finally {
            e.lock.unlock();
        }
    }

    /** @throws EngineException.NotFound "No such container: X" */
    public Container inspect(String idOrName) {
        return find(idOrName).snapshot();
    }

    /** {@code State.Health}: empty for a container without a health check (or never started with one). */
    public Optional<Health> health(String idOrName) {
        return health.health(find(idOrName).id);
    }

    /** {@code docker ps}: newest first, with moby's filter semantics (see {@link ContainerQuery}). */
    public List<Container> list(ContainerQuery q) {
        boolean all = q.all() || !q.statuses().isEmpty();
        for (String s : q.statuses()) Status.parse(s);
        String beforeId = q.before() == null || q.before().isEmpty() ? null : find(q.before()).id;
        String sinceId = q.since() == null || q.since().isEmpty() ? null : find(q.since()).id;
        List<Pattern> ids = patterns(q.ids());
        List<Pattern> names = patterns(q.names());
        Set<Digest> ancestors = new HashSet<>();
        for (String a : q.ancestors()) {
            try {
                ancestors.add(images.inspect(a).id());
            } catch (EngineException.NotFound | EngineException.InvalidArgument ignored) {
                // an unknown image matches nothing, as in moby
            }
        }
        List<Container> sorted = byId.values().stream().map(Entry::snapshot)
                .sorted(Comparator.comparing(Container::created).reversed().thenComparing(Container::id)).toList();
        List<Container> out = new ArrayList<>();
        boolean skippingUntilBefore = beforeId != null;
        for (Container c : sorted) {
            if (!c.state().running() && !all && q.limit() <= 0 && beforeId == null && sinceId == null) continue;
            if (!names.isEmpty() && names.stream().noneMatch(p -> p.matcher(c.name()).find())) continue;
            if (!ids.isEmpty() && ids.stream().noneMatch(p -> p.matcher(c.id()).find())) continue;
            if (!Labels.matchesAll(c.labels(), q.labels())) continue;
            if (skippingUntilBefore) {
                if (c.id().equals(beforeId)) skippingUntilBefore = false;
                continue;
            }
            if (sinceId != null && c.id().equals(sinceId)) break;
            if (q.limit() > 0 && out.size() == q.limit()) break;
            if (!q.exited().isEmpty() && (c.state().running() || !q.exited().contains(c.state().exitCode()))) continue;
            if (!q.statuses().isEmpty() && !q.statuses().contains(c.state().status().value())) continue;
            if (!q.ancestors().isEmpty() && !descendsFrom(c.imageId(), ancestors)) continue;
            out.add(c);
        }
        return out;
    }

    private boolean descendsFrom(Digest image, Set<Digest> ancestors) {
        Digest cur = image;
        for (int depth = 0; cur != null && depth < 256; depth++) {
            if (ancestors.contains(cur)) return true;
            try {
                cur = images.inspect(cur.toString()).parent().orElse(null);
            } catch (EngineException e) {
                return false;
            }
        }
        return false;
    }

    private static List<Pattern> patterns(List<String> values) {
        List<Pattern> out = new ArrayList<>();
        for (String v : values) {
            try {
                out.add(Pattern.compile(v));
            } catch (PatternSyntaxException e) {
                throw new EngineException.InvalidArgument("invalid filter value " + v + ": " + e.getDescription());
            }
        }
        return out;
    }

    /** Container counts for {@code docker info}. */
    public ContainerCounts counts() {
        int running = 0, paused = 0, stopped = 0;
        for (Entry e : byId.values()) {
            switch (e.c.state().status()) {
                case RUNNING -> running++;
                case PAUSED -> paused++;
                default -> stopped++;
            }
        }
        return new ContainerCounts(running + paused + stopped, running, paused, stopped);
    }

    /** {@code SizeRw} (bytes in the container's upper dir) and {@code SizeRootFs} (plus its image). */
    public ContainerSize size(String idOrName) {
        Container c = find(idOrName).c;
        long rw = du(c.rootfs().upperDir());
        long image = 0;
        try {
            image = images.inspect(c.imageId().toString()).size();
        } catch (EngineException ignored) {
            // the image was deleted by force; its layers stay, unaccounted
        }
        return new ContainerSize(rw, rw + image);
    }

    // ---- the container's files (diff, cp, export, commit; see ContainerFiles) -------------------

    /** {@code docker diff}: the changes in the container's upper dir; works on stopped containers too. */
    public List<FileChange> changes(String idOrName) {
        Container c = find(idOrName).c;
        List<Path> lowers = c.rootfs().chainId() == null ? List.of() : layers.chain(c.rootfs().chainId()).lowerDirs();
        return ContainerFiles.changes(c.rootfs().upperDir(), lowers);
    }

    /** Receives the stat of a path before its archive is written (to send it as a header). */
    @FunctionalInterface
    public interface ArchiveSink {
        OutputStream open(PathStat stat) throws IOException;
    }

    /**
     * {@code HEAD /containers/{id}/archive}: what is at {@code path}.
     *
     * @throws EngineException.NotFound "Could not find the file X in container Y"
     */
    public PathStat statPath(String idOrName, String path) {
        return withRootfs(idOrName, path, (c, root) -> ContainerFiles.stat(root, path));
    }

    /** {@code docker cp CONTAINER:path}: the stat goes to {@code sink}, then the tar into what it returns. Publishes {@code archive-path}. */
    public void archivePath(String idOrName, String path, ArchiveSink sink) {
        withRootfs(idOrName, path, (c, root) -> {
            OutputStream out = sink.open(ContainerFiles.stat(root, path));
            publish(c, "archive-path", Map.of());
            ContainerFiles.archive(root, path, out);
            return null;
        });
    }

    /**
     * {@code docker cp - CONTAINER:dir}: extracts a tar into a directory of the container. The archive's
     * owners are kept unless {@code copyUidGid}, which gives everything to the container's user.
     * Publishes {@code extract-to-dir}.
     *
     * @throws EngineException.NotFound "Could not find the file X in container Y"
     * @throws EngineException.InvalidArgument not a directory, a read-only root, a bad archive
     */
    public void extractToDir(String idOrName, String path, InputStream tar, boolean noOverwriteDirNonDir, boolean copyUidGid) {
        withRootfs(idOrName, path, (c, root) -> {
            if (c.hostConfig().readonlyRootfs()) throw new EngineException.Forbidden("container rootfs is marked read-only");
            int[] owner = null;
            if (copyUidGid) {
                Spec.User u = Users.resolve(root, c.config().user());
                owner = new int[] {(int) u.uid(), (int) u.gid()};
            }
            ContainerFiles.extract(root, path, tar, noOverwriteDirNonDir, owner);
            publish(c, "extract-to-dir", Map.of());
            return null;
        });
    }

    /** {@code docker export}: the merged root filesystem as a tar (mounted for the time it takes). Publishes {@code export}. */
    public void export(String idOrName, OutputStream out) {
        withRootfs(idOrName, "/", (c, root) -> {
            publish(c, "export", Map.of());
            ContainerFiles.export(root, out);
            return null;
        });
    }

    private interface RootfsWork<T> {
        T run(Container c, Path root) throws IOException;
    }

    /**
     * Runs {@code work} on the container's mounted root filesystem, mounting it first if the container
     * does not run; the last user unmounts it unless a run has begun meanwhile. A missing file is
     * dockerd's "Could not find the file" (404).
     */
    private <T> T withRootfs(String idOrName, String path, RootfsWork<T> work) {
        checkOpen();
        Entry e = find(idOrName);
        Container c;
        e.lock.lock();
        try {
            Status s = e.c.state().status();
            if (s == Status.REMOVING || s == Status.DEAD) {
                throw new EngineException.Conflict("container " + e.id + " is marked for removal and its files cannot be used");
            }
            c = e.c;
            mountRootfs(c);
            e.rootfsUsers++;
        } finally {
            e.lock.unlock();
        }
        try {
            return work.run(c, c.rootfs().mergedDir());
        } catch (java.nio.file.FileSystemException ex) {
            if (ex instanceof java.nio.file.NoSuchFileException || "Not a directory".equals(ex.getReason())) {
                throw new EngineException.NotFound("Could not find the file " + path + " in container " + idOrName);
            }
            throw new EngineException.Unavailable("cannot use the files of container " + c.id() + ": " + ex.getMessage(), ex);
        } catch (IOException ex) {
            throw new EngineException.Unavailable("cannot use the files of container " + c.id() + ": " + ex.getMessage(), ex);
        } finally {
            e.lock.lock();
            try {
                if (--e.rootfsUsers == 0 && e.run == null && byId.get(e.id) == e) unmountRootfs(e.c);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "container " + e.id + ": " + ex.getMessage());
            } finally {
                e.lock.unlock();
            }
        }
    }

    /** Work on a container's mounted root filesystem (the builder's COPY and WORKDIR); see {@link #withFiles}. */
    @FunctionalInterface
    public interface FilesWork<T> {
        T apply(Path root, Container c) throws IOException;
    }

    /**
     * Runs {@code work} on the container's root filesystem, mounted meanwhile: the builder writes a step's files
     * into a container it does not start. Paths under {@code root} must be resolved in it ({@link #resolveInRoot}).
     */
    public <T> T withFiles(String idOrName, FilesWork<T> work) {
        return withRootfs(idOrName, "/", (c, root) -> work.apply(root, c));
    }

    /** A path of a container's root filesystem on the host: links followed inside the root, never out of it. */
    public static Path resolveInRoot(Path root, String path) {
        return RootfsPaths.resolve(root, ContainerFiles.clean("/" + path));
    }

    /** {@code {uid, gid}} of a user spec ({@code name}, {@code uid}, {@code name:group}...) in a root filesystem's passwd and group. */
    public static int[] owner(Path root, String user) {
        Spec.User u = Users.resolve(root, user);
        return new int[] {(int) u.uid(), (int) u.gid()};
    }

    /**
     * A build step's commit: the container's changes as a layer over its image, with {@code config} as the new
     * image's and {@code createdBy} as its history step (Docker's classic builder's {@code /bin/sh -c ...}).
     */
    public Image commitStep(String idOrName, ContainerConfig config, String createdBy) {
        Container c = find(idOrName).c;
        try {
            Files.createDirectories(c.rootfs().upperDir());
        } catch (IOException ex) {
            throw new EngineException.Unavailable("cannot commit container " + c.id() + ": " + ex.getMessage(), ex);
        }
        return images.commit(new dev.berth.image.CommitSpec(Optional.of(c.imageId()),
                out -> ContainerFiles.writeLayer(c.rootfs().upperDir(), out), config, c.config(), c.id(), "", "", createdBy,
                Optional.empty(), dev.berth.image.ImportOptions.DEFAULT_ENGINE_VERSION, clock.instant()));
    }

    /**
     * {@code docker commit}: a new image of the container's image plus its changes, with its config
     * (plus {@code changes} lines), a history step with the comment and author, tagged if
     * {@code options.reference()} is given. A running container is paused meanwhile if asked.
     * Publishes {@code commit} (and the image's {@code tag}).
     *
     * @throws EngineException.Conflict dead or being removed
     * @throws EngineException.InvalidArgument a bad change line or reference
     */
    public Image commit(String idOrName, CommitOptions options) {
        checkOpen();
        Entry e = find(idOrName);
        Container c = e.c;
        if (c.state().status() == Status.DEAD) throw new EngineException.Conflict("You cannot commit container " + c.id() + " which is Dead");
        if (c.state().status() == Status.REMOVING) {
            throw new EngineException.Conflict("You cannot commit container " + c.id() + " which is being removed");
        }
        ContainerConfig config = ConfigMerge.merge(
                dev.berth.engine.image.ImageChanges.apply(options.config().orElse(c.config()), options.changes()), c.config());
        boolean paused = false;
        if (options.pause() && c.state().status() == Status.RUNNING) {
            try {
                pause(c.id());
                paused = true;
            } catch (EngineException.Conflict stoppedMeanwhile) {
                // nothing runs: nothing to pause
            }
        }
        try {
            Files.createDirectories(c.rootfs().upperDir());
            Image image = images.commit(new dev.berth.image.CommitSpec(Optional.of(c.imageId()),
                    out -> ContainerFiles.writeLayer(c.rootfs().upperDir(), out), config, c.config(), c.id(),
                    options.comment(), options.author(), c.config().cmd() == null ? "" : String.join(" ", c.config().cmd()),
                    options.reference(), dev.berth.image.ImportOptions.DEFAULT_ENGINE_VERSION, clock.instant()));
            publish(c, "commit", Map.of("comment", options.comment(), "imageID", image.id().toString(),
                    "imageRef", options.reference().map(dev.berth.oci.ImageRef::familiar).orElse("")));
            return image;
        } catch (IOException ex) {
            throw new EngineException.Unavailable("cannot commit container " + c.id() + ": " + ex.getMessage(), ex);
        } finally {
            if (paused) {
                try {
                    unpause(c.id());
                } catch (EngineException ex) {
                    LOG.log(System.Logger.Level.WARNING, "container " + c.id() + ": cannot unpause after commit: " + ex.getMessage());
                }
            }
        }
    }

    // ---- logs, attach, resize -----------------------------------------------------------------

    /** {@code docker logs}: conmon's log of the container (see {@link ContainerLogs}). */
    public ContainerLogs logs(String idOrName, LogOptions options) {
        Entry e = find(idOrName);
        return new ContainerLogs(e.c.logPath(), options, () -> byId.get(e.id) == e && e.c.state().running());
    }

    /**
     * Attaches a client to the container's stdio. On a created or stopped container (or one waiting to
     * be restarted) the attachment waits and is connected at the next start before the process runs,
     * so it sees all output; on a running one, output from now on. With {@code logs}, what was logged so
     * far is delivered first. Publishes {@code attach}.
     *
     * @throws EngineException.Conflict paused, dead or being removed
     */
    public Attachment attach(String idOrName, AttachOptions options, OutputSink sink) {
        checkOpen();
        Entry e = find(idOrName);
        boolean openStdin = Boolean.TRUE.equals(e.c.config().openStdin());
        StdioPump pump = new StdioPump(e.c.shortId(), sink, options.stdin() && openStdin, options.stdout(), options.stderr());
        Attachment[] self = new Attachment[1];
        Attachment a = new Attachment(pump, () -> {
            e.lock.lock();
            try {
                e.waitingAttachments.remove(self[0]);
            } finally {
                e.lock.unlock();
            }
        });
        self[0] = a;
        Status s = e.c.state().status();
        if (s == Status.PAUSED) throw new EngineException.Conflict("You cannot attach to a paused container, unpause it first");
        if (s == Status.REMOVING || s == Status.DEAD) throw new EngineException.Conflict("You cannot attach to a stopped container, start it first");
        if (options.logs()) {
            try {
                for (LogEntry l : K8sFileLogReader.readAll(e.c.logPath())) {
                    pump.deliver(l.stream() == LogStream.STDERR ? StdStream.STDERR : StdStream.STDOUT, l.bytes());
                }
            } catch (IOException ex) {
                pump.finishWithoutConnection();
                return a;
            }
        }
        if (!options.stream()) {
            pump.finishWithoutConnection();
            return a;
        }
        e.lock.lock();
        try {
            switch (e.c.state().status()) {
                case RUNNING -> pump.connect(e.run.handle().attach());
                case CREATED, EXITED, RESTARTING -> e.waitingAttachments.add(a);
                default -> throw new EngineException.Conflict("You cannot attach to a " + e.c.state().status().value() + " container");
            }
            publish(e.c, "attach", Map.of());
        } finally {
            e.lock.unlock();
        }
        return a;
    }

    /** Sets the terminal size of a running container ({@code docker run -t} clients call it on start and on SIGWINCH). */
    public void resize(String idOrName, int height, int width) {
        Entry e = find(idOrName);
        e.lock.lock();
        try {
            if (e.run == null) throw new EngineException.Conflict("Container " + e.id + " is not running");
            e.run.handle().resize(height, width);
            publish(e.c, "resize", Map.of("height", Integer.toString(height), "width", Integer.toString(width)));
        } finally {
            e.lock.unlock();
        }
    }

    // ---- exec ---------------------------------------------------------------------------------

    /**
     * {@code POST /containers/{id}/exec}: registers a session (nothing runs yet); publishes
     * {@code exec_create: <cmd>}.
     *
     * @return the exec id
     * @throws EngineException.Conflict the container is not running, or paused, or restarting
     */
    public String execCreate(String idOrName, ExecSpec spec) {
        checkOpen();
        Entry e = find(idOrName);
        if (spec.cmd().isEmpty()) throw new EngineException.InvalidArgument("No exec command specified");
        e.lock.lock();
        try {
            checkExecutable(e);
            String id = Ids.newId();
            execs.put(id, new ExecInstance(id, e.id, spec));
            e.execIds.add(id);
            publish(e.c, "exec_create: " + String.join(" ", spec.cmd()), Map.of("execID", id));
            return id;
        } finally {
            e.lock.unlock();
        }
    }

    private static void checkExecutable(Entry e) {
        switch (e.c.state().status()) {
            case RUNNING -> { }
            case PAUSED -> throw new EngineException.Conflict("Container " + e.id + " is paused, unpause the container before exec");
            case RESTARTING -> throw new EngineException.Conflict("Container " + e.id + " is restarting, wait until the container is running");
            default -> throw new EngineException.Conflict("Container " + e.id + " is not running");
        }
    }

    /**
     * {@code POST /exec/{id}/start}: runs the session's command under its own conmon. Attached (not
     * {@code detach}), the connection is made before the process starts, so all output reaches
     * {@code sink}. Publishes {@code exec_start: <cmd>}, and {@code exec_die} with the exit code.
     *
     * @throws EngineException.NotFound no such exec instance
     * @throws EngineException.Conflict it ran already, or the container does not run
     * @throws EngineException.InvalidArgument the command is not found (exit code 127) or not executable (126)
     */
    public ExecStream execStart(String execId, boolean detach, OutputSink sink) {
        checkOpen();
        ExecInstance x = exec(execId);
        synchronized (x) {
            if (x.started) throw new EngineException.Conflict("Error: Exec command " + execId + " has already run");
            x.started = true;
        }
        Entry e = byId.get(x.containerId);
        if (e == null) throw new EngineException.NotFound("No such container: " + x.containerId);
        ExecSpec s = x.spec;
        Spec.Process process;
        Container c;
        e.lock.lock();
        try {
            checkExecutable(e);
            c = e.c;
            Spec.Process base = e.spec != null ? e.spec.process() : new Bundle(conmon.execRoot().container(e.id).bundle()).readSpec().process();
            Spec.User user = s.user().isEmpty() ? null : Users.resolve(c.rootfs().mergedDir(), s.user());
            List<String> env = new ArrayList<>();
            if (s.tty() && base.env().stream().noneMatch(v -> ConfigMerge.key(v).equals("TERM"))) env.add("TERM=xterm");
            env.addAll(s.env());
            process = ExecProcesses.derive(base, s.cmd(), env, s.workingDir().isEmpty() ? null : s.workingDir(), user, s.tty(),
                    s.privileged(), grantable());
            HostSpec.ConsoleSize size;
            synchronized (x) {
                size = x.pendingSize != null ? x.pendingSize : s.consoleSize();
            }
            if (s.tty() && size != null && size.height() > 0 && size.width() > 0) {
                process = process.withTerminal(true, new Spec.ConsoleSize(size.height(), size.width()));
            }
        } catch (RuntimeException ex) {
            x.exitCode = 126;
            throw ex;
        } finally {
            e.lock.unlock();
        }
        boolean attach = !detach;
        boolean stdin = attach && s.attachStdin();
        ExecSession session;
        try {
            session = conmon.exec(e.id, new ExecOptions(execId, process, attach, stdin));
        } catch (EngineException ex) {
            x.exitCode = 126; // as dockerd for any exec that does not start (daemon/exec.go), even a missing command
            throw ex;
        }
        HostSpec.ConsoleSize early;
        synchronized (x) {
            x.session = session;
            x.pid = session.pid();
            x.running = true;
            early = x.pendingSize;
        }
        if (early != null && s.tty()) {
            try {
                session.resize(early.height(), early.width());
            } catch (EngineException ignored) {
                // it exited already
            }
        }
        publish(c, "exec_start: " + String.join(" ", s.cmd()), Map.of("execID", execId));
        StdioPump pump = new StdioPump(execId.substring(0, 12), sink, stdin, s.attachStdout(), s.attachStderr());
        if (session.attachment().isPresent()) pump.connect(session.attachment().get());
        else pump.finishWithoutConnection();
        // Recorded before the stream completes: a client reads the code from execInspect once its stream ends.
        CompletableFuture<Integer> exit = session.exitCode().exceptionally(err -> 137).thenApply(code -> {
            x.exitCode = code;
            x.running = false;
            publish(e.c, "exec_die", Map.of("execID", execId, "exitCode", Integer.toString(code)));
            return code;
        });
        // The pump closes the attach connection once it has read all output.
        CompletableFuture<Integer> done = exit.thenCombine(pump.outputDone(), (code, v) -> code);
        return new ExecStream(pump, done);
    }

    /** Drops a finished exec session of the daemon's own (a health check): not listed, not inspectable. */
    void forgetExec(String execId) {
        ExecInstance x = execs.remove(execId);
        Entry e = x == null ? null : byId.get(x.containerId);
        if (e == null) return;
        e.lock.lock();
        try {
            e.execIds.remove(execId);
        } finally {
            e.lock.unlock();
        }
    }

    /** {@code GET /exec/{id}/json}. */
    public ExecInfo execInspect(String execId) {
        ExecInstance x = exec(execId);
        ExecSpec s = x.spec;
        return new ExecInfo(x.id, x.containerId, x.running, x.exitCode, x.pid, s.tty(), s.cmd().getFirst(),
                s.cmd().subList(1, s.cmd().size()), s.privileged(), s.user(), s.attachStdin(), s.attachStdout(),
                s.attachStderr(), x.started && !x.running, s.detachKeys());
    }

    /** Sets an exec's terminal size; before its process runs, the size is applied when it starts. */
    public void execResize(String execId, int height, int width) {
        ExecInstance x = exec(execId);
        ExecSession session;
        synchronized (x) {
            session = x.session;
            if (session == null && x.exitCode == null) {
                x.pendingSize = new HostSpec.ConsoleSize(height, width);
                return;
            }
        }
        if (session == null || !x.running) throw new EngineException.Conflict("Exec " + execId + " is not running");
        session.resize(height, width);
    }

    private ExecInstance exec(String execId) {
        ExecInstance x = execId == null ? null : execs.get(execId);
        if (x == null) throw new EngineException.NotFound("No such exec instance: " + execId);
        return x;
    }

    /** Marks the sessions of a container whose process ended (their conmons are gone with it). */
    private void endExecs(Entry e) {
        for (String id : e.execIds) {
            ExecInstance x = execs.get(id);
            if (x != null && x.running) {
                x.running = false;
                if (x.exitCode == null) x.exitCode = 137;
            }
        }
    }

    // ---- top, stats, prune --------------------------------------------------------------------

    /**
     * {@code docker top}: the host's {@code ps} ({@code -ef} unless {@code psArgs} say otherwise), the
     * rows of the container's processes only, as dockerd does.
     */
    public TopResult top(String idOrName, String psArgs) {
        Entry e = find(idOrName);
        Container c = e.c;
        if (!c.state().running()) throw new EngineException.Conflict("Container " + c.id() + " is not running");
        if (c.state().restarting()) throw new EngineException.Conflict("Container " + c.id() + " is restarting, wait until the container is running");
        List<Long> pids = conmon.runtime().ps(c.id());
        List<String> argv = new ArrayList<>(List.of("ps"));
        String args = psArgs == null || psArgs.isBlank() ? "-ef" : psArgs.trim();
        argv.addAll(List.of(args.split("\\s+")));
        String output;
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(false).start();
            p.getOutputStream().close();
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            byte[] err = p.getErrorStream().readAllBytes();
            if (p.waitFor() != 0) {
                throw new EngineException.Unavailable("ps " + args + " failed: " + new String(err, StandardCharsets.UTF_8).strip(), null);
            }
        } catch (IOException ex) {
            throw new EngineException.Unavailable("cannot run ps: " + ex.getMessage(), ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new EngineException.Unavailable("interrupted while running ps", ex);
        }
        TopResult r = Top.parse(output, new HashSet<>(pids));
        publish(c, "top", Map.of());
        return r;
    }

    /** A {@code docker stats} sample: the container's cgroup counters, empty when it does not run. */
    public ContainerStats stats(String idOrName) {
        Container c = find(idOrName).c;
        if (c.state().status() != Status.RUNNING && c.state().status() != Status.PAUSED) {
            return new ContainerStats(c.id(), c.name(), Optional.empty());
        }
        try {
            return ContainerStats.sample(c, cgroupStats.read(cgroupsPath(c.id())));
        } catch (EngineException.NotFound gone) {
            return new ContainerStats(c.id(), c.name(), Optional.empty());
        }
    }

    /**
     * {@code docker update}: changes limits and the restart policy (see {@link ContainerUpdate});
     * applied at once through the runtime to a running container, and recorded for its next starts.
     * Publishes {@code update}.
     *
     * @return warnings (none so far)
     * @throws EngineException.Conflict conflicting settings (dockerd's messages), or the container is being removed
     */
    public List<String> update(String idOrName, ContainerUpdate update) {
        checkOpen();
        Entry e = find(idOrName);
        e.lock.lock();
        try {
            if (e.c.state().removing() || e.c.state().dead()) {
                throw new EngineException.Conflict("Cannot update container " + e.id + ": container is marked for removal and cannot be \"update\"");
            }
            HostSpec host = update.applyTo(e.c.hostConfig());
            if (e.run != null) {
                try {
                    conmon.runtime().update(e.id, ContainerUpdate.runtimeResources(host.resources()));
                } catch (EngineException.FailedPrecondition ex) {
                    throw new EngineException.FailedPrecondition("Cannot update container " + e.id + ": " + ex.getMessage());
                }
            }
            e.c = e.c.withHostConfig(host);
            saveQuietly(e.c);
            publish(e.c, "update", Map.of());
            return List.of();
        } finally {
            e.lock.unlock();
        }
    }

    /** {@code docker container prune}: removes the stopped containers the filter selects; publishes {@code prune}. */
    public PruneReport prune(PruneFilter filter) {
        checkOpen();
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (Entry e : List.copyOf(byId.values())) {
            Container c = e.c;
            if (c.state().running() || c.state().removing()) continue;
            if (filter.until() != null && !c.created().isBefore(filter.until())) continue;
            if (!Labels.matchesAll(c.labels(), filter.labels()) || Labels.matchesAny(c.labels(), filter.notLabels())) continue;
            long size = du(c.rootfs().upperDir());
            try {
                removeEntry(e, false, false);
                deleted.add(c.id());
                reclaimed += size;
            } catch (EngineException ex) {
                LOG.log(System.Logger.Level.WARNING, "prune: container " + c.id() + ": " + ex.getMessage());
            }
        }
        events.publish("container", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
        return new PruneReport(deleted, reclaimed);
    }

    // ---- image users and GC roots -------------------------------------------------------------

    @Override
    public List<String> runningContainers(Digest imageId) {
        return byId.values().stream().map(e -> e.c).filter(c -> c.imageId().equals(imageId) && c.state().running())
                .map(Container::id).sorted().toList();
    }

    @Override
    public List<String> stoppedContainers(Digest imageId) {
        return byId.values().stream().map(e -> e.c).filter(c -> c.imageId().equals(imageId) && !c.state().running())
                .map(Container::id).sorted().toList();
    }

    @Override
    public Set<Digest> chainIds() {
        Set<Digest> ids = new HashSet<>();
        for (Entry e : byId.values()) {
            Digest d = e.c.rootfs().chainId();
            if (d != null) ids.add(d);
        }
        return Set.copyOf(ids);
    }

    // ---- recovery -----------------------------------------------------------------------------

    /**
     * Reads every container from disk after a daemon (re)start and reconciles it with the runtime:
     * containers whose conmon still runs stay running and managed (their exit is watched again); those
     * that exited meanwhile get their exit code from conmon's exit file (255 if it is lost, e.g. after
     * a reboot); leftover mounts, conmons, runtime state and half-created or half-removed containers are
     * cleaned up. Then the restart policies act: {@code always}, {@code unless-stopped} unless the user
     * stopped it, {@code on-failure} after a failure the user did not cause.
     *
     * @return warnings (unreadable records, failed clean-ups or restarts)
     */
    public List<String> recover() {
        checkOpen();
        List<String> problems = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        List<Container> all = store.loadAll(problems, incomplete);
        for (String id : incomplete) {
            try {
                Mounts.unmountAll(store.dir(id));
                store.delete(id);
            } catch (RuntimeException ex) {
                problems.add("cannot delete the unfinished container directory " + store.dir(id) + ": " + ex.getMessage());
            }
        }
        Set<String> known = new HashSet<>();
        for (Container c : all) {
            if (byId.containsKey(c.id())) continue;
            synchronized (idByName) {
                if (idByName.containsKey(c.name())) {
                    problems.add("container " + c.id() + " has the name " + c.name() + " of another; it keeps its id as name");
                    c = c.withName("/" + c.id());
                }
                idByName.put(c.name(), c.id());
            }
            byId.put(c.id(), new Entry(c));
            known.add(c.id());
            for (MountPoint m : c.mounts()) {
                if (!m.isVolume()) continue;
                try {
                    volumes.reference(m.name(), c.id());
                } catch (EngineException ex) {
                    problems.add("container " + c.id() + ": " + ex.getMessage());
                }
            }
        }
        for (String id : conmon.containerIds()) {
            if (known.contains(id) || byId.containsKey(id)) continue;
            try {
                conmon.remove(id); // a container this daemon does not know: its runtime leftovers go
                removeCgroup(id);
            } catch (RuntimeException ex) {
                problems.add("cannot remove the runtime leftovers of unknown container " + id + ": " + ex.getMessage());
            }
        }
        List<Entry> toRemove = new ArrayList<>();
        List<Runnable> after = new ArrayList<>();
        for (String id : known) {
            Entry e = byId.get(id);
            e.lock.lock();
            try {
                Container c = e.c;
                switch (c.state().status()) {
                    case RUNNING, PAUSED -> after.add(recoverRunning(e, problems));
                    case REMOVING -> toRemove.add(e);
                    case RESTARTING -> {
                        e.c = c.withState(c.state().withStatus(Status.EXITED));
                        saveQuietly(e.c);
                        cleanupLeftovers(e, problems);
                    }
                    default -> cleanupLeftovers(e, problems);
                }
            } finally {
                e.lock.unlock();
            }
        }
        after.forEach(Runnable::run);
        Set<String> running = new HashSet<>();
        for (Entry e : byId.values()) if (e.run != null) running.add(e.id);
        for (String id : running) {
            for (MountPoint m : byId.get(id).c.mounts()) {
                if (!m.isVolume()) continue;
                try {
                    volumes.mount(m.name(), id, null); // counts it again (a device volume stays mounted)
                } catch (EngineException ex) {
                    problems.add("container " + id + ": " + ex.getMessage());
                }
            }
        }
        networks.detachAllExcept(running);
        for (Entry e : toRemove) {
            e.lock.lock();
            try {
                destroyLocked(e, false);
            } catch (RuntimeException ex) {
                problems.add("cannot finish removing container " + e.id + ": " + ex.getMessage());
            } finally {
                e.lock.unlock();
            }
        }
        for (Entry e : List.copyOf(byId.values())) {
            e.lock.lock();
            try {
                Container c = e.c;
                if (c.state().status() != Status.EXITED || c.state().startedAt() == null) continue;
                HostSpec.RestartPolicy p = c.hostConfig().restartPolicy();
                boolean restart = p.isAlways() || (p.isUnlessStopped() && !c.manuallyStopped())
                        || (p.isOnFailure() && !c.manuallyStopped() && c.state().exitCode() != 0
                        && (p.maximumRetryCount() == 0 || c.restartCount() < p.maximumRetryCount()));
                if (!restart) continue;
                e.stopRequested = false;
                startLocked(e);
            } catch (RuntimeException ex) {
                problems.add("cannot restart container " + e.id + " (restart policy " + e.c.hostConfig().restartPolicy().name() + "): " + ex.getMessage());
            } finally {
                e.lock.unlock();
            }
        }
        problems.forEach(p -> LOG.log(System.Logger.Level.WARNING, p));
        return problems;
    }

    /** A container that was running when the daemon stopped: still running, or exited meanwhile. */
    private Runnable recoverRunning(Entry e, List<String> problems) {
        Container c = e.c;
        ConmonContainer handle;
        try {
            handle = conmon.open(c.id());
        } catch (EngineException.NotFound gone) { // the exec root is gone (a reboot): so is the process
            cleanupLeftovers(e, problems);
            e.c = c.withState(new ContainerState(Status.EXITED, 0, 255, "", c.state().startedAt(), clock.instant(), false));
            saveQuietly(e.c);
            return () -> { };
        }
        Instant started = c.state().startedAt() == null ? clock.instant() : c.state().startedAt();
        Run run = new Run(handle, new CompletableFuture<>(), started);
        e.run = run;
        var exit = OptionalIntCode.of(handle);
        if (handle.conmonRunning() && !exit.present()) {
            try {
                e.spec = new Bundle(handle.paths().bundle()).readSpec();
            } catch (EngineException ex) {
                problems.add("container " + c.id() + ": cannot read its spec (exec will not work): " + ex.getMessage());
            }
            if (!Mounts.isMountPoint(c.rootfs().mergedDir())) {
                problems.add("container " + c.id() + " runs but its root filesystem is not mounted at " + c.rootfs().mergedDir());
            }
            arm(e, run);
            return () -> { };
        }
        // Exited while the daemon was down (or conmon died with it).
        Runnable after = finishRunLocked(e, exit.present() ? exit.code() : 255,
                exit.present() ? "" : "conmon exited without recording the container's exit");
        return after;
    }

    private void cleanupLeftovers(Entry e, List<String> problems) {
        try {
            if (Files.isDirectory(conmon.execRoot().container(e.id).dir())) cleanupRuntime(e.id);
            unmountRootfs(e.c);
        } catch (RuntimeException ex) {
            problems.add("container " + e.id + ": " + ex.getMessage());
        }
    }

    /**
     * The safety net under the exit monitor: a run whose conmon is gone is ended here, with the exit
     * code conmon recorded (an exit the monitor missed) or, if conmon died without recording one
     * (killed by someone), by killing what is left of the container.
     */
    private void watchdog() {
        if (closed) return;
        for (Entry e : byId.values()) {
            Run run;
            e.lock.lock();
            try {
                run = e.run;
            } finally {
                e.lock.unlock();
            }
            if (run == null || run.handle().conmonPid() <= 0 || run.handle().conmonRunning()) continue;
            try {
                Thread.sleep(200); // let the exit monitor handle an exit that is just happening
            } catch (InterruptedException ex) {
                return;
            }
            OptionalIntCode exit = OptionalIntCode.of(run.handle());
            if (exit.present()) onExit(e, run, exit.code(), "");
            else forceFinish(e, run, 137, "conmon exited unexpectedly; the container was killed");
        }
    }

    // ---- filesystem and runtime helpers -------------------------------------------------------

    private void mountRootfs(Container c) {
        Container.Rootfs r = c.rootfs();
        if (Mounts.isMountPoint(r.mergedDir())) return;
        try {
            Files.createDirectories(r.upperDir());
            Files.createDirectories(r.workDir());
            Files.createDirectories(r.mergedDir());
            OverlayChain chain = r.chainId() == null ? new OverlayChain(List.of(Files.createDirectories(emptyLower(c)))) : layers.chain(r.chainId());
            Libc.mount("overlay", r.mergedDir(), "overlay", 0, chain.mountData(r.upperDir(), r.workDir()));
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot mount the root filesystem of container " + c.id() + ": " + e.getMessage(), e);
        }
    }

    private Path emptyLower(Container c) {
        return store.dir(c.id()).resolve("rootfs/empty");
    }

    private void unmountRootfs(Container c) {
        Mounts.unmountAll(c.rootfs().mergedDir());
    }

    /** Docker creates a missing working directory, owned by the process's user. */
    private static void prepareWorkingDir(Container c, Path rootfs, Spec.User user) throws IOException {
        String wd = c.config().workingDir();
        if (wd == null || wd.isEmpty() || wd.equals("/")) return;
        if (!wd.startsWith("/")) {
            throw new EngineException.InvalidArgument("the working directory '" + wd + "' is invalid, it needs to be an absolute path");
        }
        Path target = RootfsPaths.resolve(rootfs, wd);
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) return;
        List<Path> created = new ArrayList<>();
        for (Path p = target; p != null && p.startsWith(rootfs) && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) created.add(p);
        Files.createDirectories(target);
        for (Path p : created) Libc.lchown(p, (int) user.uid(), (int) user.gid());
    }

    private SpecFactory.Network network(Container c) {
        String mode = c.hostConfig().networkMode();
        if (mode.equals("host")) return new SpecFactory.Network.Host();
        if (mode.startsWith("container:")) {
            Entry other = find(mode.substring("container:".length()));
            ContainerState st = other.c.state();
            if (st.status() != Status.RUNNING && st.status() != Status.PAUSED) {
                throw new EngineException.Conflict("cannot join network of a non running container: " + other.id);
            }
            return new SpecFactory.Network.Join(Path.of("/proc", Long.toString(st.pid()), "ns", "net"));
        }
        return new SpecFactory.Network.Own();
    }

    /** Writes (or, for {@code container:} mode, borrows) the hostname, hosts and resolv.conf files. */
    private Path[] writeEtcFiles(Container c, SpecFactory.Network network, ContainerNetwork attached) throws IOException {
        if (attached == null && network instanceof SpecFactory.Network.Join) {
            Container other = find(c.hostConfig().networkMode().substring("container:".length())).c;
            return new Path[] {other.hostnamePath(), other.hostsPath(), other.resolvConfPath()};
        }
        HostSpec h = c.hostConfig();
        if (h.extraHosts().stream().anyMatch(x -> x.endsWith(":host-gateway"))) {
            String gateway = networks.defaultBridge().gateway();
            h = h.withExtraHosts(h.extraHosts().stream().map(x -> x.endsWith(":host-gateway")
                    ? x.substring(0, x.length() - "host-gateway".length()) + gateway : x).toList());
        }
        String hostname = c.config().hostname();
        String self = c.config().domainname() == null || c.config().domainname().isEmpty() ? hostname
                : hostname + "." + c.config().domainname() + " " + hostname;
        String hosts;
        String resolv;
        String hostResolv = readHostFile("/etc/resolv.conf");
        if (network instanceof SpecFactory.Network.Host) {
            hosts = EtcFiles.hosts(readHostFile("/etc/hosts"), h.extraHosts(), null);
            resolv = h.dns().isEmpty() && h.dnsSearch().isEmpty() && h.dnsOptions().isEmpty() ? hostResolv
                    : EtcFiles.resolvConf(hostResolv, h.dns(), h.dnsSearch(), h.dnsOptions());
        } else {
            String ip = attached == null || attached.endpoints().isEmpty() ? "127.0.0.1" : attached.endpoints().getFirst().ip();
            hosts = EtcFiles.hosts(EtcFiles.DEFAULT_HOSTS, h.extraHosts(), h.networkMode().equals("none") ? null : ip + "\t" + self);
            String nameServer = networks.nameServer(attached);
            resolv = nameServer == null ? EtcFiles.resolvConf(hostResolv, h.dns(), h.dnsSearch(), h.dnsOptions())
                    : EtcFiles.resolvConf("nameserver " + nameServer + "\n", List.of(), h.dnsSearch(), h.dnsOptions());
        }
        Files.writeString(c.hostnamePath(), EtcFiles.hostname(hostname));
        Files.writeString(c.hostsPath(), hosts);
        Files.writeString(c.resolvConfPath(), resolv);
        return new Path[] {c.hostnamePath(), c.hostsPath(), c.resolvConfPath()};
    }

    private static String readHostFile(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }

    private static String hostHostname() {
        String h = readHostFile("/proc/sys/kernel/hostname").strip();
        return h.isEmpty() ? "localhost" : h;
    }

    private String cgroupsPath(String id) {
        return config.cgroupParent() + "/" + id;
    }

    /** Deletes the runtime's state (killing what is left), the conmons and the exec root directory; never throws. */
    private void cleanupRuntime(String id) {
        try {
            if (Files.isDirectory(conmon.execRoot().container(id).dir())) conmon.remove(id);
        } catch (RuntimeException ex) {
            LOG.log(System.Logger.Level.WARNING, "container " + id + ": cleaning up the runtime failed: " + ex.getMessage());
            try {
                conmon.runtime().delete(id, true);
            } catch (RuntimeException ignored) {
                // reported above
            }
        }
        removeCgroup(id);
        networks.detach(id);
        Entry e = byId.get(id);
        if (e != null) for (MountPoint m : e.c.mounts()) if (m.isVolume()) volumes.unmount(m.name(), id);
    }

    /**
     * A start's volumes and binds: a {@code -v} bind's missing host dir is made (as dockerd does), device volumes
     * are mounted, and an empty volume gets the image's files at its destination (unless {@code nocopy}).
     */
    private void mountVolumes(Container c, Path rootfs) throws IOException {
        for (MountPoint m : c.mounts()) {
            if (m.type().equals(MountPoint.BIND)) {
                if (!Files.exists(Path.of(m.source()))) Files.createDirectories(Path.of(m.source()));
            } else if (m.isVolume()) {
                Path data = volumes.mount(m.name(), c.id(), Map.of("destination", m.destination(),
                        "read/write", Boolean.toString(m.rw()), "propagation", m.propagation()));
                if (m.copyData()) VolumeCopy.copyUp(RootfsPaths.resolve(rootfs, m.destination()), data);
            }
        }
    }

    private void referenceVolumes(String id, List<MountPoint> mounts) {
        for (MountPoint m : mounts) if (m.isVolume()) volumes.reference(m.name(), id);
    }

    /** The container no longer uses its volumes; {@code removeAnonymous}: its anonymous ones go ({@code rm -v}). */
    private void releaseVolumes(String id, List<MountPoint> mounts, boolean removeAnonymous) {
        for (MountPoint m : mounts) if (m.isVolume()) volumes.release(m.name(), id);
        if (removeAnonymous) MountPlan.removeAnonymous(mounts, volumes);
    }

    /** runc removes the container's cgroups; this catches what a crashed runtime left (empty cgroups only). */
    private void removeCgroup(String id) {
        String rel = cgroupsPath(id).substring(1);
        for (Path base : List.of(Path.of("/sys/fs/cgroup"))) {
            try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(base)) {
                for (Path h : hierarchies) {
                    Path dir = h.resolve(rel);
                    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                        try {
                            Files.delete(dir);
                        } catch (IOException busy) {
                            LOG.log(System.Logger.Level.WARNING, "cannot remove the cgroup " + dir + ": " + busy.getMessage());
                        }
                    }
                }
            } catch (IOException | UncheckedIOException ignored) {
                // no cgroup filesystem
            }
        }
    }

    private List<String> grantable() {
        List<String> g = grantable;
        if (g == null) grantable = g = KernelCapabilities.grantable();
        return g;
    }

    private static long du(Path dir) {
        if (!Files.isDirectory(dir)) return 0;
        try (var walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    // ---- small helpers ------------------------------------------------------------------------

    private Entry find(String idOrName) {
        if (idOrName == null || idOrName.isEmpty()) throw new EngineException.NotFound("No such container: " + idOrName);
        Entry e = byId.get(idOrName);
        if (e != null) return e;
        String name = idOrName.startsWith("/") ? idOrName : "/" + idOrName;
        String id;
        synchronized (idByName) {
            id = idByName.get(name);
        }
        if (id != null && (e = byId.get(id)) != null) return e;
        if (HEX.matcher(idOrName).matches()) {
            List<Entry> matches = byId.values().stream().filter(x -> x.id.startsWith(idOrName)).toList();
            if (matches.size() == 1) return matches.getFirst();
            if (matches.size() > 1) throw new EngineException.InvalidArgument("multiple IDs found with provided prefix: " + idOrName);
        }
        throw new EngineException.NotFound("No such container: " + idOrName);
    }

    private void publish(Container c, String action, Map<String, String> extra) {
        Map<String, String> attrs = new LinkedHashMap<>(c.labels());
        attrs.put("image", c.image());
        attrs.put("name", c.shortName());
        attrs.putAll(extra);
        events.publish("container", action, c.id(), attrs);
    }

    private void saveQuietly(Container c) {
        try {
            store.save(c);
        } catch (EngineException ex) {
            LOG.log(System.Logger.Level.ERROR, "cannot save container " + c.id() + ": " + ex.getMessage());
        }
    }

    private static void complete(List<CompletableFuture<WaitResult>> waiters, WaitResult r) {
        for (CompletableFuture<WaitResult> f : waiters) f.complete(r);
        waiters.clear();
    }

    /** Waits for {@code f}; {@code timeout} null waits forever. Returns whether it completed. */
    private static boolean await(CompletableFuture<?> f, Duration timeout) {
        try {
            if (timeout == null) f.get();
            else f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException.Unavailable("interrupted while waiting for a container to exit", e);
        }
    }

    private void checkOpen() {
        if (closed) throw new EngineException.Unavailable("the container service is shut down", null);
    }

    /**
     * Stops managing containers: exits are no longer watched, pending restarts are cancelled, waiting
     * attachments end. Running containers and their conmons keep running; a new service over the same
     * directories takes them over with {@link #recover()}.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        timers.shutdownNow();
        health.close();
        ooms.close();
        for (Entry e : byId.values()) {
            e.lock.lock();
            try {
                if (e.restartTimer != null) e.restartTimer.cancel(false);
                for (Attachment a : List.copyOf(e.waitingAttachments)) a.pump().finishWithoutConnection();
                e.waitingAttachments.clear();
            } finally {
                e.lock.unlock();
            }
        }
        conmon.close();
        tasks.shutdown();
    }
}

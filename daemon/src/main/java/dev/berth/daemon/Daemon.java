package dev.berth.daemon;

import dev.berth.content.local.LocalContentStore;
import dev.berth.daemonapi.ApiErrors;
import dev.berth.daemonapi.EngineApi;
import dev.berth.engine.build.BuildService;
import dev.berth.engine.container.ContainerService;
import dev.berth.engine.container.ContainerServiceConfig;
import dev.berth.engine.network.NetworkService;
import dev.berth.engine.network.NetworkServiceConfig;
import dev.berth.network.Cidr;
import dev.berth.engine.events.EventBus;
import dev.berth.engine.image.ImageService;
import dev.berth.engine.image.PullJournal;
import dev.berth.engine.image.Registries;
import dev.berth.distribution.RegistryClient;
import dev.berth.oci.Digest;
import dev.berth.engine.system.HostInfo;
import dev.berth.engine.system.SystemService;
import dev.berth.engine.volume.VolumeService;
import dev.berth.http.HttpServer;
import dev.berth.registry.RegistryServer;
import dev.berth.http.ListenAddress;
import dev.berth.http.ServerOptions;
import dev.berth.image.GcRoots;
import dev.berth.image.ImageStore;
import dev.berth.runtime.RuncRuntime;
import dev.berth.runtime.conmon.Conmon;
import dev.berth.runtime.conmon.ConmonOptions;
import dev.berth.runtime.conmon.ExecRoot;
import dev.berth.snapshot.overlay.OverlayLayerStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running berthd: every component constructed explicitly, in dependency order, here and nowhere
 * else (no container, no service loader). Closing it stops the listeners; the stores need no
 * shutdown because every write they make is already durable.
 */
public final class Daemon implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("berthd");

    private final FileLock rootLock;
    private final HttpServer server;
    private final ContainerService containers;
    private final NetworkService networks;
    private final String cgroupParent;
    private final RegistryServer registry;

    private Daemon(FileLock rootLock, HttpServer server, ContainerService containers, NetworkService networks,
                   String cgroupParent, RegistryServer registry) {
        this.rootLock = rootLock;
        this.registry = registry;
        this.server = server;
        this.containers = containers;
        this.networks = networks;
        this.cgroupParent = cgroupParent;
    }

    public static Daemon start(DaemonConfig config) throws IOException {
        Files.createDirectories(config.dataRoot());
        Files.createDirectories(config.execRoot());
        FileLock lock = lockDataRoot(config.dataRoot());
        RegistryServer registryServer = null;
        try {
            Clock clock = Clock.systemUTC();
            var content = new LocalContentStore(config.dataRoot().resolve("content"));
            var layers = new OverlayLayerStore(config.dataRoot().resolve("layers"));
            // containers keep their image's layers alive; the service exists only after the image store
            AtomicReference<ContainerService> users = new AtomicReference<>();
            // so are the blobs of pulls in progress, or interrupted by a crash (the pull journal)
            var pulls = new PullJournal(config.dataRoot().resolve("pulls"));
            GcRoots roots = new GcRoots() {
                @Override public Set<Digest> chainIds() {
                    return users.get() == null ? Set.of() : users.get().chainIds();
                }

                @Override public Set<Digest> blobs() {
                    return pulls.blobs();
                }
            };
            var imageStore = new ImageStore(config.dataRoot().resolve("images"), content, layers, roots);
            imageStore.recover().forEach(w -> LOG.log(System.Logger.Level.WARNING, w));

            var events = new EventBus(clock);
            var registry = new RegistryClient(config.registry());
            var images = new ImageService(imageStore, events, new Registries(registry, content, pulls));
            var system = new SystemService(HostInfo.probe(), config.dataRoot(), config.runtime());
            var runtime = RuncRuntime.find(config.runtime(), config.execRoot().resolve("runtime"));
            var conmon = new Conmon(runtime, new ExecRoot(config.execRoot()), ConmonOptions.defaults());
            var networks = new NetworkService(NetworkServiceConfig.defaults(config.dataRoot(), config.execRoot())
                    .withDefaultBridge(config.bridge(), config.bip()).withPool(Cidr.parse(config.addressPool())), events, clock);
            String cgroupParent = "/berth-" + system.daemonId().substring(0, 12);
            var containerConfig = ContainerServiceConfig.defaults(config.dataRoot()).withCgroupParent(cgroupParent);
            if (config.initPath() != null) containerConfig = containerConfig.withInitBinary(checkInit(config.initPath()));
            var volumes = new VolumeService(config.dataRoot().resolve("volumes"), events, clock);
            var containers = new ContainerService(containerConfig, images, networks, volumes, layers::chain, conmon, events, clock);
            users.set(containers);
            containers.recover().forEach(w -> LOG.log(System.Logger.Level.WARNING, w));
            imageStore.gc();

            if (config.embeddedRegistry() != null) {
                registryServer = RegistryServer.start(config.embeddedRegistry());
                LOG.log(System.Logger.Level.INFO, "registry serving " + registryServer.url() + " from "
                        + config.embeddedRegistry().root());
            }
            var options = new ServerOptions(config.hosts().stream().map(ListenAddress::parse).toList(),
                    EngineApi.defaultHeaders(), new ApiErrors(), Duration.ofSeconds(5));
            HttpServer server = HttpServer.start(EngineApi.router(system, images, containers, networks, volumes,
                    new BuildService(images, containers, config.dataRoot().resolve("builder"), clock), events, clock), options);
            LOG.log(System.Logger.Level.INFO, "berthd " + system.daemonId().substring(0, 12) + " serving "
                    + server.addresses() + ", data in " + config.dataRoot());
            events.publish("daemon", "start", system.daemonId(), java.util.Map.of("name", system.host().hostname()));
            return new Daemon(lock, server, containers, networks, cgroupParent, registryServer);
        } catch (IOException | RuntimeException e) {
            if (registryServer != null) registryServer.close();
            lock.release();
            lock.channel().close();
            throw e;
        }
    }

    private static Path checkInit(Path init) {
        if (!Files.isRegularFile(init) || !Files.isExecutable(init)) {
            throw new IllegalArgumentException("--init-path " + init + " is not an executable file");
        }
        return init;
    }

    /** One daemon per data root: a second one would corrupt the stores. The lock dies with the process. */
    private static FileLock lockDataRoot(Path dataRoot) throws IOException {
        FileChannel ch = FileChannel.open(dataRoot.resolve("berthd.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock();
        if (lock == null) {
            ch.close();
            throw new IOException("another berthd is using the data root " + dataRoot
                    + "; stop it, or start this one with its own --data-root and -H");
        }
        return lock;
    }

    /**
     * Removes this daemon's cgroup parent ({@code <hierarchy>/berth-<id>}) from every hierarchy where it is empty:
     * runc deletes each container's cgroup but not the parent, so every daemon that ever ran a container (each
     * test or benchmark data root) left one per hierarchy. A parent that still holds running containers is
     * busy (rmdir fails) and stays for the next berthd.
     */
    static void removeEmptyCgroupParent(Path cgroupRoot, String parent) {
        try (var hierarchies = Files.newDirectoryStream(cgroupRoot)) {
            for (Path h : hierarchies) {
                try {
                    Files.deleteIfExists(h.resolve(parent.substring(1)));
                } catch (IOException | SecurityException busy) {
                    // still has containers (or is not ours to remove)
                }
            }
        } catch (IOException | RuntimeException noCgroups) {
            // no cgroup filesystem
        }
    }

    @Override
    public void close() {
        LOG.log(System.Logger.Level.INFO, "berthd shutting down");
        server.close();
        if (registry != null) registry.close();
        containers.close(); // containers keep running under conmon; the next berthd adopts them
        networks.close(); // and keep their network; without running containers, the bridges and CNI chains go
        removeEmptyCgroupParent(Path.of("/sys/fs/cgroup"), cgroupParent);
        try {
            rootLock.release();
            rootLock.channel().close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }
}

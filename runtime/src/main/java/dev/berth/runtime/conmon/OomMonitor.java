package dev.berth.runtime.conmon;

import dev.berth.common.EngineException;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Learns of OOM kills while containers run: conmon writes its OOM marker ({@code persist/oom}) as
 * soon as the kernel's OOM killer acts in the container's memory cgroup; this watches those
 * directories with inotify (one watcher for all containers, no polling) and calls back once per run.
 */
public final class OomMonitor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.berth.runtime.conmon");

    private record Watch(ContainerPaths paths, WatchKey key, Runnable onOom, AtomicBoolean fired) {
        void check() {
            if (Files.exists(paths.oomFile()) && fired.compareAndSet(false, true)) onOom.run();
        }
    }

    private final WatchService watcher;
    private final Map<String, Watch> byId = new ConcurrentHashMap<>();
    private final Map<WatchKey, Watch> byKey = new ConcurrentHashMap<>();
    private final Thread thread;

    public OomMonitor() {
        try {
            watcher = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot watch for OOM kills: " + e.getMessage(), e);
        }
        thread = Thread.ofVirtual().name("oom-monitor").start(this::loop);
    }

    /**
     * Runs {@code onOom} (on the monitor's thread, once) when the container's OOM marker appears, at
     * once if it is there already. A container whose persist directory does not exist is not watched.
     */
    public void watch(ContainerPaths paths, Runnable onOom) {
        unwatch(paths.id());
        try {
            WatchKey key = paths.persistDir().register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            Watch w = new Watch(paths, key, onOom, new AtomicBoolean());
            byKey.put(key, w);
            byId.put(paths.id(), w);
            w.check(); // written before the watch began
        } catch (IOException | ClosedWatchServiceException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot watch container " + paths.id() + " for OOM kills: " + e.getMessage());
        }
    }

    /** Stops watching a container; returns whether its callback ran. */
    public boolean unwatch(String id) {
        Watch w = byId.remove(id);
        if (w == null) return false;
        byKey.remove(w.key());
        w.key().cancel();
        return w.fired().getAndSet(true); // a check under way now cannot fire any more
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                key.pollEvents();
                Watch w = byKey.get(key);
                if (w != null) {
                    try {
                        w.check();
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "OOM callback of container " + w.paths().id() + " failed: " + e);
                    }
                }
                key.reset();
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            // nothing else to release
        }
    }
}

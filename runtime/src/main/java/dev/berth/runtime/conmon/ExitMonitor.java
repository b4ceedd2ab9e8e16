package dev.berth.runtime.conmon;

import dev.berth.common.EngineException;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches an exit directory with inotify (the JDK's {@link WatchService}) and completes a
 * future per container when conmon writes its exit file: one watcher for all of a daemon's
 * containers, no polling. A future asked for after the file exists completes at once.
 */
public final class ExitMonitor implements AutoCloseable {
    private final Path dir;
    private final WatchService watcher;
    private final Map<String, CompletableFuture<Integer>> waiting = new ConcurrentHashMap<>();
    private final Thread thread;

    /** Starts watching {@code dir}, which must exist. */
    public ExitMonitor(Path dir) {
        this.dir = dir;
        try {
            watcher = FileSystems.getDefault().newWatchService();
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot watch the exit directory " + dir + ": " + e.getMessage(), e);
        }
        thread = Thread.ofVirtual().name("exit-monitor").start(this::loop);
    }

    /**
     * Completes with the exit code of {@code id} once its exit file exists (at once if it does);
     * fails with {@link EngineException.Unavailable} if the monitor is closed first.
     */
    public CompletableFuture<Integer> onExit(String id) {
        CompletableFuture<Integer> f = waiting.computeIfAbsent(id, k -> new CompletableFuture<>());
        f.whenComplete((code, error) -> waiting.remove(id, f));
        check(id); // the file may have been written before we registered
        return f;
    }

    private void check(String id) {
        CompletableFuture<Integer> f = waiting.get(id);
        if (f == null || f.isDone()) return;
        try {
            OptionalInt code = ExitFiles.read(dir.resolve(id));
            if (code.isPresent()) f.complete(code.getAsInt());
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
        }
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        List.copyOf(waiting.keySet()).forEach(this::check);
                    } else if (event.context() instanceof Path name) {
                        check(name.toString());
                    }
                }
                if (!key.reset()) break; // the directory is gone
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed
        }
        EngineException closed = new EngineException.Unavailable("stopped watching container exits in " + dir, null);
        waiting.values().forEach(f -> f.completeExceptionally(closed));
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            // nothing to release beyond the watch
        }
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

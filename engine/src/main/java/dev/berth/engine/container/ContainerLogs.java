package dev.berth.engine.container;

import dev.berth.common.EngineException;
import dev.berth.runtime.conmon.K8sFileLogReader;
import dev.berth.runtime.conmon.LogEntry;
import dev.berth.runtime.conmon.LogStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A container's logged output as {@code docker logs} reads it: {@link #next()} returns lines until the
 * end (null); with {@code follow} it waits for more while the container runs. Close it from any thread
 * to stop (a client that went away).
 */
public final class ContainerLogs implements AutoCloseable {
    private static final long POLL_MILLIS = 50;

    private final Path file;
    private final LogOptions options;
    private final BooleanSupplier live;
    private final Deque<LogLine> ready = new ArrayDeque<>();
    private volatile K8sFileLogReader reader;
    private volatile boolean closed;
    private boolean ended;

    ContainerLogs(Path file, LogOptions options, BooleanSupplier live) {
        this.file = file;
        this.options = options;
        this.live = live;
        open();
        // Everything logged so far, then the tail of it.
        Deque<LogLine> all = new ArrayDeque<>();
        boolean running = live.getAsBoolean();
        drain(all, !options.follow() || !running);
        if (options.tail() >= 0) {
            while (all.size() > options.tail()) all.removeFirst();
        }
        for (LogLine l : all) if (wanted(l)) ready.add(l);
        if (!options.follow()) ended = true;
    }

    /**
     * The next line, or null at the end: at once without {@code follow}; with it, once the container
     * has stopped and its last lines are read, {@code until} has passed, or this was closed.
     */
    public LogLine next() throws InterruptedException {
        while (true) {
            if (closed) {
                closeReader();
                return null;
            }
            LogLine l = ready.poll();
            if (l != null) return l;
            if (ended) return null;
            boolean running = live.getAsBoolean();
            Deque<LogLine> more = new ArrayDeque<>();
            drain(more, !running);
            for (LogLine m : more) {
                if (options.until() != null && !m.time().isBefore(options.until())) {
                    ended = true;
                    break;
                }
                if (wanted(m)) ready.add(m);
            }
            if (!running) ended = true;
            if (options.until() != null && !Instant.now().isBefore(options.until())) ended = true;
            if (ready.isEmpty() && !ended) Thread.sleep(POLL_MILLIS);
        }
    }

    private void open() {
        if (reader != null || closed) return;
        try {
            InputStream in = Files.newInputStream(file);
            reader = new K8sFileLogReader(in);
        } catch (NoSuchFileException e) {
            // not started yet: nothing logged
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot read the log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads what is there now, within since/until; with {@code complete}, pending partial lines too. */
    private void drain(Deque<LogLine> into, boolean complete) {
        open();
        if (reader == null) return;
        try {
            for (Optional<LogEntry> e = reader.next(); e.isPresent(); e = reader.next()) add(into, e.get());
        } catch (IOException e) {
            if (closed) return; // closed under a read: the reader is done
            throw new EngineException.Unavailable("cannot read the log " + file + ": " + e.getMessage(), e);
        }
        if (complete) reader.flushPartials().forEach(e -> add(into, e));
    }

    private void add(Deque<LogLine> into, LogEntry e) {
        Instant t = e.time().toInstant();
        if (options.since() != null && t.isBefore(options.since())) return;
        if (options.until() != null && !t.isBefore(options.until()) && !options.follow()) return;
        into.add(new LogLine(e.stream() == LogStream.STDERR ? StdStream.STDERR : StdStream.STDOUT, t, e.bytes()));
    }

    private boolean wanted(LogLine l) {
        return l.stream() == StdStream.STDOUT ? options.stdout() : options.stderr();
    }

    /** Ends the lines: a {@link #next()} waiting in another thread returns null within moments. */
    @Override
    public void close() {
        closed = true;
        closeReader();
    }

    private void closeReader() {
        K8sFileLogReader r = reader;
        if (r != null) {
            try {
                r.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}

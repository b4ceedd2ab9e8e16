package dev.berth.runtime.conmon;

import dev.berth.common.EngineException;
import dev.berth.common.linux.Libc;
import dev.berth.common.Commands;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One conmon process being started, and the pipes berth talks to it through.
 *
 * <p>conmon takes its sync, attach and start pipes as inherited descriptor numbers in
 * {@code _OCI_SYNCPIPE}, {@code _OCI_ATTACHPIPE}, {@code _OCI_STARTPIPE}. Two things stand in the
 * way: the JDK gives a child only stdin, stdout and stderr, and it drains and closes the pipes
 * it made for a child as soon as that child exits, which conmon's first process does at once
 * (it forks, writes {@code --conmon-pidfile} and exits 0; the daemonized child reports later).
 * So berth makes the pipes itself ({@code pipe2}), keeps its ends as {@link FileChannel}s (closing
 * one wakes a blocked read), and hands the child ends to the JDK as redirects of
 * {@code /proc/self/fd/<n>}; a {@code /bin/sh} wrapper moves them from stdout and stdin to fds 3
 * (sync pipe; with {@code --exec-attach} also the attach pipe, whose single "ready" message comes
 * first) and 4 (start pipe), because conmon puts {@code /dev/null} on 0-2 when it daemonizes, then
 * execs conmon. conmon's stderr stays a JDK pipe until then, which catches its option errors.
 */
final class ConmonLaunch implements AutoCloseable {
    private static final String WRAPPER = "exec 3>&1 1>/dev/null 0</dev/null; exec \"$0\" \"$@\"";
    private static final String WRAPPER_WITH_START_PIPE = "exec 3>&1 4<&0 1>/dev/null 0</dev/null; exec \"$0\" \"$@\"";
    private static final Object EOF = new Object();

    private final Process process;
    private final FileChannel sync;
    private final FileChannel startPipe;
    private final Future<byte[]> stderr;
    private final LinkedBlockingQueue<Object> lines = new LinkedBlockingQueue<>();

    private ConmonLaunch(Process process, FileChannel sync, FileChannel startPipe) {
        this.process = process;
        this.sync = sync;
        this.startPipe = startPipe;
        this.stderr = Commands.drain(process.getErrorStream());
        // A platform thread: the read blocks for as long as conmon runs (an exec session), and close() must be able to wake it.
        Thread.ofPlatform().daemon().name("conmon-sync").start(this::readLines);
    }

    private void readLines() {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (sync.read(buf.clear()) >= 0) {
                for (int i = 0; i < buf.position(); i++) {
                    byte b = buf.get(i);
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    if (!text.isBlank()) lines.add(text);
                }
            }
        } catch (IOException e) {
            // closed by close(), or conmon is gone: the same as end of stream
        } finally {
            lines.add(EOF);
        }
    }

    /**
     * Starts conmon with {@code args} in {@code cwd}. With {@code startPipe} conmon waits on the
     * start pipe (see {@link #release()}) and, given {@code --exec-attach}, reports attach readiness.
     */
    static ConmonLaunch start(Path conmon, List<String> args, Path cwd, boolean startPipe) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", startPipe ? WRAPPER_WITH_START_PIPE : WRAPPER, conmon.toString()));
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile());
        Commands.environment(pb.environment());
        pb.environment().put("_OCI_SYNCPIPE", "3");
        if (startPipe) {
            pb.environment().put("_OCI_ATTACHPIPE", "3");
            pb.environment().put("_OCI_STARTPIPE", "4");
        }
        List<Integer> rawFds = new ArrayList<>();
        FileChannel sync = null;
        FileChannel start = null;
        try {
            int[] syncPipe = Libc.pipe2(Libc.O_CLOEXEC);
            rawFds.add(syncPipe[0]);
            rawFds.add(syncPipe[1]);
            sync = FileChannel.open(procFd(syncPipe[0]), StandardOpenOption.READ);
            pb.redirectOutput(procFd(syncPipe[1]).toFile());
            if (startPipe) {
                int[] startFds = Libc.pipe2(Libc.O_CLOEXEC);
                rawFds.add(startFds[0]);
                rawFds.add(startFds[1]);
                start = FileChannel.open(procFd(startFds[1]), StandardOpenOption.WRITE);
                pb.redirectInput(procFd(startFds[0]).toFile());
            } else {
                pb.redirectInput(new File("/dev/null"));
            }
            Process p = pb.start();
            return new ConmonLaunch(p, sync, start);
        } catch (IOException e) {
            closeQuietly(sync);
            closeQuietly(start);
            throw new EngineException.Unavailable("cannot start conmon (" + conmon + "): " + e.getMessage(), e);
        } finally {
            for (int fd : rawFds) {
                try { Libc.close(fd); } catch (IOException ignored) { }
            }
        }
    }

    private static Path procFd(int fd) {
        return Path.of("/proc/self/fd/" + fd);
    }

    /** The next sync message, or null if conmon closed the pipe (exited) first. */
    SyncMessage next(Duration timeout) throws InterruptedException {
        Object line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (line == null) throw new TimeoutWaitingForConmon();
        return message(line);
    }

    /** The next sync message without a time limit (an exec's exit code), or null at end of stream. */
    SyncMessage next() throws InterruptedException {
        return message(lines.take());
    }

    private SyncMessage message(Object line) {
        if (line == EOF) {
            lines.add(EOF); // stays at end of stream
            return null;
        }
        return SyncMessage.parse((String) line);
    }

    /** Writes one message to the start pipe: conmon reads one before it forks, and with {@code --exec-attach} one before it runs the runtime. */
    void release() {
        try {
            startPipe.write(ByteBuffer.wrap(new byte[] {'s'}));
        } catch (IOException e) {
            throw new EngineException.Unavailable("conmon exited before it was told to start: " + e.getMessage(), e);
        }
    }

    /** The first conmon process's exit code (it exits right after forking), waiting for it. */
    int firstExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) throw new TimeoutWaitingForConmon();
        return process.exitValue();
    }

    /** What conmon printed on stderr before it daemonized (option errors, a runtime it cannot find). */
    String stderr() {
        try {
            return new String(stderr.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8).strip();
        } catch (Exception e) {
            return "";
        }
    }

    /** Stops listening: closes berth's ends of the pipes, waking the reader (conmon keeps running). */
    @Override
    public void close() {
        closeQuietly(sync);
        closeQuietly(startPipe);
    }

    private static void closeQuietly(FileChannel c) {
        if (c == null) return;
        try { c.close(); } catch (IOException ignored) { }
    }

    /** conmon did not answer in time. */
    static final class TimeoutWaitingForConmon extends RuntimeException {
        TimeoutWaitingForConmon() {
            super(null, null, false, false);
        }
    }
}

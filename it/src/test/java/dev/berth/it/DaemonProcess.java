package dev.berth.it;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * A daemon the tests start in a private temp dir, serving the Docker API on a unix socket in it: its process,
 * log, readiness probe ({@code GET /_ping} answering {@code OK}), SIGTERM-then-SIGKILL stop, leak checks and
 * clean-up. As a JUnit extension registered in a <em>static</em> field it runs once per test class, and it appends
 * its log tail to every failure of that class. Also usable by hand: {@link #start()}, then {@link #close()}.
 */
public abstract sealed class DaemonProcess<D extends DaemonProcess<D>>
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler, AutoCloseable
        permits BerthDaemon, Docker20 {

    private static final int LOG_TAIL_LINES = 80;

    private Duration startTimeout;
    private Duration stopTimeout = Duration.ofSeconds(30);
    private boolean checkLeaks = true;
    private String logName;
    private Class<?> ownerClass;

    private Path root;
    private Path reusedSocket;
    private Process process;
    private Path logFile;
    private boolean started;
    private boolean closed;
    private final List<String> stopProblems = new ArrayList<>();

    DaemonProcess(Duration startTimeout) {
        this.startTimeout = startTimeout;
    }

    /** Short name used for the temp dir and log: "berthd", "docker20". */
    abstract String shortName();

    /** File name of the socket in the temp dir. */
    abstract String socketName();

    /** The command that starts the daemon in {@code root}. */
    abstract List<String> command(Path root, Path socket);

    /** Extra environment of the daemon (added to the scrubbed environment of the JVM). */
    Map<String, String> environment() {
        return Map.of();
    }

    /** System property naming a socket of an already running daemon to use instead of starting one. */
    abstract String reuseProperty();

    /** Checks root and programs before anything is started. */
    abstract void checkPreconditions();

    /** Prepares files in {@code root} before the first launch (configs...). */
    void prepare(Path root) throws IOException {}

    /** Called when the daemon did not come up: return true to try again (after changing the command). */
    boolean retryAfterFailedStart(String logTail) {
        return false;
    }

    /** Called before SIGTERM at {@link #close()}, while the daemon still answers. */
    void beforeFinalStop() {}

    /**
     * What the daemon left outside its temp dir (network devices, firewall rules, cgroups), checked after it
     * stopped; {@code graceful} when this close stopped it (not after a kill without restart).
     */
    List<String> leftovers(boolean graceful) {
        return List.of();
    }

    // ---- configuration (before start) ----

    @SuppressWarnings("unchecked")
    final D self() {
        return (D) this;
    }

    /** How long to wait for {@code /_ping} to answer OK. */
    public D withStartTimeout(Duration timeout) {
        checkNotStarted();
        this.startTimeout = timeout;
        return self();
    }

    /** How long to wait for the process to exit after SIGTERM before SIGKILL (which fails the class). */
    public D withStopTimeout(Duration timeout) {
        checkNotStarted();
        this.stopTimeout = timeout;
        return self();
    }

    /** Do not fail {@link #close()} when processes or mounts are left behind (they are still removed). */
    public D withoutLeakCheck() {
        checkNotStarted();
        this.checkLeaks = false;
        return self();
    }

    // ---- accessors ----

    /** The socket the daemon serves. */
    public Path socket() {
        checkStarted();
        return reusedSocket != null ? reusedSocket : root.resolve(socketName());
    }

    /** {@code unix://<socket>}. */
    public String host() {
        return "unix://" + socket();
    }

    /** The private temp dir (data, exec root, socket, log); fails for a reused daemon. */
    public Path root() {
        checkStarted();
        checkOwned("root()");
        return root;
    }

    /** True when this harness started the process (not reused via a system property). */
    public boolean isOwned() {
        return reusedSocket == null;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The daemon's pid (its launcher's, if the launcher does not exec). */
    public long pid() {
        checkOwned("pid()");
        if (process == null) {
            throw new AssertionError(shortName() + " is not running");
        }
        return process.pid();
    }

    /** Directory where CLIs keep their fresh DOCKER_CONFIG dirs. */
    Path cliDir() {
        return isOwned() ? root.resolve("cli") : TempDirs.base();
    }

    // ---- lifecycle ----

    /** Starts the daemon (or checks the reused one) and waits until {@code GET /_ping} answers OK. */
    public synchronized void start() {
        checkNotStarted();
        started = true;
        if (logName == null) {
            logName = shortName() + "-" + Instant.now().toString().replace(':', '-');
        }
        String reuse = System.getProperty(reuseProperty(), "");
        if (!reuse.isBlank()) {
            reusedSocket = Path.of(reuse);
            if (!waitForPing(null, startTimeout)) {
                throw new AssertionError("-D" + reuseProperty() + "=" + reuse + ": no daemon answers GET /_ping there within "
                        + startTimeout.toSeconds() + " s");
            }
            return;
        }
        checkPreconditions();
        root = TempDirs.create(shortName());
        TempDirs.checkSocketPath(root.resolve(socketName()));
        logFile = root.resolve(shortName() + ".log");
        try {
            prepare(root);
            launch();
        } catch (Throwable t) {
            String log = logTail(LOG_TAIL_LINES);
            try {
                close();
            } catch (Throwable cleanup) {
                t.addSuppressed(cleanup);
            }
            if (t instanceof AssertionError a && a.getMessage() != null && a.getMessage().contains("--- " + shortName() + " log")) {
                throw a;
            }
            AssertionError e = new AssertionError(shortName() + " did not start: " + t + logSection(log), t);
            throw e;
        }
    }

    private void launch() throws IOException {
        while (true) {
            Path socket = root.resolve(socketName());
            Files.deleteIfExists(socket);
            List<String> cmd = command(root, socket);
            appendToLog("\n=== berth-it " + Instant.now() + ": starting " + String.join(" ", cmd) + "\n");
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().clear();
            pb.environment().putAll(ProcessRunner.baseEnvironment());
            pb.environment().putAll(environment());
            pb.directory(root.toFile());
            pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            process = pb.start();
            if (waitForPing(process, startTimeout)) {
                return;
            }
            String why = process.isAlive()
                    ? "no OK from GET /_ping on " + socket + " within " + startTimeout.toSeconds() + " s"
                    : "exited with code " + process.exitValue() + " before answering GET /_ping";
            if (process.isAlive()) {
                ProcessRunner.killTree(process.toHandle());
                waitExit(process, Duration.ofSeconds(10));
            }
            String tail = logTail(LOG_TAIL_LINES);
            Leaks.cleanUp(root);
            if (retryAfterFailedStart(tail)) {
                appendToLog("\n=== berth-it: retrying after: " + why + "\n");
                continue;
            }
            process = null;
            throw new AssertionError(shortName() + " " + why + logSection(tail));
        }
    }

    private boolean waitForPing(Process p, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path socket = socket();
        while (System.nanoTime() < deadline) {
            if (p != null && !p.isAlive()) {
                return false;
            }
            if (Files.exists(socket) && UnixHttp.ping(socket)) {
                return true;
            }
            Leaks.sleep(100);
        }
        return false;
    }

    /** SIGTERM, wait up to the stop timeout, then SIGKILL. Keeps the temp dir, so {@link #restart()} can follow. */
    public synchronized void stop() {
        checkOwned("stop()");
        if (process == null || !process.isAlive()) {
            return;
        }
        appendToLog("\n=== berth-it " + Instant.now() + ": SIGTERM\n");
        process.destroy();
        if (!waitExit(process, stopTimeout)) {
            String problem = shortName() + " did not exit within " + stopTimeout.toSeconds() + " s of SIGTERM: SIGKILLed";
            stopProblems.add(problem);
            appendToLog("\n=== berth-it: " + problem + "\n");
            process.destroyForcibly();
            waitExit(process, Duration.ofSeconds(10));
        }
        appendToLog("\n=== berth-it " + Instant.now() + ": exited with code " + process.exitValue() + "\n");
    }

    /** SIGKILLs the daemon process only (containers and their monitors stay), to test crash recovery. */
    public synchronized void kill9() {
        checkOwned("kill9()");
        if (process == null || !process.isAlive()) {
            throw new AssertionError(shortName() + " is not running");
        }
        appendToLog("\n=== berth-it " + Instant.now() + ": SIGKILL (kill9)\n");
        process.destroyForcibly();
        if (!waitExit(process, Duration.ofSeconds(10))) {
            throw new AssertionError(shortName() + " survived SIGKILL for 10 s");
        }
    }

    /** Stops the daemon if it runs (SIGTERM) and starts it again on the same data, waiting for {@code /_ping}. */
    public synchronized void restart() {
        checkOwned("restart()");
        stop();
        try {
            launch();
        } catch (IOException e) {
            throw new AssertionError("cannot restart " + shortName() + ": " + e + logSection(logTail(LOG_TAIL_LINES)), e);
        }
    }

    /**
     * Stops the daemon, checks it left no process naming its temp dir and nothing mounted below it, removes
     * what is left anyway, keeps its log under {@link Repo#logsDir()} and deletes the temp dir. Fails when the
     * daemon needed SIGKILL or leaked.
     */
    @Override
    public synchronized void close() {
        if (closed || !started) {
            return;
        }
        closed = true;
        if (!isOwned()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        boolean graceful = isRunning();
        try {
            if (graceful) {
                try {
                    beforeFinalStop();
                } catch (Throwable t) {
                    problems.add("clean-up before stop failed: " + t);
                }
                stop();
            }
        } finally {
            problems.addAll(stopProblems);
            String leaks = "";
            if (checkLeaks) {
                try {
                    Leaks.assertNoLeaks(root);
                } catch (AssertionError e) {
                    leaks = e.getMessage();
                }
                List<String> outside = leftovers(graceful);
                if (!outside.isEmpty()) problems.add(shortName() + " left these behind after it stopped:\n  " + String.join("\n  ", outside));
            }
            String removed = Leaks.cleanUp(root);
            if (!leaks.isEmpty()) {
                problems.add(shortName() + " left things behind after it stopped (removed now):\n" + leaks);
            } else if (!removed.isEmpty() && checkLeaks) {
                problems.add(shortName() + " left things behind (removed now):\n" + removed);
            }
            String tail = logTail(LOG_TAIL_LINES);
            Path kept = keepLog();
            try {
                TempDirs.deleteTree(root);
            } catch (Throwable t) {
                problems.add("cannot remove " + root + ": " + t.getMessage());
            }
            if (!problems.isEmpty()) {
                throw new AssertionError(String.join("\n", problems) + logSection(tail)
                        + (kept != null ? "\n(full log: " + kept + ")" : ""));
            }
        }
    }

    // ---- logs ----

    /** The last {@code lines} lines of the daemon's output (stdout and stderr). */
    public String logTail(int lines) {
        if (logFile == null) {
            return isOwned() ? "(no log)" : "(daemon reused via -D" + reuseProperty() + ": no log)";
        }
        try (RandomAccessFile f = new RandomAccessFile(logFile.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - 256 * 1024);
            byte[] buf = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(buf);
            List<String> all = new String(buf, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    /** The whole log so far. */
    public String log() {
        if (logFile == null) {
            return logTail(0);
        }
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    private String logSection(String tail) {
        return "\n--- " + shortName() + " log (last " + LOG_TAIL_LINES + " lines" + (logFile != null ? " of " + logFile : "")
                + ") ---\n" + tail + "\n--- end of " + shortName() + " log ---";
    }

    private void appendToLog(String s) {
        try {
            Files.writeString(logFile, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the log is best effort
        }
    }

    private Path keepLog() {
        if (logFile == null || !Files.exists(logFile)) {
            return null;
        }
        try {
            Path dir = Repo.logsDir();
            Files.createDirectories(dir);
            Path target = dir.resolve(logName + ".log");
            Files.copy(logFile, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException | AssertionError e) {
            return null;
        }
    }

    private Throwable withLog(Throwable t) {
        if (t instanceof TestAbortedException || !started) {
            return t;
        }
        AssertionError e = new AssertionError(t + logSection(logTail(LOG_TAIL_LINES)), t);
        e.setStackTrace(t.getStackTrace());
        return e;
    }

    // ---- JUnit ----

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ownerClass != null) {
            return; // a @Nested class of the class that started it
        }
        ownerClass = context.getRequiredTestClass();
        logName = ownerClass.getSimpleName() + "-" + shortName();
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getRequiredTestClass() == ownerClass) {
            close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!started) {
            throw new AssertionError(getClass().getSimpleName() + " must be registered in a static @RegisterExtension field"
                    + " (one daemon per test class), or started by hand with start()");
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withLog(throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withLog(throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withLog(throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withLog(throwable);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withLog(throwable);
    }

    // ---- helpers ----

    private void checkNotStarted() {
        if (started) {
            throw new IllegalStateException(shortName() + " already started");
        }
    }

    private void checkStarted() {
        if (!started) {
            throw new IllegalStateException(shortName() + " not started");
        }
    }

    private void checkOwned(String what) {
        if (!isOwned()) {
            throw new AssertionError(what + " is not possible on a daemon reused via -D" + reuseProperty());
        }
    }

    private static boolean waitExit(Process p, Duration max) {
        try {
            return p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

package dev.berth.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a short-lived helper command (runc, a CNI plugin) to completion, with a time limit, capturing its output. */
public final class Commands {
    /** Output a command may produce; more is cut (runc's answers are small). */
    private static final int MAX_OUTPUT = 16 * 1024 * 1024;

    private Commands() {}

    /** A finished command. */
    public record Result(List<String> argv, int exitCode, byte[] stdout, String stderr) {
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs {@code argv} with {@code stdin} (may be null) and a minimal environment.
     *
     * @throws EngineException.Unavailable if it cannot be started or does not finish within {@code timeout}
     */
    public static Result run(List<String> argv, byte[] stdin, Duration timeout) {
        return run(argv, Map.of(), stdin, timeout);
    }

    /** {@link #run(List, byte[], Duration)} with {@code extraEnv} added to the minimal environment. */
    public static Result run(List<String> argv, Map<String, String> extraEnv, byte[] stdin, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        environment(pb.environment());
        pb.environment().putAll(extraEnv);
        if (stdin == null) pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot run " + argv.getFirst() + ": " + e.getMessage(), e);
        }
        Future<byte[]> out = drain(p.getInputStream());
        Future<byte[]> err = drain(p.getErrorStream());
        try {
            if (stdin != null) {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException e) {
                    // the command exited without reading its input; its exit code tells why
                }
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new EngineException.Unavailable(String.join(" ", argv) + " did not finish within " + timeout.toSeconds() + "s", null);
            }
            return new Result(argv, p.exitValue(), out.get(timeout.toMillis(), TimeUnit.MILLISECONDS),
                    new String(err.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new EngineException.Unavailable("interrupted while running " + argv.getFirst(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new EngineException.Unavailable("cannot read the output of " + argv.getFirst() + ": " + e.getMessage(), e);
        }
    }

    /** The environment berth gives its helpers: a standard PATH and the C locale, nothing of the daemon's. */
    public static void environment(Map<String, String> env) {
        String path = env.getOrDefault("PATH", "");
        env.clear();
        env.put("PATH", path.isEmpty() ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" : path);
        env.put("LC_ALL", "C");
    }

    /** Reads a stream to its end on a virtual thread. */
    public static Future<byte[]> drain(InputStream in) {
        FutureTask<byte[]> task = new FutureTask<>(() -> {
            try (in) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                byte[] chunk = new byte[8192];
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    if (buf.size() < MAX_OUTPUT) buf.write(chunk, 0, Math.min(n, MAX_OUTPUT - buf.size()));
                }
                return buf.toByteArray();
            }
        });
        Thread.ofVirtual().name("drain").start(task);
        return task;
    }
}

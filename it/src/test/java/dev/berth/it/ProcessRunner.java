package dev.berth.it;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program to completion with a clean environment, optional stdin and a timeout. */
final class ProcessRunner {
    /** Environment prefixes that would change what a CLI talks to; never inherited from the test JVM. */
    private static final List<String> SCRUBBED_PREFIXES = List.of("DOCKER_", "BERTH_", "COMPOSE_", "CONTAINER_HOST",
            "CONTAINERD_", "BUILDKIT_", "BUILDX_");

    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ProcessRunner() {}

    /** The test JVM's environment without DOCKER_*, BERTH_*, COMPOSE_* ..., with a PATH that has the sbin dirs. */
    static Map<String, String> baseEnvironment() {
        Map<String, String> env = new HashMap<>();
        System.getenv().forEach((k, v) -> {
            if (SCRUBBED_PREFIXES.stream().noneMatch(k::startsWith)) {
                env.put(k, v);
            }
        });
        env.put("PATH", PATH);
        env.put("LC_ALL", "C.UTF-8");
        return env;
    }

    /**
     * Runs {@code command} with exactly {@code env}. stdin is {@code /dev/null} unless {@code stdin} is given.
     * On timeout the process tree is killed and an AssertionError with the output so far is thrown.
     */
    static CliResult run(List<String> command, Map<String, String> env, byte[] stdin, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null")) : ProcessBuilder.Redirect.PIPE);
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outPump = pump(p.getInputStream(), out);
        Thread errPump = pump(p.getErrorStream(), err);
        Thread inPump = null;
        if (stdin != null) {
            inPump = Thread.ofVirtual().start(() -> {
                try (OutputStream os = p.getOutputStream()) {
                    os.write(stdin);
                } catch (IOException ignored) {
                    // The program exited without reading all of stdin: its exit code tells.
                }
            });
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(p.toHandle());
                p.waitFor(10, TimeUnit.SECONDS);
                outPump.join(2000);
                errPump.join(2000);
                CliResult partial = result(command, -1, out, err, start);
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s (killed)\n" + partial.describe());
            }
            outPump.join();
            errPump.join();
            if (inPump != null) {
                inPump.join();
            }
        } catch (InterruptedException e) {
            killTree(p.toHandle());
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
        return result(command, p.exitValue(), out, err, start);
    }

    static void killTree(ProcessHandle h) {
        h.descendants().forEach(ProcessHandle::destroyForcibly);
        h.destroyForcibly();
    }

    private static CliResult result(List<String> command, int exit, ByteArrayOutputStream out,
                                    ByteArrayOutputStream err, long startNanos) {
        byte[] o;
        byte[] e;
        synchronized (out) {
            o = out.toByteArray();
        }
        synchronized (err) {
            e = err.toByteArray();
        }
        return new CliResult(command, exit, o, e, Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        return Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[65536];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (sink) {
                        sink.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                if (!"Stream closed".equals(e.getMessage())) {
                    synchronized (sink) {
                        sink.writeBytes(("\n[harness: reading output failed: " + e + "]").getBytes());
                    }
                }
            }
        });
    }

    static UncheckedIOException unchecked(String what, IOException e) {
        return new UncheckedIOException(what + ": " + e.getMessage(), e);
    }
}

package dev.berth.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A CLI run under a real pseudo-terminal of 24x80 ({@code script -qec "stty rows 24 cols 80; exec cli args"}), as a
 * user types into it: {@link #waitFor} output, {@link #type} keys, then {@link #exitCode}. {@link #close} kills it.
 *
 * <pre>{@code
 * try (PseudoTerminal t = PseudoTerminal.start(berth, "run", "-it", "--rm", "busybox", "sh")) {
 *     t.waitFor("/ # ");
 *     t.type("exit 4\n");
 *     assertEquals(4, t.exitCode());
 * }
 * }</pre>
 */
final class PseudoTerminal implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final Process process;
    private final OutputStream keys;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
    private final Thread reader;

    private PseudoTerminal(Process process) {
        this.process = process;
        this.keys = process.getOutputStream();
        this.reader = Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[4096];
            try (InputStream in = process.getInputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (seen) {
                        seen.write(buf, 0, n);
                    }
                }
            } catch (IOException ended) {
                // the process ended
            }
        });
    }

    static PseudoTerminal start(Cli cli, String... args) {
        StringBuilder cmd = new StringBuilder("stty rows 24 cols 80; exec ").append(quote(cli.binary().toString()));
        for (String a : args) cmd.append(' ').append(quote(a));
        ProcessBuilder pb = new ProcessBuilder(List.of("script", "-qec", cmd.toString(), "/dev/null"))
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(cli.environment());
        try {
            return new PseudoTerminal(pb.start());
        } catch (IOException e) {
            throw new AssertionError("cannot start script(1) (apt-get install -y bsdutils): " + e.getMessage(), e);
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Waits until the terminal has shown {@code text}; fails with the transcript after 30 s. */
    PseudoTerminal waitFor(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!transcript().contains(text)) {
            if (System.nanoTime() > deadline) throw new AssertionError("no " + printable(text) + " in: " + printable(transcript()));
            Thread.sleep(20);
        }
        return this;
    }

    /** Types {@code text} (raw keys: {@code "\u0010\u0011"} is ctrl-p ctrl-q). */
    PseudoTerminal type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
        return this;
    }

    /** Waits for the CLI to end and returns its exit code. */
    int exitCode() throws InterruptedException {
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("still running after " + TIMEOUT + ": " + printable(transcript()));
        }
        reader.join(5000);
        return process.exitValue();
    }

    /** Everything the terminal showed so far. */
    String transcript() {
        synchronized (seen) {
            return seen.toString(StandardCharsets.UTF_8);
        }
    }

    /** {@code s} with control characters as {@code \r}, {@code \n} and {@code \x1b}. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\r') b.append("\\r");
            else if (c == '\n') b.append("\\n");
            else if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", (int) c));
            else b.append(c);
        }
        return b.toString();
    }

    @Override
    public void close() throws InterruptedException {
        ProcessRunner.killTree(process.toHandle());
        reader.join(5000);
    }
}

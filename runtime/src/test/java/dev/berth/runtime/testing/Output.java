package dev.berth.runtime.testing;

import dev.berth.runtime.conmon.AttachConnection;
import dev.berth.runtime.conmon.AttachFrame;
import dev.berth.runtime.conmon.AttachStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Output read from an attach connection, by stream. */
public final class Output {
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    public synchronized String stdout() { return stdout.toString(StandardCharsets.UTF_8); }
    public synchronized String stderr() { return stderr.toString(StandardCharsets.UTF_8); }

    private synchronized void add(AttachFrame f) {
        (f.stream() == AttachStream.STDERR ? stderr : stdout).writeBytes(f.data());
    }

    /** Reads everything until conmon closes the connection (the process exited), within {@code timeout}. */
    public static Output readAll(AttachConnection c, Duration timeout) throws Exception {
        Output out = new Output();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                for (Optional<AttachFrame> f = c.read(); f.isPresent(); f = c.read()) out.add(f.get());
                done.complete(null);
            } catch (IOException e) {
                done.completeExceptionally(e);
            }
        });
        done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return out;
    }

    /** Starts reading in the background; {@link #awaitStdout} waits for a condition on what came so far. */
    public static Output follow(AttachConnection c) {
        Output out = new Output();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                for (Optional<AttachFrame> f = c.read(); f.isPresent(); f = c.read()) out.add(f.get());
            } catch (IOException ignored) {
                // the test closed it
            }
        });
        return out;
    }

    public boolean awaitStdout(Predicate<String> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.test(stdout())) return true;
            Thread.sleep(10);
        }
        return condition.test(stdout());
    }
}

package dev.berth.engine.container;

import dev.berth.common.EngineException;
import dev.berth.oci.ContainerConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * dockerd's health checks ({@code daemon/health.go}): while a container with a health check runs, its
 * test runs through exec every interval ({@code CMD} as is, {@code CMD-SHELL} under the config's
 * shell, else {@code /bin/sh -c}); the first run comes one interval after the start. Status starts as
 * {@code starting}; a pass makes it {@code healthy}; {@code retries} failures in a row, except those in
 * the start period before the first pass, make it {@code unhealthy}. The last 5 results are kept. A
 * change of status is reported to the listener ({@code health_status: <status>} events).
 *
 * <p>One virtual thread per watched container; health is kept in memory (a daemon restart resets it to
 * {@code starting}, as the restarted monitor starts over).
 */
final class HealthMonitor implements AutoCloseable {
    static final int MAX_LOG = 5;
    static final int MAX_OUTPUT = 4096;
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final int DEFAULT_RETRIES = 3;
    private static final Duration MINIMUM = Duration.ofMillis(1);
    private static final System.Logger LOG = System.getLogger("dev.berth.engine.container.health");

    private final ContainerService containers;
    private final Clock clock;
    private final BiConsumer<String, String> statusChanged;
    private final Map<String, Health> health = new ConcurrentHashMap<>();
    private final Map<String, Thread> probes = new ConcurrentHashMap<>();

    /** @param statusChanged gets the container id and its new status */
    HealthMonitor(ContainerService containers, Clock clock, BiConsumer<String, String> statusChanged) {
        this.containers = containers;
        this.clock = clock;
        this.statusChanged = statusChanged;
    }

    /** The check of a config: null without one ({@code NONE}, no test, or a test type dockerd does not know). */
    static ContainerConfig.Healthcheck check(ContainerConfig config) {
        ContainerConfig.Healthcheck h = config.healthcheck();
        if (h == null || h.test() == null || h.test().isEmpty()) return null;
        return switch (h.test().getFirst()) {
            case "CMD", "CMD-SHELL" -> h.test().size() < 2 ? null : h;
            default -> null;
        };
    }

    /** dockerd's checks at create. */
    static void validate(ContainerConfig config) {
        ContainerConfig.Healthcheck h = config.healthcheck();
        if (h == null) return;
        checkMinimum(h.interval(), "Interval");
        checkMinimum(h.timeout(), "Timeout");
        checkMinimum(h.startPeriod(), "StartPeriod");
        if (h.retries() != null && h.retries() < 0) throw new EngineException.InvalidArgument("Retries in Healthcheck cannot be negative");
    }

    private static void checkMinimum(Long nanos, String what) {
        if (nanos != null && nanos != 0 && nanos < MINIMUM.toNanos()) {
            throw new EngineException.InvalidArgument(what + " in Healthcheck cannot be less than " + goDuration(MINIMUM));
        }
    }

    /** Starts checking a container that now runs (after a start, a policy restart or recovery); status {@code starting}. */
    void watch(Container c, Instant startedAt) {
        unwatch(c.id());
        ContainerConfig.Healthcheck check = check(c.config());
        if (check == null) {
            health.remove(c.id());
            return;
        }
        health.compute(c.id(), (id, old) -> new Health(Health.STARTING, 0, old == null ? List.of() : old.log()));
        Thread t = Thread.ofVirtual().name("health-" + c.shortId()).unstarted(() -> loop(c, check, startedAt));
        probes.put(c.id(), t);
        t.start();
    }

    /**
     * Stops checking (the run ended); the last health stays for inspect. A check under way finishes
     * (it is not interrupted: that would break its exec's I/O) and its result is dropped.
     */
    void unwatch(String id) {
        Thread t = probes.remove(id);
        if (t != null) LockSupport.unpark(t);
    }

    /** Forgets a removed container. */
    void forget(String id) {
        unwatch(id);
        health.remove(id);
    }

    Optional<Health> health(String id) {
        return Optional.ofNullable(health.get(id));
    }

    private void loop(Container c, ContainerConfig.Healthcheck check, Instant startedAt) {
        Duration interval = duration(check.interval(), DEFAULT_INTERVAL);
        Duration timeout = duration(check.timeout(), DEFAULT_TIMEOUT);
        Duration startPeriod = duration(check.startPeriod(), Duration.ZERO);
        int retries = check.retries() == null || check.retries() <= 0 ? DEFAULT_RETRIES : check.retries();
        List<String> argv = argv(c.config(), check);
        try {
            while (sleep(c.id(), interval)) {
                if (!containers.inspect(c.id()).state().status().equals(ContainerState.Status.RUNNING)) continue; // paused
                Health.Result r = probe(c.id(), argv, timeout);
                if (!watched(c.id())) return; // stopped meanwhile: the result is stale
                record(c.id(), r, retries, Duration.between(startedAt, r.start()).compareTo(startPeriod) < 0);
            }
        } catch (InterruptedException | EngineException.NotFound stopped) {
            // the daemon shuts down, or the container is gone
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "health check of container " + c.id() + " stopped: " + e);
        }
    }

    private boolean watched(String id) {
        return probes.get(id) == Thread.currentThread();
    }

    /** Waits {@code d} unless unwatched meanwhile; returns whether still watched. */
    private boolean sleep(String id, Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        for (long left; watched(id) && (left = deadline - System.nanoTime()) > 0; ) LockSupport.parkNanos(left);
        return watched(id);
    }

    private static List<String> argv(ContainerConfig config, ContainerConfig.Healthcheck check) {
        List<String> test = check.test();
        if (test.getFirst().equals("CMD")) return test.subList(1, test.size());
        List<String> argv = new ArrayList<>(config.shell() == null || config.shell().isEmpty() ? List.of("/bin/sh", "-c") : config.shell());
        argv.add(test.get(1));
        return argv;
    }

    /** dockerd's {@code handleProbeResult}. */
    private void record(String id, Health.Result r, int retries, boolean inStartPeriod) {
        String[] change = new String[1];
        health.computeIfPresent(id, (k, h) -> {
            List<Health.Result> log = new ArrayList<>(h.log());
            log.add(r);
            if (log.size() > MAX_LOG) log = log.subList(log.size() - MAX_LOG, log.size());
            Health next;
            if (r.exitCode() == 0) {
                next = new Health(Health.HEALTHY, 0, log);
            } else if (h.status().equals(Health.STARTING) && inStartPeriod) {
                next = new Health(h.status(), h.failingStreak(), log);
            } else {
                int streak = h.failingStreak() + 1;
                next = new Health(streak >= retries ? Health.UNHEALTHY : h.status(), streak, log);
            }
            if (!next.status().equals(h.status())) change[0] = next.status();
            return next;
        });
        if (change[0] != null) statusChanged.accept(id, change[0]);
    }

    /** Runs the test once through exec: its exit code and first 4 KiB of output, or -1 (could not run, timed out). */
    private Health.Result probe(String id, List<String> argv, Duration timeout) throws InterruptedException {
        Instant start = clock.instant();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String execId = null;
        try {
            execId = containers.execCreate(id, new ExecSpec(argv, List.of(), "", "", false, false, false, true, true, "", null));
            try (ExecStream exec = containers.execStart(execId, false, (stream, data) -> {
                synchronized (output) {
                    output.write(data, 0, Math.min(data.length, Math.max(0, MAX_OUTPUT - output.size())));
                }
            })) {
                int code = exec.exitCode().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                synchronized (output) {
                    return new Health.Result(start, clock.instant(), code, output.toString(StandardCharsets.UTF_8));
                }
            }
        } catch (TimeoutException e) {
            return new Health.Result(start, clock.instant(), -1, "Health check exceeded timeout (" + goDuration(timeout) + ")");
        } catch (ExecutionException e) {
            return new Health.Result(start, clock.instant(), -1, String.valueOf(e.getCause().getMessage()));
        } catch (EngineException e) {
            return new Health.Result(start, clock.instant(), -1, e.getMessage());
        } finally {
            if (execId != null) containers.forgetExec(execId);
        }
    }

    private static Duration duration(Long nanos, Duration dflt) {
        return nanos == null || nanos <= 0 ? dflt : Duration.ofNanos(nanos);
    }

    /** A duration as Go prints one: {@code 500ms}, {@code 30s}, {@code 1.5s}, {@code 1m30s}. */
    static String goDuration(Duration d) {
        if (d.isZero()) return "0s";
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toNanos() % 1_000_000 == 0 ? d.toMillis() + "ms" : d.toNanos() / 1000.0 + "µs";
        }
        long minutes = d.toMinutes();
        long hours = minutes / 60;
        Duration rest = d.minusMinutes(minutes);
        String seconds = java.math.BigDecimal.valueOf(rest.toNanos(), 9).stripTrailingZeros().toPlainString() + "s";
        if (hours > 0) return hours + "h" + (minutes % 60) + "m" + seconds;
        return minutes > 0 ? minutes + "m" + seconds : seconds;
    }

    /** Stops every check. */
    @Override
    public void close() {
        for (String id : List.copyOf(probes.keySet())) unwatch(id);
    }
}

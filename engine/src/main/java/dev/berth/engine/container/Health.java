package dev.berth.engine.container;

import java.time.Instant;
import java.util.List;

/**
 * A container's health as its health check last found it ({@code State.Health} of inspect).
 *
 * @param status        {@code starting}, {@code healthy} or {@code unhealthy}
 * @param failingStreak failed checks in a row (not counting those in the start period)
 * @param log           the last results, oldest first (at most {@link HealthMonitor#MAX_LOG})
 */
public record Health(String status, int failingStreak, List<Result> log) {
    public static final String STARTING = "starting";
    public static final String HEALTHY = "healthy";
    public static final String UNHEALTHY = "unhealthy";
    /** The {@code health=} filter value of a container without a health check. */
    public static final String NONE = "none";

    public Health {
        log = List.copyOf(log);
    }

    /** How {@code docker ps} shows it after {@code Up ...}: {@code health: starting}, {@code healthy}, {@code unhealthy}. */
    public String describe() {
        return status.equals(STARTING) ? "health: starting" : status;
    }

    /** One run of the check: -1 when it could not run or timed out; output cut at 4 KiB. */
    public record Result(Instant start, Instant end, int exitCode, String output) {}
}

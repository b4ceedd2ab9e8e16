package dev.berth.client;

/**
 * Options of {@code GET /containers/{id}/logs}. {@code since} and {@code until} take what docker
 * accepts (RFC 3339 times, Unix timestamps, Go durations back from now) or null; {@code tail} is a
 * line count or {@code all}.
 */
public record LogsOptions(boolean stdout, boolean stderr, String since, String until, boolean timestamps,
                          boolean follow, String tail, boolean details) {
    /** Both streams, everything, no follow: what {@code docker logs} asks for by default. */
    public static LogsOptions defaults() {
        return new LogsOptions(true, true, null, null, false, false, "all", false);
    }
}

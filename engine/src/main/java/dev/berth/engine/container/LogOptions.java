package dev.berth.engine.container;

import java.time.Instant;

/**
 * {@code GET /containers/{id}/logs} parameters.
 *
 * @param stdout     include stdout
 * @param stderr     include stderr
 * @param since      only lines logged at or after this time; null for all
 * @param until      only lines logged before this time; null for all
 * @param tail       only the last N lines (counted over both streams, as Docker does); negative for all
 * @param follow     keep going until the container stops (or {@link ContainerLogs#close()})
 * @param timestamps prefix lines with their time ({@link LogLine#formatted})
 */
public record LogOptions(boolean stdout, boolean stderr, Instant since, Instant until, int tail, boolean follow,
                         boolean timestamps) {
    /** Both streams, everything, no follow, no timestamps. */
    public static LogOptions all() {
        return new LogOptions(true, true, null, null, -1, false, false);
    }

    public LogOptions withFollow(boolean f) {
        return new LogOptions(stdout, stderr, since, until, tail, f, timestamps);
    }

    public LogOptions withTail(int n) {
        return new LogOptions(stdout, stderr, since, until, n, follow, timestamps);
    }

    public LogOptions withTimestamps(boolean t) {
        return new LogOptions(stdout, stderr, since, until, tail, follow, t);
    }

    public LogOptions withStreams(boolean out, boolean err) {
        return new LogOptions(out, err, since, until, tail, follow, timestamps);
    }

    public LogOptions withSince(Instant s) {
        return new LogOptions(stdout, stderr, s, until, tail, follow, timestamps);
    }

    public LogOptions withUntil(Instant u) {
        return new LogOptions(stdout, stderr, since, u, tail, follow, timestamps);
    }
}

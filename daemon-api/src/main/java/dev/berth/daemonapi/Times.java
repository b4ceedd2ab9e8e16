package dev.berth.daemonapi;

import dev.berth.common.EngineException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** Time values as the API carries them. */
final class Times {
    static final String ZERO = "0001-01-01T00:00:00Z";

    private Times() {}

    /** RFC 3339 with nanoseconds, as Go's time.RFC3339Nano (trailing zeros of the fraction dropped). */
    static String rfc3339Nano(Instant t) {
        if (t == null) return ZERO;
        String s = DateTimeFormatter.ISO_INSTANT.format(t);
        return s;
    }

    /**
     * Parses {@code since}/{@code until}: unix seconds with an optional fraction ({@code 1700000000.5}),
     * as the docker CLI sends them after resolving durations and dates. Returns nanoseconds.
     */
    static long parseUnixNanos(String v, String what) {
        try {
            return new BigDecimal(v.trim()).movePointRight(9).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            try {
                Instant i = Instant.parse(v.trim());
                return i.getEpochSecond() * 1_000_000_000L + i.getNano();
            } catch (RuntimeException e2) {
                throw new EngineException.InvalidArgument("invalid value for " + what + ": " + v);
            }
        }
    }
}

package dev.berth.daemonapi;

import dev.berth.common.EngineException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
     * as the docker CLI sends them after resolving durations and dates, an RFC 3339 time, or a Go
     * duration before now ({@code 1h30m}: prune filters arrive as typed). Returns nanoseconds.
     */
    static long parseUnixNanos(String v, String what) {
        return parseUnixNanos(v, what, Instant.now());
    }

    static long parseUnixNanos(String v, String what, Instant now) {
        String s = v.trim();
        try {
            return new BigDecimal(s).movePointRight(9).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            Instant i;
            try {
                i = GO_DURATION.matcher(s).matches() ? now.minusNanos(durationNanos(s)) : Instant.parse(s);
            } catch (RuntimeException e2) {
                throw new EngineException.InvalidArgument("invalid value for " + what + ": " + v);
            }
            return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        }
    }

    private static final Pattern GO_DURATION = Pattern.compile("((\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|ms|s|m|h))+");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    /** Go's {@code time.ParseDuration} for a string {@link #GO_DURATION} matched. */
    private static long durationNanos(String s) {
        BigDecimal total = BigDecimal.ZERO;
        Matcher m = DURATION_PART.matcher(s);
        while (m.find()) {
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
        }
        return total.longValueExact();
    }
}

package dev.berth.image;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** RFC 3339 times as Go writes them ({@code time.RFC3339Nano}: UTC, fraction without trailing zeros). */
final class Timestamps {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {}

    static String format(Instant t) {
        StringBuilder s = new StringBuilder(SECONDS.format(t));
        if (t.getNano() != 0) {
            String frac = String.format("%09d", t.getNano());
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') end--;
            s.append('.').append(frac, 0, end);
        }
        return s.append('Z').toString();
    }

    /** Parses an RFC 3339 time with any offset; empty for null or garbage (Docker's zero time). */
    static Optional<Instant> parse(String s) {
        if (s == null || s.isEmpty()) return Optional.empty();
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

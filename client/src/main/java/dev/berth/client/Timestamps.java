package dev.berth.client;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts the {@code --since}/{@code --until} values docker accepts into the API's
 * {@code seconds[.nanoseconds]} form, as moby's {@code timetypes.GetTimestamp} does: Go durations
 * back from now ({@code 10m}), RFC 3339 dates and date-times with or without a zone (local time
 * when absent), and Unix timestamps passed through.
 */
public final class Timestamps {
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)");

    private Timestamps() {}

    public static String toApi(String value, Instant now, ZoneId zone) {
        Long nanos = parseGoDuration(value);
        if (nanos != null && !value.equals("0")) {
            return Long.toString(Math.floorDiv(now.minusNanos(nanos).toEpochMilli(), 1000L));
        }
        boolean inLocation = !containsAny(value, "zZ+") && count(value, '-') != 3;
        Instant t;
        try {
            t = parse(value, inLocation, zone);
        } catch (DateTimeParseException e) {
            if (value.contains("-")) {
                throw new IllegalArgumentException("parsing time " + quote(value) + ": " + e.getMessage(), e);
            }
            if (!value.matches("-?[0-9]+(\\.[0-9]+)?")) {
                throw new IllegalArgumentException("failed to parse value as time or duration: " + quote(value));
            }
            return value;
        }
        return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
    }

    private static Instant parse(String v, boolean inLocation, ZoneId zone) {
        if (v.contains(".") || v.contains("T")) {
            if (inLocation) {
                DateTimeFormatter f = switch (v.contains(".") ? 2 : Math.min(count(v, ':'), 2)) {
                    case 0 -> pattern("yyyy-MM-dd'T'HH");
                    case 1 -> pattern("yyyy-MM-dd'T'HH:mm");
                    default -> DateTimeFormatter.ISO_LOCAL_DATE_TIME;
                };
                TemporalAccessor ta = f.parse(v);
                LocalDateTime ldt = ta.isSupported(java.time.temporal.ChronoField.MINUTE_OF_HOUR)
                        ? LocalDateTime.from(ta)
                        : LocalDate.from(ta).atTime(ta.get(java.time.temporal.ChronoField.HOUR_OF_DAY), 0);
                return ldt.atZone(zone).toInstant();
            }
            int colons = count(v, ':');
            if (!containsAny(v, "zZ") && colons > 0) colons--;
            if (v.contains(".") || colons >= 2) return OffsetDateTime.parse(v.toUpperCase(Locale.ROOT)).toInstant();
            DateTimeFormatter f = colons == 0 ? pattern("yyyy-MM-dd'T'HHXXX") : pattern("yyyy-MM-dd'T'HH:mmXXX");
            TemporalAccessor ta = f.parse(v.toUpperCase(Locale.ROOT));
            int minute = colons == 0 ? 0 : ta.get(java.time.temporal.ChronoField.MINUTE_OF_HOUR);
            return LocalDate.from(ta).atTime(ta.get(java.time.temporal.ChronoField.HOUR_OF_DAY), minute)
                    .atOffset(java.time.ZoneOffset.from(ta)).toInstant();
        }
        if (inLocation) return LocalDate.parse(v).atStartOfDay(zone).toInstant();
        TemporalAccessor ta = pattern("yyyy-MM-ddXXX").parse(v.toUpperCase(Locale.ROOT));
        return LocalDate.from(ta).atStartOfDay(java.time.ZoneOffset.from(ta)).toInstant();
    }

    private static DateTimeFormatter pattern(String p) {
        return DateTimeFormatter.ofPattern(p, Locale.ROOT);
    }

    /** Go's {@code time.ParseDuration} in nanoseconds, or null if {@code s} is not a duration. */
    static Long parseGoDuration(String s) {
        if (s == null || s.isEmpty()) return null;
        String rest = s;
        boolean neg = false;
        if (rest.startsWith("-") || rest.startsWith("+")) {
            neg = rest.startsWith("-");
            rest = rest.substring(1);
        }
        if (rest.equals("0")) return 0L;
        if (rest.isEmpty()) return null;
        Matcher m = DURATION_PART.matcher(rest);
        double total = 0;
        int at = 0;
        while (at < rest.length()) {
            if (!m.find(at) || m.start() != at || m.group(1).isEmpty() || m.group(1).equals(".")) return null;
            double n = Double.parseDouble(m.group(1));
            double unit = switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs", "μs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            total += n * unit;
            at = m.end();
        }
        return (long) (neg ? -total : total);
    }

    private static boolean containsAny(String s, String chars) {
        for (char c : chars.toCharArray()) if (s.indexOf(c) >= 0) return true;
        return false;
    }

    private static int count(String s, char c) {
        int n = 0;
        for (char x : s.toCharArray()) if (x == c) n++;
        return n;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

package dev.berth.dockerfile;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/** Go's {@code time.ParseDuration} ({@code 30s}, {@code 1m30s}, {@code 1.5h}, {@code 100ms}), which HEALTHCHECK's flags use. */
final class GoDuration {
    private GoDuration() {}

    private static final Map<String, Long> UNITS = Map.of(
            "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    /** @throws IllegalArgumentException with Go's message, e.g. {@code time: invalid duration "x"} */
    static Duration parse(String s) {
        String orig = s;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) return Duration.ZERO;
        if (s.isEmpty()) throw invalid(orig);
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int startNum = i;
            while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) i++;
            String intPart = s.substring(startNum, i);
            String frac = "";
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int f = i;
                while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) i++;
                frac = s.substring(f, i);
                if (intPart.isEmpty() && frac.isEmpty()) throw invalid(orig);
            } else if (intPart.isEmpty()) {
                throw invalid(orig);
            }
            int u = i;
            while (i < s.length() && s.charAt(i) != '.' && !(Character.isDigit(s.charAt(i)) && s.charAt(i) < 128)) i++;
            if (u == i) throw new IllegalArgumentException("time: missing unit in duration " + GoQuote.quote(orig));
            String unit = s.substring(u, i);
            Long scale = UNITS.get(unit);
            if (scale == null) {
                throw new IllegalArgumentException("time: unknown unit " + GoQuote.quote(unit) + " in duration " + GoQuote.quote(orig));
            }
            BigDecimal num = new BigDecimal((intPart.isEmpty() ? "0" : intPart) + (frac.isEmpty() ? "" : "." + frac));
            total = total.add(num.multiply(BigDecimal.valueOf(scale)));
            if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) throw invalid(orig);
        }
        long nanos = total.longValue();
        return Duration.ofNanos(neg ? -nanos : nanos);
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("time: invalid duration " + GoQuote.quote(s));
    }
}

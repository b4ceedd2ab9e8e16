package dev.berth.compose.model;

import java.math.BigDecimal;
import java.util.Locale;

/** Compose's value units: Go durations ({@code 1m30s}), byte sizes ({@code 512m}, {@code 1gb}), CPU counts. */
public final class Units {
    private Units() {}

    /** A Go duration string in nanoseconds; a bare number is seconds (as older Compose files use). */
    public static long parseDuration(String s, TreePath path) {
        String v = s.strip();
        if (v.matches("-?\\d+(\\.\\d+)?")) return new BigDecimal(v).multiply(BigDecimal.valueOf(1_000_000_000L)).longValue();
        if (v.equals("0")) return 0;
        long total = 0;
        int i = 0;
        boolean neg = v.startsWith("-");
        if (neg || v.startsWith("+")) i++;
        if (i >= v.length()) throw badDuration(path, s);
        while (i < v.length()) {
            int start = i;
            while (i < v.length() && (Character.isDigit(v.charAt(i)) || v.charAt(i) == '.')) i++;
            if (start == i) throw badDuration(path, s);
            BigDecimal num = new BigDecimal(v.substring(start, i));
            int u = i;
            while (i < v.length() && !Character.isDigit(v.charAt(i)) && v.charAt(i) != '.') i++;
            long unit = switch (v.substring(u, i)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw badDuration(path, s);
            };
            total += num.multiply(BigDecimal.valueOf(unit)).longValue();
        }
        return neg ? -total : total;
    }

    private static ComposeException badDuration(TreePath path, String s) {
        return new ComposeException(path + ": invalid duration: \"" + s + "\"");
    }

    /** Go's {@code time.Duration.String()}: {@code 1m30s}, {@code 1.5s}, {@code 500ms}, {@code 0s}. */
    public static String formatDuration(long nanos) {
        if (nanos == 0) return "0s";
        boolean neg = nanos < 0;
        long u = Math.abs(nanos);
        StringBuilder sb = new StringBuilder();
        if (u < 1_000_000_000L) {
            String unit;
            long div;
            if (u < 1_000) {
                unit = "ns";
                div = 1;
            } else if (u < 1_000_000) {
                unit = "µs";
                div = 1_000;
            } else {
                unit = "ms";
                div = 1_000_000;
            }
            sb.append(fraction(u, div)).append(unit);
        } else {
            long secsTotal = u / 1_000_000_000L;
            long frac = u % 1_000_000_000L;
            long h = secsTotal / 3600;
            long m = (secsTotal / 60) % 60;
            long sec = secsTotal % 60;
            if (h > 0) sb.append(h).append('h');
            if (h > 0 || m > 0) sb.append(m).append('m');
            sb.append(fraction(sec * 1_000_000_000L + frac, 1_000_000_000L)).append('s');
        }
        return (neg ? "-" : "") + sb;
    }

    private static String fraction(long v, long div) {
        long whole = v / div;
        long rest = v % div;
        if (rest == 0) return Long.toString(whole);
        String digits = Long.toString(div + rest).substring(1);
        int end = digits.length();
        while (end > 0 && digits.charAt(end - 1) == '0') end--;
        return whole + "." + digits.substring(0, end);
    }

    /** go-units {@code RAMInBytes}: {@code 1024}, {@code 512m}, {@code 1.5gb}, binary multiples. */
    public static long parseBytes(Object value, TreePath path) {
        if (value instanceof Number n) return n.longValue();
        String s = String.valueOf(value).strip().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
        if (i == 0) throw new ComposeException(path + ": invalid size: '" + value + "'");
        String unit = s.substring(i).strip();
        long mult = switch (unit) {
            case "", "b" -> 1L;
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            case "t", "tb", "tib" -> 1L << 40;
            case "p", "pb", "pib" -> 1L << 50;
            default -> throw new ComposeException(path + ": invalid size: '" + value + "'");
        };
        return new BigDecimal(s.substring(0, i)).multiply(BigDecimal.valueOf(mult)).longValue();
    }

    /** A CPU count given as a number or a string ({@code "0.5"}). */
    public static Object parseCpus(Object value, TreePath path) {
        if (value instanceof Number n) return n.doubleValue();
        try {
            return Double.parseDouble(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            throw new ComposeException(path + ": invalid cpus value: " + value);
        }
    }
}

package dev.berth.cli.run;

import dev.berth.cli.template.GoFormat;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Go's parsers that docker's flags use, with Go's exact error messages (docker prints them):
 * {@code strconv.ParseInt/ParseUint}, {@code time.ParseDuration}, go-units' {@code RAMInBytes}
 * and docker's {@code ParseCPUs}. Failures are {@link IllegalArgumentException}s whose message is
 * the Go error text.
 */
public final class GoParse {
    private GoParse() {}

    /** {@code strconv.ParseInt(s, base, bits)}; base 0 reads 0x, 0o, 0b and leading-0 prefixes. */
    public static long parseInt(String s, int base, int bits) {
        String in = s;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        BigInteger v = parseUnsigned(s, base, "ParseInt", in);
        if (neg) v = v.negate();
        BigInteger max = BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
        BigInteger min = BigInteger.ONE.shiftLeft(bits - 1).negate();
        if (v.compareTo(max) > 0 || v.compareTo(min) < 0) throw range("ParseInt", in);
        return v.longValue();
    }

    /** {@code strconv.ParseUint(s, base, bits)}. */
    public static long parseUint(String s, int base, int bits) {
        BigInteger v = parseUnsigned(s, base, "ParseUint", s);
        if (v.bitLength() > bits) throw range("ParseUint", s);
        return v.longValue();
    }

    /** {@code strconv.Atoi}: base 10, int64. */
    public static long atoi(String s) {
        return parseInt(s, 10, 64);
    }

    private static BigInteger parseUnsigned(String s, int base, String fn, String orig) {
        if (s.isEmpty()) throw syntax(fn, orig);
        boolean underscores = false;
        if (base == 0) {
            base = 10;
            if (s.charAt(0) == '0') {
                if (s.length() >= 3 && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
                    base = 16;
                    s = s.substring(2);
                } else if (s.length() >= 3 && (s.charAt(1) == 'o' || s.charAt(1) == 'O')) {
                    base = 8;
                    s = s.substring(2);
                } else if (s.length() >= 3 && (s.charAt(1) == 'b' || s.charAt(1) == 'B')) {
                    base = 2;
                    s = s.substring(2);
                } else {
                    base = 8;
                    s = s.substring(1);
                    if (s.isEmpty()) return BigInteger.ZERO;
                }
            }
            underscores = true;
        }
        StringBuilder digits = new StringBuilder();
        char prev = '_';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '_' && underscores) {
                if (prev == '_') throw syntax(fn, orig);
                prev = c;
                continue;
            }
            if (Character.digit(c, base) < 0 || c > 'z') throw syntax(fn, orig);
            digits.append(c);
            prev = c;
        }
        if (digits.isEmpty() || (underscores && prev == '_' && s.length() > 0 && s.charAt(s.length() - 1) == '_')) {
            throw syntax(fn, orig);
        }
        return new BigInteger(digits.toString(), base);
    }

    private static IllegalArgumentException syntax(String fn, String s) {
        return new IllegalArgumentException("strconv." + fn + ": parsing " + GoFormat.quote(s) + ": invalid syntax");
    }

    private static IllegalArgumentException range(String fn, String s) {
        return new IllegalArgumentException("strconv." + fn + ": parsing " + GoFormat.quote(s) + ": value out of range");
    }

    /** {@code time.ParseDuration}, in nanoseconds. */
    public static long duration(String orig) {
        String s = orig;
        long total = 0;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) return 0;
        if (s.isEmpty()) throw invalidDuration(orig);
        while (!s.isEmpty()) {
            char c0 = s.charAt(0);
            if (!(c0 == '.' || (c0 >= '0' && c0 <= '9'))) throw invalidDuration(orig);
            int i = 0;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
            boolean pre = i > 0;
            String intPart = s.substring(0, i);
            s = s.substring(i);
            String frac = "";
            boolean post = false;
            if (!s.isEmpty() && s.charAt(0) == '.') {
                s = s.substring(1);
                int j = 0;
                while (j < s.length() && s.charAt(j) >= '0' && s.charAt(j) <= '9') j++;
                post = j > 0;
                frac = s.substring(0, j);
                s = s.substring(j);
            }
            if (!pre && !post) throw invalidDuration(orig);
            int u = 0;
            while (u < s.length() && s.charAt(u) != '.' && !(s.charAt(u) >= '0' && s.charAt(u) <= '9')) u++;
            if (u == 0) throw new IllegalArgumentException("time: missing unit in duration " + GoFormat.quote(orig));
            String unitName = s.substring(0, u);
            s = s.substring(u);
            long unit;
            switch (unitName) {
                case "ns" -> unit = 1L;
                case "us", "µs", "μs" -> unit = 1_000L;
                case "ms" -> unit = 1_000_000L;
                case "s" -> unit = 1_000_000_000L;
                case "m" -> unit = 60_000_000_000L;
                case "h" -> unit = 3_600_000_000_000L;
                default -> throw new IllegalArgumentException("time: unknown unit " + GoFormat.quote(unitName)
                        + " in duration " + GoFormat.quote(orig));
            }
            BigDecimal v = new BigDecimal((intPart.isEmpty() ? "0" : intPart) + (frac.isEmpty() ? "" : "." + frac))
                    .multiply(BigDecimal.valueOf(unit));
            if (v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) throw invalidDuration(orig);
            total += v.longValue();
            if (total < 0) throw invalidDuration(orig);
        }
        return neg ? -total : total;
    }

    private static IllegalArgumentException invalidDuration(String orig) {
        return new IllegalArgumentException("time: invalid duration " + GoFormat.quote(orig));
    }

    /** go-units' {@code RAMInBytes}: "512m", "1g", "1.5GiB", "100" (bytes); binary multiples. */
    public static long ramInBytes(String size) {
        int sep = -1;
        for (int i = size.length() - 1; i >= 0; i--) {
            char c = size.charAt(i);
            if ((c >= '0' && c <= '9') || c == '.' || c == ' ') {
                sep = i;
                break;
            }
        }
        if (sep == -1) throw new IllegalArgumentException("invalid size: '" + size + "'");
        String num;
        String sfx;
        if (size.charAt(sep) != ' ') {
            num = size.substring(0, sep + 1);
            sfx = size.substring(sep + 1);
        } else {
            num = size.substring(0, sep);
            sfx = size.substring(sep + 1);
        }
        double v = parseFloat(num);
        if (v < 0) throw new IllegalArgumentException("invalid size: '" + size + "'");
        if (sfx.isEmpty()) return (long) v;
        if (sfx.length() > 3) throw badSuffix(sfx);
        String lower = sfx.toLowerCase(java.util.Locale.ROOT);
        if (lower.charAt(0) == 'b') {
            if (lower.length() > 1) throw badSuffix(lower);
            return (long) v;
        }
        long mul;
        switch (lower.charAt(0)) {
            case 'k' -> mul = 1L << 10;
            case 'm' -> mul = 1L << 20;
            case 'g' -> mul = 1L << 30;
            case 't' -> mul = 1L << 40;
            case 'p' -> mul = 1L << 50;
            default -> throw badSuffix(lower);
        }
        if (lower.length() == 2 && lower.charAt(1) != 'b') throw badSuffix(lower);
        if (lower.length() == 3 && !lower.substring(1).equals("ib")) throw badSuffix(lower);
        return (long) (v * mul);
    }

    private static IllegalArgumentException badSuffix(String sfx) {
        return new IllegalArgumentException("invalid suffix: '" + sfx + "'");
    }

    /** {@code strconv.ParseFloat(s, 64)} for the decimal forms. */
    static double parseFloat(String s) {
        try {
            if (s.isEmpty() || s.indexOf('_') >= 0 || s.endsWith("d") || s.endsWith("f") || s.endsWith("D") || s.endsWith("F")) {
                throw new NumberFormatException();
            }
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing " + GoFormat.quote(s) + ": invalid syntax");
        }
    }

    /** docker's {@code ParseCPUs}: a rational number of CPUs ("1.5", "3/2") in units of 10<sup>-9</sup>. */
    public static long nanoCpus(String value) {
        BigDecimal cpu;
        try {
            int slash = value.indexOf('/');
            if (slash >= 0) {
                BigDecimal n = new BigDecimal(new BigInteger(value.substring(0, slash)));
                BigDecimal d = new BigDecimal(new BigInteger(value.substring(slash + 1)));
                if (d.signum() == 0) throw new NumberFormatException();
                BigDecimal nano = n.multiply(BigDecimal.valueOf(1_000_000_000L));
                BigDecimal[] qr = nano.divideAndRemainder(d);
                if (qr[1].signum() != 0) throw new IllegalArgumentException("value is too precise");
                return qr[0].longValue();
            }
            if (value.isEmpty() || value.indexOf('_') >= 0 || value.startsWith("+.") || value.endsWith(".")
                    && value.length() == 1) {
                throw new NumberFormatException();
            }
            cpu = new BigDecimal(value);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("failed to parse " + value + " as a rational number");
        }
        BigDecimal nano = cpu.multiply(BigDecimal.valueOf(1_000_000_000L));
        try {
            return nano.toBigIntegerExact().longValue();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("value is too precise");
        }
    }
}

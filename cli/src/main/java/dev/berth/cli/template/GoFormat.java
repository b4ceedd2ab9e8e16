package dev.berth.cli.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's {@code fmt} as templates use it: {@code %v} printing of values ({@code [a b]},
 * {@code map[k:v]}, {@code 1e+06}), {@code Sprint}/{@code Sprintln}/{@code Sprintf}, and
 * {@code strconv.Quote}. Numbers follow Go exactly where output is commonly seen (shortest
 * float form, {@code %.3g} with half-even rounding on the exact binary value).
 */
public final class GoFormat {
    private GoFormat() {}

    // ---- %v ----

    /** Formats a value as Go's {@code fmt.Sprint(v)} would. */
    public static String print(Object v) {
        StringBuilder sb = new StringBuilder();
        appendValue(sb, v);
        return sb.toString();
    }

    static void appendValue(StringBuilder sb, Object v) {
        if (v == null || v instanceof Values.NilPointer) {
            sb.append("<nil>");
        } else if (v instanceof String || v instanceof Boolean || v instanceof Long) {
            sb.append(v);
        } else if (v instanceof Double d) {
            sb.append(formatFloat(d, 'g', -1));
        } else if (v instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) sb.append(' ');
                appendValue(sb, Values.normalize(list.get(i)));
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> map) {
            sb.append("map[");
            boolean first = true;
            for (var e : sortedEntries(map)) {
                if (!first) sb.append(' ');
                first = false;
                appendValue(sb, e.getKey());
                sb.append(':');
                appendValue(sb, Values.normalize(e.getValue()));
            }
            sb.append(']');
        } else if (v instanceof TemplateObject o) {
            sb.append(o.goString());
        } else {
            Object n = Values.normalize(v);
            if (n == v) sb.append(v);
            else appendValue(sb, n);
        }
    }

    private static final java.util.Comparator<Object> BY_STRING = new java.util.Comparator<>() {
        @Override
        public int compare(Object a, Object b) {
            return String.valueOf(a).compareTo(String.valueOf(b));
        }
    };

    /** Map entries in Go's print order (sorted keys). */
    static List<Map.Entry<Object, Object>> sortedEntries(Map<?, ?> map) {
        TreeMap<Object, Object> sorted = new TreeMap<>(BY_STRING);
        sorted.putAll(map);
        return new ArrayList<>(sorted.entrySet());
    }

    /** {@code fmt.Sprint}: spaces between operands when neither side is a string. */
    public static String sprint(List<Object> args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (i > 0 && !(a instanceof String) && !(args.get(i - 1) instanceof String)) sb.append(' ');
            appendValue(sb, a);
        }
        return sb.toString();
    }

    /** {@code fmt.Sprintln}: spaces between all operands and a trailing newline. */
    public static String sprintln(List<Object> args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) sb.append(' ');
            appendValue(sb, args.get(i));
        }
        return sb.append('\n').toString();
    }

    // ---- printf ----

    /** {@code fmt.Sprintf} for the common verbs: v s q d x X o b c U e E f F g G t %. */
    public static String sprintf(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int argi = 0;
        int n = format.length();
        int i = 0;
        while (i < n) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            if (i >= n) {
                out.append("%!(NOVERB)");
                break;
            }
            Spec spec = new Spec();
            // flags
            flags:
            while (i < n) {
                switch (format.charAt(i)) {
                    case '-' -> spec.minus = true;
                    case '+' -> spec.plus = true;
                    case '#' -> spec.sharp = true;
                    case ' ' -> spec.space = true;
                    case '0' -> spec.zero = true;
                    default -> {
                        break flags;
                    }
                }
                i++;
            }
            // explicit argument index [n]
            if (i < n && format.charAt(i) == '[') {
                int close = format.indexOf(']', i);
                if (close > i) {
                    try {
                        argi = Integer.parseInt(format.substring(i + 1, close)) - 1;
                    } catch (NumberFormatException ignored) {
                        // leave argi
                    }
                    i = close + 1;
                }
            }
            // width
            if (i < n && format.charAt(i) == '*') {
                i++;
                if (argi < args.size() && args.get(argi) instanceof Long w) {
                    spec.width = (int) Math.abs(w);
                    if (w < 0) spec.minus = true;
                } else {
                    out.append("%!(BADWIDTH)");
                }
                argi++;
            } else {
                int start = i;
                while (i < n && Character.isDigit(format.charAt(i))) i++;
                if (i > start) spec.width = Integer.parseInt(format.substring(start, i));
            }
            // precision
            if (i < n && format.charAt(i) == '.') {
                i++;
                if (i < n && format.charAt(i) == '*') {
                    i++;
                    if (argi < args.size() && args.get(argi) instanceof Long p) spec.prec = (int) Math.max(0, p);
                    else out.append("%!(BADPREC)");
                    argi++;
                } else {
                    int start = i;
                    while (i < n && Character.isDigit(format.charAt(i))) i++;
                    spec.prec = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
                }
            }
            if (i >= n) {
                out.append("%!(NOVERB)");
                break;
            }
            int verb = format.codePointAt(i);
            i += Character.charCount(verb);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (argi >= args.size()) {
                out.append("%!").appendCodePoint(verb).append("(MISSING)");
                continue;
            }
            Object arg = Values.normalize(args.get(argi++));
            out.append(formatOne(spec, verb, arg));
        }
        if (argi < args.size()) {
            out.append("%!(EXTRA ");
            for (int k = argi; k < args.size(); k++) {
                if (k > argi) out.append(", ");
                Object a = Values.normalize(args.get(k));
                out.append(goTypeName(a)).append('=');
                appendValue(out, a);
            }
            out.append(')');
        }
        return out.toString();
    }

    private static final class Spec {
        boolean minus, plus, sharp, space, zero;
        int width = -1;
        int prec = -1;
    }

    private static String formatOne(Spec spec, int verb, Object arg) {
        arg = Values.normalize(arg);
        if (verb != 'v' && arg instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (int k = 0; k < list.size(); k++) {
                if (k > 0) sb.append(' ');
                sb.append(formatOne(spec, verb, list.get(k)));
            }
            return sb.append(']').toString();
        }
        if (verb != 'v' && arg instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("map[");
            boolean first = true;
            for (var e : sortedEntries(map)) {
                if (!first) sb.append(' ');
                first = false;
                sb.append(formatOne(spec, verb, e.getKey())).append(':').append(formatOne(spec, verb, e.getValue()));
            }
            return sb.append(']').toString();
        }
        String body;
        switch (verb) {
            case 'v' -> {
                if (arg instanceof Double d) body = signed(spec, formatFloat(d, 'g', spec.prec));
                else if (arg instanceof Long l) body = signed(spec, Long.toString(l));
                else body = print(arg);
            }
            case 's' -> {
                if (arg instanceof String s) body = spec.prec >= 0 ? truncateRunes(s, spec.prec) : s;
                else return bad(verb, arg);
            }
            case 'q' -> {
                if (arg instanceof String s) body = quote(s);
                else if (arg instanceof Long l) body = quoteRune(l.intValue());
                else return bad(verb, arg);
            }
            case 'd' -> {
                if (arg instanceof Long l) body = signed(spec, zeroPrec(Long.toString(Math.abs(l)), spec.prec, l < 0));
                else return bad(verb, arg);
            }
            case 'x', 'X', 'o', 'b' -> {
                int radix = verb == 'o' ? 8 : verb == 'b' ? 2 : 16;
                if (arg instanceof Long l) {
                    String digits = BigInteger.valueOf(l).abs().toString(radix);
                    if (verb == 'X') digits = digits.toUpperCase();
                    if (spec.sharp) digits = (radix == 16 ? (verb == 'X' ? "0X" : "0x") : radix == 8 ? "0" : "0b") + digits;
                    body = signed(spec, zeroPrec(digits, spec.prec, l < 0));
                } else if (arg instanceof String s && radix == 16) {
                    StringBuilder sb = new StringBuilder();
                    for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) sb.append(String.format("%02x", b & 0xff));
                    body = verb == 'X' ? sb.toString().toUpperCase() : sb.toString();
                } else return bad(verb, arg);
            }
            case 'c' -> {
                if (arg instanceof Long l) body = new String(Character.toChars(l.intValue()));
                else return bad(verb, arg);
            }
            case 'U' -> {
                if (arg instanceof Long l) body = String.format("U+%04X", l);
                else return bad(verb, arg);
            }
            case 'e', 'E', 'f', 'F', 'g', 'G' -> {
                double d;
                if (arg instanceof Double x) d = x;
                else return bad(verb, arg);
                char f = (char) Character.toLowerCase(verb);
                int prec = spec.prec;
                if (prec < 0 && f != 'g') prec = 6;
                body = formatFloat(d, f, prec);
                if (Character.isUpperCase(verb)) body = body.toUpperCase();
                body = signed(spec, body);
            }
            case 't' -> {
                if (arg instanceof Boolean b) body = b.toString();
                else return bad(verb, arg);
            }
            default -> {
                return bad(verb, arg);
            }
        }
        return pad(spec, body);
    }

    private static String zeroPrec(String digits, int prec, boolean neg) {
        StringBuilder sb = new StringBuilder();
        if (neg) sb.append('-');
        for (int k = digits.length(); k < prec; k++) sb.append('0');
        return sb.append(digits).toString();
    }

    private static String signed(Spec spec, String s) {
        if (s.startsWith("-") || s.startsWith("+")) return s;
        if (spec.plus) return "+" + s;
        if (spec.space) return " " + s;
        return s;
    }

    private static String pad(Spec spec, String s) {
        int len = s.codePointCount(0, s.length());
        if (spec.width <= len) return s;
        int fill = spec.width - len;
        if (spec.minus) return s + " ".repeat(fill);
        if (spec.zero) {
            int signLen = (s.startsWith("-") || s.startsWith("+") || s.startsWith(" ")) ? 1 : 0;
            return s.substring(0, signLen) + "0".repeat(fill) + s.substring(signLen);
        }
        return " ".repeat(fill) + s;
    }

    private static String bad(int verb, Object arg) {
        StringBuilder sb = new StringBuilder("%!").appendCodePoint(verb).append('(');
        if (arg == null) return sb.append("<nil>)").toString();
        sb.append(goTypeName(arg)).append('=');
        appendValue(sb, arg);
        return sb.append(')').toString();
    }

    private static String truncateRunes(String s, int n) {
        if (s.codePointCount(0, s.length()) <= n) return s;
        return s.substring(0, s.offsetByCodePoints(0, n));
    }

    /** The Go type name of a template value, as error messages show it. */
    public static String goTypeName(Object v) {
        if (v == null) return "<nil>";
        if (v instanceof String) return "string";
        if (v instanceof Boolean) return "bool";
        if (v instanceof Long || v instanceof Integer) return "int";
        if (v instanceof Double) return "float64";
        if (v instanceof List) return "[]interface {}";
        if (v instanceof Map) return v instanceof Values.StringMap ? "map[string]string" : "map[string]interface {}";
        if (v instanceof TemplateObject o) return o.typeName();
        if (v instanceof Values.NilPointer p) return p.typeName();
        return v.getClass().getSimpleName();
    }

    // ---- floats ----

    /**
     * Formats a float as Go's {@code strconv.FormatFloat(d, fmt, prec, 64)} does, for fmt
     * {@code 'e'}, {@code 'f'} or {@code 'g'}; {@code prec < 0} means the shortest exact form.
     */
    public static String formatFloat(double d, char fmt, int prec) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "+Inf" : "-Inf";
        boolean neg = d < 0 || (d == 0 && 1 / d < 0);
        double abs = Math.abs(d);
        boolean shortest = prec < 0;
        Digits digs;
        Digits shortestDigits = Digits.shortest(abs);
        if (shortest) {
            digs = shortestDigits;
            prec = switch (fmt) {
                case 'e' -> Math.max(digs.nd() - 1, 0);
                case 'f' -> Math.max(digs.nd() - digs.dp(), 0);
                default -> digs.nd();
            };
        } else {
            if (fmt == 'g' && prec == 0) prec = 1;
            int keep = switch (fmt) {
                case 'e' -> prec + 1;
                case 'f' -> shortestDigits.dp() + prec;
                default -> prec;
            };
            digs = shortestDigits.round(keep);
            if (digs == null) {
                // a tie in the shortest form, or nothing left: decide on the exact binary value
                BigDecimal exact = new BigDecimal(abs);
                digs = switch (fmt) {
                    case 'e' -> Digits.of(abs == 0 ? BigDecimal.ZERO : exact.round(new MathContext(prec + 1, RoundingMode.HALF_EVEN)));
                    case 'f' -> Digits.of(exact.setScale(prec, RoundingMode.HALF_EVEN));
                    default -> Digits.of(abs == 0 ? BigDecimal.ZERO : exact.round(new MathContext(prec, RoundingMode.HALF_EVEN)));
                };
            }
        }
        String body = switch (fmt) {
            case 'e' -> fmtE(digs, prec);
            case 'f' -> fmtF(digs, prec);
            default -> {
                int eprec = prec;
                if (eprec > digs.nd() && digs.nd() >= digs.dp()) eprec = digs.nd();
                if (shortest) eprec = 6;
                int exp = digs.dp() - 1;
                if (exp < -4 || exp >= eprec) {
                    int p = Math.min(prec, digs.nd());
                    yield fmtE(digs, p - 1);
                }
                int p = prec > digs.dp() ? digs.nd() : prec;
                yield fmtF(digs, Math.max(p - digs.dp(), 0));
            }
        };
        return neg ? "-" + body : body;
    }

    /** Decimal digits without leading or trailing zeros; the value is 0.digits × 10^dp. */
    record Digits(String d, int dp) {
        /**
         * The shortest digits that read back as {@code v} (non-negative), from {@link Double#toString}
         * ("1.0E-5", "123.45"), without BigDecimal.
         */
        static Digits shortest(double v) {
            if (v == 0) return new Digits("", 0);
            String s = Double.toString(v);
            int e = s.indexOf('E');
            int exp = e >= 0 ? Integer.parseInt(s.substring(e + 1)) : 0;
            String mant = e >= 0 ? s.substring(0, e) : s;
            int dot = mant.indexOf('.');
            String digits = dot >= 0 ? mant.substring(0, dot) + mant.substring(dot + 1) : mant;
            int dp = (dot >= 0 ? dot : mant.length()) + exp;
            int start = 0;
            while (start < digits.length() - 1 && digits.charAt(start) == '0') {
                start++;
                dp--;
            }
            int end = digits.length();
            while (end > start && digits.charAt(end - 1) == '0') end--;
            return new Digits(digits.substring(start, end), end > start ? dp : 0);
        }

        /**
         * Rounded to {@code n} significant digits, or null when the shortest digits cannot decide
         * (an exact tie "…5", or {@code n <= 0}): then the exact binary value must. Away from a tie
         * the shortest form rounds exactly as the exact value does.
         */
        Digits round(int n) {
            if (n >= d.length()) return this;
            if (n <= 0) return null;
            char next = d.charAt(n);
            boolean up;
            if (next > '5') {
                up = true;
            } else if (next < '5') {
                up = false;
            } else if (n + 1 < d.length()) {
                up = true;
            } else {
                return null;
            }
            if (!up) return strip(d.substring(0, n), dp);
            char[] c = d.substring(0, n).toCharArray();
            int i = n - 1;
            while (i >= 0 && c[i] == '9') c[i--] = '0';
            if (i < 0) return strip("1" + new String(c), dp + 1);
            c[i]++;
            return strip(new String(c), dp);
        }

        private static Digits strip(String s, int dp) {
            int end = s.length();
            while (end > 0 && s.charAt(end - 1) == '0') end--;
            return end == 0 ? new Digits("", 0) : new Digits(s.substring(0, end), dp);
        }

        static Digits of(BigDecimal v) {
            if (v.signum() == 0) return new Digits("", 0);
            BigDecimal s = v.stripTrailingZeros();
            String digits = s.unscaledValue().abs().toString();
            return new Digits(digits, digits.length() - s.scale());
        }

        int nd() {
            return d.length();
        }

        char at(int i) {
            return i >= 0 && i < d.length() ? d.charAt(i) : '0';
        }
    }

    private static String fmtE(Digits digs, int prec) {
        StringBuilder sb = new StringBuilder();
        sb.append(digs.nd() == 0 ? '0' : digs.at(0));
        if (prec > 0) {
            sb.append('.');
            for (int i = 1; i <= prec; i++) sb.append(digs.at(i));
        }
        int exp = digs.nd() == 0 ? 0 : digs.dp() - 1;
        sb.append('e').append(exp < 0 ? '-' : '+');
        int e = Math.abs(exp);
        if (e < 10) sb.append('0');
        return sb.append(e).toString();
    }

    private static String fmtF(Digits digs, int prec) {
        StringBuilder sb = new StringBuilder();
        if (digs.dp() > 0) {
            for (int i = 0; i < digs.dp(); i++) sb.append(digs.at(i));
        } else {
            sb.append('0');
        }
        if (prec > 0) {
            sb.append('.');
            for (int i = 0; i < prec; i++) sb.append(digs.at(digs.dp() + i));
        }
        return sb.toString();
    }

    // ---- quoting ----

    /** Go's {@code strconv.Quote}. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); ) {
            int r = s.codePointAt(i);
            appendEscaped(sb, r, '"');
            i += Character.charCount(r);
        }
        return sb.append('"').toString();
    }

    static String quoteRune(int r) {
        StringBuilder sb = new StringBuilder("'");
        appendEscaped(sb, r, '\'');
        return sb.append('\'').toString();
    }

    private static void appendEscaped(StringBuilder sb, int r, char quote) {
        if (r == quote || r == '\\') {
            sb.append('\\').appendCodePoint(r);
            return;
        }
        if (isPrint(r)) {
            sb.appendCodePoint(r);
            return;
        }
        switch (r) {
            case 7 -> sb.append("\\a");
            case '\b' -> sb.append("\\b");
            case '\f' -> sb.append("\\f");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case 11 -> sb.append("\\v");
            default -> {
                if (r < ' ' || r == 0x7f) sb.append(String.format("\\x%02x", r));
                else if (r < 0x10000) sb.append(String.format("\\u%04x", r));
                else sb.append(String.format("\\U%08x", r));
            }
        }
    }

    /** Go's {@code unicode.IsPrint}: graphic characters and the ASCII space. */
    static boolean isPrint(int r) {
        if (r == ' ') return true;
        if (r < 0x20 || (r >= 0x7f && r < 0xa0)) return false;
        return switch (Character.getType(r)) {
            case Character.UNASSIGNED, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                 Character.PARAGRAPH_SEPARATOR, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE,
                 Character.CONTROL -> false;
            default -> true;
        };
    }

    /** Go's {@code %#U}: {@code U+0041 'A'}. */
    static String unicodeName(int r) {
        String hex = String.format("U+%04X", r);
        return isPrint(r) ? hex + " '" + new String(Character.toChars(r)) + "'" : hex;
    }

    /**
     * Go's {@code strconv.Unquote} for double-quoted, back-quoted and single-quoted literals.
     *
     * @throws IllegalArgumentException with message {@code invalid syntax} on a bad literal
     */
    static String unquote(String s) {
        int n = s.length();
        if (n < 2) throw new IllegalArgumentException("invalid syntax");
        char q = s.charAt(0);
        if (q != s.charAt(n - 1)) throw new IllegalArgumentException("invalid syntax");
        String body = s.substring(1, n - 1);
        if (q == '`') {
            if (body.indexOf('`') >= 0) throw new IllegalArgumentException("invalid syntax");
            return body.replace("\r", "");
        }
        if (q != '"' && q != '\'') throw new IllegalArgumentException("invalid syntax");
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == q || c == '\n') throw new IllegalArgumentException("invalid syntax");
            if (c != '\\') {
                sb.append(c);
                i++;
                continue;
            }
            if (i + 1 >= body.length()) throw new IllegalArgumentException("invalid syntax");
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> sb.append((char) 7);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append((char) 11);
                case '\\' -> sb.append('\\');
                case '\'', '"' -> {
                    if (e != q) throw new IllegalArgumentException("invalid syntax");
                    sb.append(e);
                }
                case 'x', 'u', 'U' -> {
                    int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + len > body.length()) throw new IllegalArgumentException("invalid syntax");
                    int v;
                    try {
                        v = Integer.parseUnsignedInt(body.substring(i, i + len), 16);
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                    i += len;
                    if (e == 'x') {
                        if (q == '\'') sb.appendCodePoint(v);
                        else sb.append((char) v); // a raw byte; Latin-1 stand-in
                    } else {
                        if (!Character.isValidCodePoint(v) || (v >= 0xD800 && v <= 0xDFFF)) {
                            throw new IllegalArgumentException("invalid syntax");
                        }
                        sb.appendCodePoint(v);
                    }
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    if (i + 2 > body.length()) throw new IllegalArgumentException("invalid syntax");
                    String oct = body.substring(i - 1, i + 2);
                    int v;
                    try {
                        v = Integer.parseInt(oct, 8);
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                    if (v > 255) throw new IllegalArgumentException("invalid syntax");
                    i += 2;
                    sb.append((char) v);
                }
                default -> throw new IllegalArgumentException("invalid syntax");
            }
        }
        String out = sb.toString();
        if (q == '\'' && out.codePointCount(0, out.length()) != 1) throw new IllegalArgumentException("invalid syntax");
        return out;
    }
}

package dev.berth.cli.template;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Template functions: Go's builtins ({@code and or not len index slice print printf println eq ne
 * lt le gt ge html js urlquery}) plus docker's ({@code json split join title lower upper pad
 * truncate}), and docker's header variants used to print table headers.
 */
public final class Funcs {

    /** How an argument is checked before a call, as Go's reflection-based call does. */
    public enum ArgType { ANY, STRING, INT, STRINGS }

    /** A function body; a thrown {@link FuncError} becomes {@code error calling NAME: MESSAGE}. */
    @FunctionalInterface
    public interface Body {
        Object call(List<Object> args) throws FuncError;
    }

    /** An error returned by a function. */
    public static final class FuncError extends Exception {
        public FuncError(String message) {
            super(message);
        }
    }

    /** A named function with its parameter types; the last type repeats when {@code variadic}. */
    public record Func(String name, List<ArgType> params, boolean variadic, Body body) {}

    private final Map<String, Func> funcs;

    private Funcs(Map<String, Func> funcs) {
        this.funcs = funcs;
    }

    Func get(String name) {
        return funcs.get(name);
    }

    boolean has(String name) {
        return funcs.containsKey(name);
    }

    /** A copy with {@code more} added (replacing same-named functions). */
    public Funcs with(Func... more) {
        Map<String, Func> m = new HashMap<>(funcs);
        for (Func f : more) m.put(f.name(), f);
        return new Funcs(Map.copyOf(m));
    }

    /**
     * The function bodies, as enum constants rather than lambdas: a CLI run creates these tables
     * every time, and each lambda would cost class generation at start-up.
     */
    private enum Builtin implements Body {
        AND, OR, NOT, LEN, INDEX, SLICE, PRINT, PRINTLN, PRINTF, EQ, NE, LT, LE, GT, GE, HTML, JS, URLQUERY,
        JSON, SPLIT, JOIN, TITLE, LOWER, UPPER, PAD, TRUNCATE, IDENTITY;

        @Override
        public Object call(List<Object> a) throws FuncError {
            switch (this) {
                case AND, OR:
                    throw new IllegalStateException("and/or are evaluated by the executor");
                case NOT:
                    return !Values.isTrue(a.get(0));
                case LEN:
                    return len(a.get(0));
                case INDEX:
                    return index(a.get(0), a.subList(1, a.size()));
                case SLICE:
                    return slice(a.get(0), a.subList(1, a.size()));
                case PRINT:
                    return GoFormat.sprint(a);
                case PRINTLN:
                    return GoFormat.sprintln(a);
                case PRINTF:
                    return GoFormat.sprintf((String) a.get(0), a.subList(1, a.size()));
                case EQ:
                    return eq(a.get(0), a.subList(1, a.size()));
                case NE:
                    return !eq(a.get(0), java.util.Collections.singletonList(a.get(1)));
                case LT:
                    return compare(a.get(0), a.get(1)) < 0;
                case LE:
                    return compare(a.get(0), a.get(1)) <= 0;
                case GT:
                    return compare(a.get(0), a.get(1)) > 0;
                case GE:
                    return compare(a.get(0), a.get(1)) >= 0;
                case HTML:
                    return html(evalArgs(a));
                case JS:
                    return js(evalArgs(a));
                case URLQUERY:
                    return URLEncoder.encode(evalArgs(a), StandardCharsets.UTF_8);
                case JSON:
                    return GoJson.write(a.get(0));
                case SPLIT:
                    return split((String) a.get(0), (String) a.get(1));
                case JOIN:
                    return join(a.get(0), (String) a.get(1));
                case TITLE:
                    return title((String) a.get(0));
                case LOWER:
                    return ((String) a.get(0)).toLowerCase(Locale.ROOT);
                case UPPER:
                    return ((String) a.get(0)).toUpperCase(Locale.ROOT);
                case PAD:
                    return pad((String) a.get(0), (Long) a.get(1), (Long) a.get(2));
                case TRUNCATE:
                    return truncate((String) a.get(0), (Long) a.get(1));
                default:
                    return a.get(0);
            }
        }
    }

    private static Funcs builtins;
    private static Funcs docker;
    private static Funcs dockerHeader;

    /** Go's builtin functions only. */
    public static synchronized Funcs builtins() {
        if (builtins == null) {
            Map<String, Func> m = new HashMap<>();
            put(m, "and", true, Builtin.AND, ArgType.ANY, ArgType.ANY);
            put(m, "or", true, Builtin.OR, ArgType.ANY, ArgType.ANY);
            put(m, "not", false, Builtin.NOT, ArgType.ANY);
            put(m, "len", false, Builtin.LEN, ArgType.ANY);
            put(m, "index", true, Builtin.INDEX, ArgType.ANY, ArgType.ANY);
            put(m, "slice", true, Builtin.SLICE, ArgType.ANY, ArgType.ANY);
            put(m, "print", true, Builtin.PRINT, ArgType.ANY);
            put(m, "println", true, Builtin.PRINTLN, ArgType.ANY);
            put(m, "printf", true, Builtin.PRINTF, ArgType.STRING, ArgType.ANY);
            put(m, "eq", true, Builtin.EQ, ArgType.ANY, ArgType.ANY);
            put(m, "ne", false, Builtin.NE, ArgType.ANY, ArgType.ANY);
            put(m, "lt", false, Builtin.LT, ArgType.ANY, ArgType.ANY);
            put(m, "le", false, Builtin.LE, ArgType.ANY, ArgType.ANY);
            put(m, "gt", false, Builtin.GT, ArgType.ANY, ArgType.ANY);
            put(m, "ge", false, Builtin.GE, ArgType.ANY, ArgType.ANY);
            put(m, "html", true, Builtin.HTML, ArgType.ANY);
            put(m, "js", true, Builtin.JS, ArgType.ANY);
            put(m, "urlquery", true, Builtin.URLQUERY, ArgType.ANY);
            builtins = new Funcs(Map.copyOf(m));
        }
        return builtins;
    }

    /** Go's builtins plus docker's {@code templates.basicFunctions}. */
    public static synchronized Funcs docker() {
        if (docker == null) {
            Map<String, Func> m = new HashMap<>(builtins().funcs);
            put(m, "json", false, Builtin.JSON, ArgType.ANY);
            put(m, "split", false, Builtin.SPLIT, ArgType.STRING, ArgType.STRING);
            put(m, "join", false, Builtin.JOIN, ArgType.STRINGS, ArgType.STRING);
            put(m, "title", false, Builtin.TITLE, ArgType.STRING);
            put(m, "lower", false, Builtin.LOWER, ArgType.STRING);
            put(m, "upper", false, Builtin.UPPER, ArgType.STRING);
            put(m, "pad", false, Builtin.PAD, ArgType.STRING, ArgType.INT, ArgType.INT);
            put(m, "truncate", false, Builtin.TRUNCATE, ArgType.STRING, ArgType.INT);
            docker = new Funcs(Map.copyOf(m));
        }
        return docker;
    }

    /** Docker's {@code templates.HeaderFunctions}: the functions that leave a table header intact. */
    public static synchronized Funcs dockerHeader() {
        if (dockerHeader == null) {
            Map<String, Func> m = new HashMap<>(docker().funcs);
            put(m, "json", false, Builtin.IDENTITY, ArgType.STRING);
            put(m, "split", false, Builtin.IDENTITY, ArgType.STRING, ArgType.STRING);
            put(m, "join", false, Builtin.IDENTITY, ArgType.STRING, ArgType.STRING);
            put(m, "title", false, Builtin.IDENTITY, ArgType.STRING);
            put(m, "lower", false, Builtin.IDENTITY, ArgType.STRING);
            put(m, "upper", false, Builtin.IDENTITY, ArgType.STRING);
            put(m, "truncate", false, Builtin.IDENTITY, ArgType.STRING, ArgType.INT);
            dockerHeader = new Funcs(Map.copyOf(m));
        }
        return dockerHeader;
    }

    /** A function for {@link #with}. */
    public static Func func(String name, Body body, ArgType... params) {
        return new Func(name, List.of(params), false, body);
    }

    private static void put(Map<String, Func> m, String name, boolean variadic, Body body, ArgType... params) {
        m.put(name, new Func(name, List.of(params), variadic, body));
    }

    // ---- builtins ----

    private static Object len(Object v) throws FuncError {
        v = Values.normalize(v);
        if (v == null) throw new FuncError("len of untyped nil");
        if (v instanceof String str) return (long) str.getBytes(StandardCharsets.UTF_8).length;
        if (v instanceof List<?> l) return (long) l.size();
        if (v instanceof Map<?, ?> m) return (long) m.size();
        if (v instanceof Values.NilPointer) throw new FuncError("len of nil pointer");
        throw new FuncError("len of type " + GoFormat.goTypeName(v));
    }

    static Object index(Object item, List<Object> indexes) throws FuncError {
        item = Values.normalize(item);
        if (item == null) throw new FuncError("index of untyped nil");
        for (Object ix : indexes) {
            ix = Values.normalize(ix);
            if (item == null || item instanceof Values.NilPointer) throw new FuncError("index of nil pointer");
            if (item instanceof List<?> l) {
                item = Values.normalize(l.get(indexArg(ix, l.size())));
            } else if (item instanceof String s) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                item = (long) (b[indexArg(ix, b.length)] & 0xff);
            } else if (item instanceof Map<?, ?> m) {
                if (!(ix instanceof String)) {
                    throw new FuncError("value has type " + GoFormat.goTypeName(ix) + "; should be string");
                }
                if (m.containsKey(ix)) item = Values.normalize(m.get(ix));
                else item = m instanceof Values.StringMap || m == Values.NIL_STRING_MAP ? "" : null;
            } else {
                throw new FuncError("can't index item of type " + GoFormat.goTypeName(item));
            }
        }
        return item;
    }

    private static int indexArg(Object ix, int cap) throws FuncError {
        if (ix == null) throw new FuncError("cannot index slice/array with nil");
        if (!(ix instanceof Long x)) throw new FuncError("cannot index slice/array with type " + GoFormat.goTypeName(ix));
        if (x < 0 || x >= cap) throw new FuncError("index out of range: " + x);
        return (int) (long) x;
    }

    private static Object slice(Object item, List<Object> indexes) throws FuncError {
        item = Values.normalize(item);
        if (item == null) throw new FuncError("slice of untyped nil");
        if (indexes.size() > 3) throw new FuncError("too many slice indexes: " + indexes.size());
        int len;
        if (item instanceof String s) {
            if (indexes.size() == 3) throw new FuncError("cannot 3-index slice a string");
            len = s.getBytes(StandardCharsets.UTF_8).length;
        } else if (item instanceof List<?> l) {
            len = l.size();
        } else {
            throw new FuncError("can't slice item of type " + GoFormat.goTypeName(item));
        }
        int[] idx = {0, len, len};
        for (int i = 0; i < indexes.size(); i++) {
            Object ix = Values.normalize(indexes.get(i));
            if (!(ix instanceof Long x)) throw new FuncError("cannot index slice/array with type " + GoFormat.goTypeName(ix));
            if (x < 0 || x > len) throw new FuncError("index out of range: " + x);
            idx[i] = (int) (long) x;
        }
        if (idx[0] > idx[1]) throw new FuncError("invalid slice index: " + idx[0] + " > " + idx[1]);
        if (item instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return new String(b, idx[0], idx[1] - idx[0], StandardCharsets.UTF_8);
        }
        return new ArrayList<>(((List<?>) item).subList(idx[0], idx[1]));
    }

    private enum Kind { BOOL, INT, FLOAT, STRING, OTHER }

    private static Kind kind(Object v) {
        if (v instanceof Boolean) return Kind.BOOL;
        if (v instanceof Long) return Kind.INT;
        if (v instanceof Double) return Kind.FLOAT;
        if (v instanceof String) return Kind.STRING;
        return Kind.OTHER;
    }

    private static boolean isNil(Object v) {
        return v == null || v instanceof Values.NilPointer || Values.isNilCollection(v);
    }

    static boolean eq(Object a, List<Object> others) throws FuncError {
        a = Values.normalize(a);
        if (others.isEmpty()) throw new FuncError("missing argument for comparison");
        Kind ka = kind(a);
        for (Object o : others) {
            Object b = Values.normalize(o);
            Kind kb = kind(b);
            boolean truth;
            if (ka != kb) {
                if (!isNil(a) && !isNil(b)) throw new FuncError("incompatible types for comparison");
                truth = false;
            } else if (ka == Kind.OTHER) {
                if (isNil(a) || isNil(b)) {
                    truth = isNil(a) == isNil(b);
                } else if (a instanceof List || a instanceof Map || b instanceof List || b instanceof Map) {
                    throw new FuncError("non-comparable type " + GoFormat.sprintf("%s", List.of(b)) + ": "
                            + GoFormat.goTypeName(b));
                } else {
                    truth = a.equals(b);
                }
            } else {
                truth = a.equals(b);
            }
            if (truth) return true;
        }
        return false;
    }

    private static int compare(Object a, Object b) throws FuncError {
        a = Values.normalize(a);
        b = Values.normalize(b);
        Kind ka = kind(a);
        Kind kb = kind(b);
        if (ka == Kind.OTHER || kb == Kind.OTHER || ka == Kind.BOOL || kb == Kind.BOOL) {
            throw new FuncError("invalid type for comparison");
        }
        if (ka != kb) throw new FuncError("incompatible types for comparison");
        return switch (ka) {
            case INT -> Long.compare((Long) a, (Long) b);
            case FLOAT -> Double.compare((Double) a, (Double) b);
            default -> ((String) a).compareTo((String) b);
        };
    }

    private static String evalArgs(List<Object> args) {
        if (args.size() == 1 && args.get(0) instanceof String s) return s;
        return GoFormat.sprint(args);
    }

    private static String html(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("&#34;");
                case '\'' -> sb.append("&#39;");
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case 0 -> sb.append('\uFFFD');
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String js(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '"' -> sb.append("\\\"");
                case '<' -> sb.append("\\u003C");
                case '>' -> sb.append("\\u003E");
                case '&' -> sb.append("\\u0026");
                case '=' -> sb.append("\\u003D");
                default -> {
                    if (c < ' ' || !GoFormat.isPrint(c)) sb.append(String.format("\\u%04X", c));
                    else sb.appendCodePoint(c);
                }
            }
        }
        return sb.toString();
    }

    // ---- docker's ----

    private static List<String> split(String s, String sep) {
        List<String> out = new ArrayList<>();
        if (sep.isEmpty()) {
            for (int i = 0; i < s.length(); ) {
                int c = s.codePointAt(i);
                out.add(new String(Character.toChars(c)));
                i += Character.charCount(c);
            }
            return out;
        }
        for (String part : s.split(Pattern.quote(sep), -1)) out.add(part);
        return out;
    }

    private static String join(Object list, String sep) {
        List<?> l = (List<?>) list;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) sb.append(sep);
            sb.append(l.get(i));
        }
        return sb.toString();
    }

    /** Go's deprecated {@code strings.Title}: upper-cases the first letter of each word. */
    static String title(String s) {
        StringBuilder sb = new StringBuilder();
        int prev = ' ';
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (isSeparator(prev)) sb.appendCodePoint(Character.toTitleCase(c));
            else sb.appendCodePoint(c);
            prev = c;
            i += Character.charCount(c);
        }
        return sb.toString();
    }

    private static boolean isSeparator(int r) {
        if (r <= 0x7F) {
            if ((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '_') return false;
            return true;
        }
        if (Character.isLetterOrDigit(r)) return false;
        return Character.isWhitespace(r) || Character.isSpaceChar(r);
    }

    private static String pad(String s, long prefix, long suffix) {
        if (s.isEmpty()) return s;
        return " ".repeat((int) Math.max(0, prefix)) + s + " ".repeat((int) Math.max(0, suffix));
    }

    private static String truncate(String s, long length) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length < length) return s;
        return new String(b, 0, (int) Math.max(0, length), StandardCharsets.UTF_8);
    }
}

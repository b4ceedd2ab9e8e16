package dev.berth.compose.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Compose's variable substitution in every string value of a tree (keys are left alone):
 * {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}} (unset or empty), {@code ${VAR-default}} (unset),
 * {@code ${VAR:?error}}, {@code ${VAR?error}}, {@code ${VAR:+replacement}}, {@code ${VAR+replacement}},
 * nested in defaults ({@code ${A:-${B}}}), and {@code $$} for a literal {@code $}. A {@code $} followed by
 * anything else stays as it is; a malformed {@code ${...}} is an error naming the key.
 */
public final class Interpolation {
    private final Function<String, String> lookup;
    private final Consumer<String> warnings;
    /** Receives each variable met while substituting (for {@link #variables}); null otherwise. */
    private Consumer<Variable> seen;

    /**
     * A variable of the model, as {@code config --variables} lists it.
     *
     * @param defaultValue  the text after {@code :-} or {@code -}, else empty
     * @param presenceValue the text after {@code :+} or {@code +}, else empty
     * @param required      {@code :?} or {@code ?}
     */
    public record Variable(String name, boolean required, String defaultValue, String presenceValue) {}

    /**
     * The variables {@code tree} uses, by name (sorted), each as its first use says: what {@code docker compose config
     * --variables} lists (nested ones inside a default value too).
     */
    public static Map<String, Variable> variables(Object tree) {
        Map<String, Variable> out = new java.util.TreeMap<>();
        Interpolation scan = new Interpolation(name -> null, w -> { });
        scan.seen = v -> out.putIfAbsent(v.name(), v);
        scan.walk(tree);
        return out;
    }

    private void walk(Object tree) {
        if (tree instanceof String s) {
            try {
                substitute(s);
            } catch (Invalid | MissingRequired e) {
                // what it found before is kept; config --variables reads, it does not validate
            }
        } else if (tree instanceof Yaml.Replacement o) {
            walk(o.value());
        } else if (tree instanceof Map<?, ?> m) {
            for (Object v : m.values()) walk(v);
        } else if (tree instanceof List<?> l) {
            for (Object v : l) walk(v);
        }
    }

    /**
     * @param lookup   a variable's value, or null when unset
     * @param warnings receives "variable is not set" warnings
     */
    public Interpolation(Function<String, String> lookup, Consumer<String> warnings) {
        this.lookup = lookup;
        this.warnings = warnings;
    }

    /** A copy of {@code tree} with every string interpolated; {@code path} names it in errors. */
    public Object apply(Object tree, String path) {
        if (tree instanceof String s) return substitute(s, path);
        if (tree instanceof Yaml.Replacement o) return new Yaml.Replacement(apply(o.value(), path));
        if (tree instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = (String) e.getKey();
                out.put(k, apply(e.getValue(), path.isEmpty() ? k : path + "." + k));
            }
            return out;
        }
        if (tree instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(apply(o, path + ".[]"));
            return out;
        }
        return tree;
    }

    /** One string, as Compose substitutes it. */
    public String substitute(String template, String path) {
        try {
            return substitute(template);
        } catch (Invalid e) {
            throw new ComposeException("invalid interpolation format for " + path
                    + ".\nYou may need to escape any $ with another $.\n" + template);
        } catch (MissingRequired e) {
            throw new ComposeException("error while interpolating " + path + ": " + e.getMessage());
        }
    }

    private String substitute(String s) {
        int dollar = s.indexOf('$');
        if (dollar < 0) return s;
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '$' || i + 1 >= s.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = s.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                int close = closingBrace(s, i + 1);
                if (close < 0) throw new Invalid();
                out.append(braced(s.substring(i + 2, close)));
                i = close + 1;
            } else if (nameStart(next)) {
                int end = i + 2;
                while (end < s.length() && namePart(s.charAt(end))) end++;
                out.append(variable(s.substring(i + 1, end)));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The index of the brace closing the one at {@code open}, counting nested {@code {}}. */
    private static int closingBrace(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') depth++;
            else if (c == '}' && --depth == 0) return i;
        }
        return -1;
    }

    private static final String[] OPERATORS = {":?", "?", ":-", "-", ":+", "+"};

    private String braced(String expr) {
        int nameEnd = 0;
        while (nameEnd < expr.length() && (nameEnd == 0 ? nameStart(expr.charAt(0)) : namePart(expr.charAt(nameEnd)))) nameEnd++;
        if (nameEnd == 0) throw new Invalid();
        String name = expr.substring(0, nameEnd);
        if (nameEnd == expr.length()) return variable(name);
        String op = null;
        for (String o : OPERATORS) {
            if (expr.startsWith(o, nameEnd)) {
                op = o;
                break;
            }
        }
        if (op == null) throw new Invalid();
        String arg = expr.substring(nameEnd + op.length());
        if (seen != null) {
            seen.accept(new Variable(name, op.endsWith("?"), op.endsWith("-") ? arg : "", op.endsWith("+") ? arg : ""));
            if (op.endsWith("+")) substitute(arg); // its variables too
        }
        String value = lookup.apply(name);
        switch (op) {
            case ":?":
                if (seen != null) return "";
                if (value == null || value.isEmpty()) throw new MissingRequired(name, substitute(arg));
                return value;
            case "?":
                if (seen != null) return "";
                if (value == null) throw new MissingRequired(name, substitute(arg));
                return value;
            case ":-":
                return value == null || value.isEmpty() ? substitute(arg) : value;
            case "-":
                return value == null ? substitute(arg) : value;
            case ":+":
                return value != null && !value.isEmpty() ? substitute(arg) : value == null ? "" : value;
            default:
                return value != null ? substitute(arg) : "";
        }
    }

    private String variable(String name) {
        if (seen != null) seen.accept(new Variable(name, false, "", ""));
        String v = lookup.apply(name);
        if (v == null) {
            warnings.accept("The \"" + name + "\" variable is not set. Defaulting to a blank string.");
            return "";
        }
        return v;
    }

    private static boolean nameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean namePart(char c) {
        return nameStart(c) || (c >= '0' && c <= '9');
    }

    private static final class Invalid extends RuntimeException {
        Invalid() {
            super(null, null, false, false);
        }
    }

    private static final class MissingRequired extends RuntimeException {
        MissingRequired(String name, String reason) {
            super(reason.isEmpty() ? "required variable " + name + " is missing a value"
                    : "required variable " + name + " is missing a value: " + reason, null, false, false);
        }
    }
}

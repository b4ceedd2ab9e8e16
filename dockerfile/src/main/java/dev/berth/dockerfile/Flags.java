package dev.berth.dockerfile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An instruction's {@code --flags} (BuildKit's BFlags): declare what the instruction takes, then
 * {@link #parse} the words; unknown, duplicate and valueless flags are errors with Docker's words.
 */
final class Flags {
    enum Kind { STRING, STRINGS, BOOL }

    /** A declared flag and, after {@link Flags#parse}, its value(s). */
    static final class Value {
        private final Kind kind;
        private String value;
        private final List<String> values = new ArrayList<>();

        private Value(Kind kind) { this.kind = kind; }

        /** The value of a string flag, or null when it was not given. */
        String orNull() { return value; }

        /** A bool flag's state. */
        boolean isTrue() { return "true".equals(value); }

        /** A repeatable flag's values, in order. */
        List<String> values() { return values; }
    }

    private final List<String> words;
    private final Map<String, Value> declared = new LinkedHashMap<>();

    Flags(List<String> words) {
        this.words = words;
    }

    Value string(String name) { return declare(name, Kind.STRING); }

    Value strings(String name) { return declare(name, Kind.STRINGS); }

    Value bool(String name) { return declare(name, Kind.BOOL); }

    private Value declare(String name, Kind kind) {
        Value v = new Value(kind);
        declared.put(name, v);
        return v;
    }

    void parse() {
        Set<String> used = new HashSet<>();
        for (String word : words) {
            if (!word.startsWith("--")) throw Parser.failure("Arg should start with -- : " + word);
            if (word.equals("--")) return;
            String arg = word.substring(2);
            String value = "";
            int eq = arg.indexOf('=');
            if (eq >= 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            Value flag = declared.get(arg);
            if (flag == null) throw Parser.failure("Unknown flag: " + arg);
            if (!used.add(arg) && flag.kind != Kind.STRINGS) throw Parser.failure("Duplicate flag specified: " + arg);
            switch (flag.kind) {
                case BOOL -> {
                    if (eq >= 0 && value.isEmpty()) throw Parser.failure("Missing a value on flag: " + arg);
                    String lower = value.toLowerCase(Locale.ROOT);
                    if (lower.isEmpty()) flag.value = "true";
                    else if (lower.equals("true") || lower.equals("false")) flag.value = lower;
                    else throw Parser.failure("Expecting boolean value for flag " + arg + ", not: " + value);
                }
                case STRING -> {
                    if (eq < 0) throw Parser.failure("Missing a value on flag: " + arg);
                    flag.value = value;
                }
                case STRINGS -> {
                    if (eq < 0) throw Parser.failure("Missing a value on flag: " + arg);
                    flag.values.add(value);
                }
            }
        }
    }
}

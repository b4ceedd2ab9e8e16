package dev.berth.cli;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** The flags and arguments a command was called with, after parsing with docker's rules. */
public final class Invocation {
    private final Flags flags;
    private final Map<Flag, List<String>> values;
    private final List<String> args;

    Invocation(Flags flags, Map<Flag, List<String>> values, List<String> args) {
        this.flags = flags;
        this.values = new IdentityHashMap<>(values);
        this.args = List.copyOf(args);
    }

    /** The positional arguments. */
    public List<String> args() {
        return args;
    }

    /** The value of a boolean flag (its default when not given). */
    public boolean bool(String longName) {
        String v = last(longName);
        return v != null && Boolean.TRUE.equals(FlagParser.parseBool(v));
    }

    /** The value of a string flag; null when neither given nor defaulted. */
    public String string(String longName) {
        return last(longName);
    }

    /** The value of an integer flag, or {@code otherwise}. */
    public long integer(String longName, long otherwise) {
        String v = last(longName);
        return v == null ? otherwise : dev.berth.cli.run.GoParse.parseInt(v, 0, 64);
    }

    /** All values of a repeatable flag, in order ({@code strings} values split at commas). */
    public List<String> list(String longName) {
        Flag f = flag(longName);
        List<String> out = new ArrayList<>();
        List<String> given = values.get(f);
        if (given == null) return out;
        for (String v : given) {
            if (f.type() == Flag.Type.STRINGS) {
                for (String part : v.split(",", -1)) if (!part.isEmpty()) out.add(part.strip());
            } else if (f.type() != Flag.Type.FILTER || !v.isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }

    /** Whether the flag was given on the command line. */
    public boolean given(String longName) {
        return values.containsKey(flag(longName));
    }

    private String last(String longName) {
        Flag f = flag(longName);
        List<String> given = values.get(f);
        if (given != null && !given.isEmpty()) return given.get(given.size() - 1);
        return f.defaultValue();
    }

    private Flag flag(String longName) {
        Flag f = flags.byLong(longName);
        if (f == null) throw new IllegalArgumentException("no flag --" + longName);
        return f;
    }
}

package dev.berth.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The flags a command accepts and how many arguments it takes, declared in code:
 *
 * <pre>{@code
 * static final Flags FLAGS = new Flags()
 *         .bool("a", "all", "Show all images (default hides intermediate images)")
 *         .value("f", "filter", Flag.Type.FILTER, "Filter output based on conditions provided")
 *         .maxArgs(1);
 * }</pre>
 *
 * Plain declarations rather than annotations: reading annotations makes the JVM generate proxy
 * classes, which alone costs tens of milliseconds of CLI start-up.
 */
public final class Flags {
    private final List<Flag> flags = new ArrayList<>();
    private int minArgs;
    private int maxArgs;

    /** A boolean flag, false unless given. */
    public Flags bool(String shortName, String longName, String usage) {
        flags.add(new Flag(shortName, longName, Flag.Type.BOOL, usage, null, false));
        return this;
    }

    /** A boolean flag that is true unless turned off ({@code --human=false}). */
    public Flags boolDefaultTrue(String shortName, String longName, String usage) {
        flags.add(new Flag(shortName, longName, Flag.Type.BOOL, usage, "true", false));
        return this;
    }

    /** A flag with a value of the given type. */
    public Flags value(String shortName, String longName, Flag.Type type, String usage) {
        flags.add(new Flag(shortName, longName, type, usage, null, false));
        return this;
    }

    /** A string flag with a default shown in help. */
    public Flags value(String shortName, String longName, Flag.Type type, String usage, String defaultValue) {
        flags.add(new Flag(shortName, longName, type, usage, defaultValue, false));
        return this;
    }

    /** A flag accepted but not shown in help. */
    public Flags hidden(String shortName, String longName, Flag.Type type) {
        flags.add(new Flag(shortName, longName, type, "", null, true));
        return this;
    }

    /** Exactly {@code n} arguments. */
    public Flags args(int n) {
        return args(n, n);
    }

    /** Between {@code min} and {@code max} arguments; {@code max < 0} for no upper bound. */
    public Flags args(int min, int max) {
        minArgs = min;
        maxArgs = max;
        return this;
    }

    public List<Flag> all() {
        return flags;
    }

    public int minArgs() {
        return minArgs;
    }

    /** The most arguments accepted; -1 for any number. */
    public int maxArgs() {
        return maxArgs;
    }

    Flag byLong(String name) {
        for (Flag f : flags) if (f.longName().equals(name)) return f;
        return null;
    }

    Flag byShort(char c) {
        for (Flag f : flags) if (f.shortName() != null && f.shortName().length() == 1 && f.shortName().charAt(0) == c) return f;
        return null;
    }
}

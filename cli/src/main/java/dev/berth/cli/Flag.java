package dev.berth.cli;

/**
 * One command-line flag, as docker's pflag declares it: an optional one-letter name, a long name,
 * a value type (which decides parsing, validation and the type shown in help), the usage text,
 * and a default.
 */
public record Flag(String shortName, String longName, Type type, String usage, String defaultValue, boolean hidden) {

    /** pflag value types; {@link #label()} is what help shows after the flag name. */
    public enum Type {
        BOOL(""), STRING("string"), INT("int"), LIST("list"), FILTER("filter"), STRINGS("strings");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Whether repeated uses accumulate rather than replace. */
        public boolean repeatable() {
            return this == LIST || this == FILTER || this == STRINGS;
        }
    }

    /** {@code -f, --filter} or {@code --format}, as pflag names a flag in messages. */
    public String displayName() {
        return shortName == null ? "--" + longName : "-" + shortName + ", --" + longName;
    }
}

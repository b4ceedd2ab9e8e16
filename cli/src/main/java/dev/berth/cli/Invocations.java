package dev.berth.cli;

import java.util.List;

/** Parses arguments for a command run from another command (e.g. {@code berth compose build} running {@code build}). */
public final class Invocations {
    private Invocations() {}

    /** @throws CliException with pflag's message when the arguments do not parse */
    public static Invocation parse(Flags flags, List<String> args) {
        return parse(flags, args, true);
    }

    /** @param interspersed false when flags end at the first argument (a command line follows, as for exec) */
    public static Invocation parse(Flags flags, List<String> args, boolean interspersed) {
        try {
            return FlagParser.parse(flags, args, interspersed).invocation();
        } catch (FlagParser.FlagError e) {
            throw new CliException(e.getMessage(), 125);
        }
    }
}

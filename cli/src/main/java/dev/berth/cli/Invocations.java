package dev.berth.cli;

import java.util.List;

/** Parses arguments for a command run from another command (e.g. {@code berth compose build} running {@code build}). */
public final class Invocations {
    private Invocations() {}

    /** @throws CliException with pflag's message when the arguments do not parse */
    public static Invocation parse(Flags flags, List<String> args) {
        try {
            return FlagParser.parse(flags, args, true).invocation();
        } catch (FlagParser.FlagError e) {
            throw new CliException(e.getMessage(), 125);
        }
    }
}

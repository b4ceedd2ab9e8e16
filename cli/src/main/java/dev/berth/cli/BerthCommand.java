package dev.berth.cli;

/**
 * One berth command: the flags and arguments it takes, and what it does. {@link Berth} parses the
 * command line against {@link #flags()} with docker's rules before calling {@link #run}.
 */
public interface BerthCommand {
    /** The flags and argument count this command accepts. */
    Flags flags();

    /**
     * Runs the command; returns the exit status. Failures may be thrown: daemon errors, an
     * unreachable daemon and {@link CliException}s are reported by {@link Berth} as docker reports them.
     */
    int run(CliContext ctx, Invocation in) throws Exception;
}

package dev.berth.cli;

import dev.berth.client.ConnectionFailedException;
import dev.berth.client.JsonStreamException;
import dev.berth.common.EngineException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@code berth} command line: parses global options, finds the command, parses its flags with
 * docker's rules, runs it, and reports failures and exit statuses the way docker does (125 for a
 * flag error, 1 for a usage or daemon error, the command's own status otherwise).
 */
public final class Berth {
    private final Streams streams;
    private final Function<String, String> env;
    private final ClientFactory clients;
    private final Supplier<Instant> clock;
    private final ZoneId zone;

    /**
     * @param zone the time zone for local times; null for the system's, looked up only when a
     *             command needs it (loading time zone data costs start-up time)
     */
    public Berth(Streams streams, Function<String, String> env, ClientFactory clients, Supplier<Instant> clock, ZoneId zone) {
        this.streams = streams;
        this.env = env;
        this.clients = clients;
        this.clock = clock;
        this.zone = zone;
    }

    /** Runs one invocation and returns the exit status; output is flushed. */
    public int run(String... argv) {
        try {
            return dispatch(Arrays.asList(argv));
        } finally {
            streams.out().flush();
            streams.err().flush();
        }
    }

    private int dispatch(List<String> argv) {
        Flags globalSpec = GlobalOptions.FLAGS;
        FlagParser.Parsed top;
        try {
            top = FlagParser.parse(globalSpec, argv, false);
        } catch (FlagParser.FlagError e) {
            return usageError(e.getMessage(), "berth [OPTIONS] COMMAND [ARG...]", "berth", 125);
        }
        GlobalOptions globals = new GlobalOptions(top.invocation());
        if (top.help()) {
            streams.out().print(HelpPrinter.root(globalSpec));
            return 0;
        }
        if (globals.version()) {
            BuildInfo b = BuildInfo.load();
            streams.out().println("berth version " + b.version() + ", build " + b.commit());
            return 0;
        }
        List<String> args = top.args();
        if (args.isEmpty()) {
            streams.err().print(HelpPrinter.root(globalSpec));
            return 0;
        }
        String name = args.get(0);
        List<String> rest = args.subList(1, args.size());
        if (name.equals("help")) return help(rest, globalSpec);

        if (name.equals("compose")) {
            return new ComposeCli(this, streams).run(rest, globals, new ComposeCli.CliContextFactory() {
                @Override
                public CliContext create(String commandPath) {
                    return new CliContext(streams, globals, env, clients, clock, zone, BuildInfo.load(), commandPath);
                }
            });
        }
        CommandTable.Group group = CommandTable.group(name);
        if (group != null) return runGroup(group, rest, globals);
        CommandTable.Leaf leaf = CommandTable.rootLeaf(name);
        if (leaf == null) {
            streams.err().println("berth: unknown command: berth " + name + "\n\nRun 'berth --help' for more information");
            return 1;
        }
        return runLeaf("berth " + leaf.name(), leaf, rest, globals);
    }

    private int runGroup(CommandTable.Group group, List<String> rest, GlobalOptions globals) {
        String path = "berth " + group.name();
        if (rest.isEmpty()) {
            streams.err().print(HelpPrinter.group(path, group));
            return 0;
        }
        String sub = rest.get(0);
        if (sub.startsWith("-") && sub.length() > 1) {
            if (sub.equals("--help") || sub.equals("-h")) {
                streams.out().print(HelpPrinter.group(path, group));
                return 0;
            }
            String msg = sub.startsWith("--") ? "unknown flag: " + sub.split("=", 2)[0]
                    : "unknown shorthand flag: '" + sub.charAt(1) + "' in " + sub;
            return usageError(msg, path, path, 125);
        }
        CommandTable.Leaf leaf = CommandTable.leafIn(group, sub);
        if (leaf == null) {
            streams.err().println("berth: unknown command: " + path + " " + sub + "\n\nUsage:  " + path
                    + "\n\nRun '" + path + " --help' for more information");
            return 1;
        }
        return runLeaf(path + " " + leaf.name(), leaf, rest.subList(1, rest.size()), globals);
    }

    private int runLeaf(String path, CommandTable.Leaf leaf, List<String> rest, GlobalOptions globals) {
        BerthCommand command = leaf.create();
        Flags spec = command.flags();
        String useLine = path + " " + leaf.use();
        FlagParser.Parsed parsed;
        try {
            parsed = FlagParser.parse(spec, rest, leaf.interspersed());
        } catch (FlagParser.FlagError e) {
            return usageError(e.getMessage(), useLine, path, 125);
        }
        if (parsed.help()) {
            streams.out().print(HelpPrinter.leaf(path, leaf, spec));
            return 0;
        }
        String arity = checkArity(spec, parsed.args().size(), path);
        if (arity != null) {
            String see = arity.contains("at least") && !arity.contains("at most") ? "See" : "Run";
            streams.err().println("berth: " + arity + "\n\nUsage:  " + useLine + "\n\n" + see + " '" + path
                    + " --help' for more information");
            return 1;
        }
        try (CliContext ctx = new CliContext(streams, globals, env, clients, clock, zone, BuildInfo.load(), path)) {
            return command.run(ctx, parsed.invocation());
        } catch (Exception e) {
            return report(e, globals);
        }
    }

    /** docker's positional-argument checks ({@code cli.NoArgs}, {@code ExactArgs}...); null when fine. */
    static String checkArity(Flags spec, int n, String path) {
        int min = spec.minArgs();
        int max = spec.maxArgs();
        if (min == 0 && max == 0) return n == 0 ? null : "'" + path + "' accepts no arguments";
        boolean unbounded = max < 0;
        if (n >= min && (unbounded || n <= max)) return null;
        if (min == max) return "'" + path + "' requires " + min + " " + plural(min);
        if (unbounded) return "'" + path + "' requires at least " + min + " " + plural(min);
        if (min == 0) return "'" + path + "' requires at most " + max + " " + plural(max);
        return "'" + path + "' requires at least " + min + " and at most " + max + " " + plural(max);
    }

    private static String plural(int n) {
        return n == 1 ? "argument" : "arguments";
    }

    private int help(List<String> topic, Flags globalSpec) {
        if (topic.isEmpty()) {
            streams.out().print(HelpPrinter.root(globalSpec));
            return 0;
        }
        CommandTable.Group g = CommandTable.group(topic.get(0));
        if (g != null) {
            if (topic.size() == 1) {
                streams.out().print(HelpPrinter.group("berth " + g.name(), g));
                return 0;
            }
            CommandTable.Leaf l = CommandTable.leafIn(g, topic.get(1));
            if (l != null) {
                String path = "berth " + g.name() + " " + l.name();
                streams.out().print(HelpPrinter.leaf(path, l, l.create().flags()));
                return 0;
            }
        } else {
            CommandTable.Leaf l = CommandTable.rootLeaf(topic.get(0));
            if (l != null) {
                streams.out().print(HelpPrinter.leaf("berth " + l.name(), l, l.create().flags()));
                return 0;
            }
        }
        streams.err().println("unknown help topic: " + String.join(" ", topic));
        return 1;
    }

    private int usageError(String message, String useLine, String path, int status) {
        streams.err().println(message + "\n\nUsage:  " + useLine + "\n\nRun '" + path + " --help' for more information");
        return status;
    }

    /** Prints a failure as docker does and returns the exit status. */
    int report(Throwable t, GlobalOptions globals) {
        // instanceof rather than a pattern switch: this runs on every failure, and a pattern
        // switch's first use costs start-up time (its bootstrap generates a class).
        String message;
        int status = 1;
        if (t instanceof CliException c) {
            message = c.getMessage();
            status = c.status();
        } else if (t instanceof ConnectionFailedException d) {
            message = d.permissionDenied()
                    ? "permission denied while trying to connect to the berth daemon socket at " + d.host()
                    : "Cannot connect to the berth daemon at " + d.host() + ". Is berthd running? (start it with: bin/berthd)";
        } else if (t instanceof EngineException e) {
            message = e.getMessage() == null || e.getMessage().isEmpty() ? "" : "Error response from daemon: " + e.getMessage();
        } else if (t instanceof JsonStreamException || t instanceof IllegalArgumentException || t instanceof UncheckedIOException) {
            message = t.getMessage();
        } else {
            message = "berth: " + t;
        }
        if (message != null && !message.isEmpty()) streams.err().println(message);
        if (globals.debug()) t.printStackTrace(streams.err());
        return status;
    }
}

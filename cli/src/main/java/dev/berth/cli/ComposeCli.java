package dev.berth.cli;

import dev.berth.cli.compose.ComposeCommands;
import dev.berth.cli.compose.ComposeOptions;
import dev.berth.compose.model.ComposeException;
import java.util.List;

/**
 * {@code berth compose [OPTIONS] COMMAND}: Docker Compose v2's command line. The options before the
 * command select the project ({@code -f -p --profile --env-file --project-directory}); each command
 * parses its own flags with docker's pflag rules. The work is done by the compose module, which talks
 * to the daemon only through the API client.
 */
final class ComposeCli {
    static final Flags FLAGS = new Flags()
            .value(null, "ansi", Flag.Type.STRING, "Control when to print ANSI control characters (\"never\"|\"always\"|\"auto\")", "auto")
            .bool(null, "compatibility", "Run compose in backward compatibility mode")
            .bool(null, "dry-run", "Execute command in dry run mode")
            .value(null, "env-file", Flag.Type.LIST, "Specify an alternate environment file")
            .value("f", "file", Flag.Type.LIST, "Compose configuration files")
            .value(null, "parallel", Flag.Type.INT, "Control max parallelism, -1 for unlimited", "-1")
            .value(null, "profile", Flag.Type.LIST, "Specify a profile to enable")
            .value(null, "progress", Flag.Type.STRING, "Set type of progress output (auto, tty, plain, json, quiet)")
            .value(null, "project-directory", Flag.Type.STRING, "Specify an alternate working directory\n"
                    + "(default: the path of the, first specified, Compose file)")
            .value("p", "project-name", Flag.Type.STRING, "Project name")
            .args(0, -1);

    private final Berth berth;
    private final Streams streams;

    ComposeCli(Berth berth, Streams streams) {
        this.berth = berth;
        this.streams = streams;
    }

    int run(List<String> argv, GlobalOptions globals, CliContextFactory contexts) {
        FlagParser.Parsed top;
        try {
            top = FlagParser.parse(FLAGS, argv, false);
        } catch (FlagParser.FlagError e) {
            return usage(e.getMessage(), "berth compose [OPTIONS] COMMAND", "berth compose");
        }
        if (top.help() || top.args().isEmpty()) {
            (top.help() ? streams.out() : streams.err()).print(help());
            return 0;
        }
        String name = top.args().get(0);
        ComposeCommands.Entry entry = ComposeCommands.find(name);
        if (entry == null) {
            streams.err().println("berth: unknown command: berth compose " + name + "\n\nRun 'berth compose --help' for more information");
            return 1;
        }
        List<String> rest = new java.util.ArrayList<>(top.args().subList(1, top.args().size()));
        // --dry-run is a flag of every compose command, as in Compose (a persistent flag)
        boolean dryRun = entry.interspersed() && rest.remove("--dry-run");
        ComposeOptions options = new ComposeOptions(top.invocation(), dryRun);
        BerthCommand command = entry.create(options);
        String path = "berth compose " + entry.name();
        String useLine = path + " " + entry.use();
        FlagParser.Parsed parsed;
        try {
            parsed = FlagParser.parse(command.flags(), rest, entry.interspersed());
        } catch (FlagParser.FlagError e) {
            return usage(e.getMessage(), useLine, path);
        }
        if (parsed.help()) {
            StringBuilder sb = new StringBuilder("Usage:  ").append(useLine).append("\n\n").append(entry.shortHelp());
            if (!entry.aliases().isEmpty()) sb.append("\n\nAliases:\n  ").append(path).append(", berth compose ").append(String.join(", berth compose ", entry.aliases()));
            String flags = HelpPrinter.flagUsages(command.flags());
            if (!flags.isEmpty()) sb.append("\n\nOptions:\n").append(flags.stripTrailing());
            streams.out().print(sb.append('\n'));
            return 0;
        }
        String arity = Berth.checkArity(command.flags(), parsed.args().size(), path);
        if (arity != null) {
            streams.err().println("berth: " + arity + "\n\nUsage:  " + useLine + "\n\nRun '" + path + " --help' for more information");
            return 1;
        }
        try (CliContext ctx = contexts.create(path)) {
            return command.run(ctx, parsed.invocation());
        } catch (ComposeException e) {
            streams.err().println(e.getMessage());
            return 1;
        } catch (Exception e) {
            return berth.report(e, globals);
        }
    }

    /** Makes the context a command runs with. */
    interface CliContextFactory {
        CliContext create(String commandPath);
    }

    private int usage(String message, String useLine, String path) {
        streams.err().println(message + "\n\nUsage:  " + useLine + "\n\nRun '" + path + " --help' for more information");
        return 1;
    }

    static String help() {
        StringBuilder sb = new StringBuilder("Usage:  berth compose [OPTIONS] COMMAND\n\nDefine and run multi-container applications with berth\n\nOptions:\n");
        sb.append(HelpPrinter.flagUsages(FLAGS).stripTrailing()).append("\n\nCommands:");
        for (ComposeCommands.Entry e : ComposeCommands.ALL) {
            sb.append("\n  ").append(e.name()).append(" ".repeat(Math.max(1, 12 - e.name().length()))).append(e.shortHelp());
        }
        sb.append("\n\nRun 'berth compose COMMAND --help' for more information on a command.\n");
        return sb.toString();
    }
}

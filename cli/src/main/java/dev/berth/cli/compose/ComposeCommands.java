package dev.berth.cli.compose;

import dev.berth.cli.BerthCommand;
import java.util.List;

/** The commands of {@code berth compose}, in help order, and how to make each. */
public final class ComposeCommands {
    /** One command: name, aliases, usage after the path, description, whether flags may follow arguments. */
    public record Entry(String name, List<String> aliases, String use, String shortHelp, boolean interspersed) {
        public BerthCommand create(ComposeOptions o) {
            return ComposeCommands.create(name, o);
        }
    }

    private static Entry e(String name, String use, String help) {
        return new Entry(name, List.of(), use, help, true);
    }

    public static final List<Entry> ALL = List.of(
            e("build", "[OPTIONS] [SERVICE...]", "Build or rebuild services"),
            e("config", "[OPTIONS] [SERVICE...]", "Parse, resolve and render compose file in canonical format"),
            e("create", "[OPTIONS] [SERVICE...]", "Creates containers for a service"),
            e("down", "[OPTIONS] [SERVICES]", "Stop and remove containers, networks"),
            new Entry("exec", List.of(), "[OPTIONS] SERVICE COMMAND [ARGS...]", "Execute a command in a running container", false),
            e("images", "[OPTIONS] [SERVICE...]", "List images used by the created containers"),
            e("kill", "[OPTIONS] [SERVICE...]", "Force stop service containers"),
            e("logs", "[OPTIONS] [SERVICE...]", "View output from containers"),
            e("ls", "[OPTIONS]", "List running compose projects"),
            e("pause", "[SERVICE...]", "Pause services"),
            e("port", "[OPTIONS] SERVICE PRIVATE_PORT", "Print the public port for a port binding"),
            e("ps", "[OPTIONS] [SERVICE...]", "List containers"),
            e("pull", "[OPTIONS] [SERVICE...]", "Pull service images"),
            e("push", "[OPTIONS] [SERVICE...]", "Push service images"),
            e("restart", "[OPTIONS] [SERVICE...]", "Restart service containers"),
            e("rm", "[OPTIONS] [SERVICE...]", "Removes stopped service containers"),
            new Entry("run", List.of(), "[OPTIONS] SERVICE [COMMAND] [ARGS...]", "Run a one-off command on a service", false),
            e("start", "[SERVICE...]", "Start services"),
            e("stop", "[OPTIONS] [SERVICE...]", "Stop services"),
            e("top", "[SERVICES...]", "Display the running processes"),
            e("unpause", "[SERVICE...]", "Unpause services"),
            e("up", "[OPTIONS] [SERVICE...]", "Create and start containers"),
            e("version", "[OPTIONS]", "Show the Docker Compose version information"));

    private ComposeCommands() {}

    public static Entry find(String name) {
        for (Entry e : ALL) if (e.name().equals(name) || e.aliases().contains(name)) return e;
        return null;
    }

    static BerthCommand create(String name, ComposeOptions o) {
        return switch (name) {
            case "config" -> new ConfigCommand(o);
            case "version" -> new VersionCommand();
            case "up" -> new UpCommand(o, false);
            case "create" -> new UpCommand(o, true);
            case "down" -> new DownCommand(o);
            case "ps" -> new PsCommand(o);
            case "logs" -> new LogsCommand(o);
            case "start" -> new LifecycleCommand(o, LifecycleCommand.Action.START);
            case "stop" -> new LifecycleCommand(o, LifecycleCommand.Action.STOP);
            case "restart" -> new LifecycleCommand(o, LifecycleCommand.Action.RESTART);
            case "kill" -> new LifecycleCommand(o, LifecycleCommand.Action.KILL);
            case "pause" -> new LifecycleCommand(o, LifecycleCommand.Action.PAUSE);
            case "unpause" -> new LifecycleCommand(o, LifecycleCommand.Action.UNPAUSE);
            case "rm" -> new LifecycleCommand(o, LifecycleCommand.Action.RM);
            case "exec" -> new ExecRunCommand(o, false);
            case "run" -> new ExecRunCommand(o, true);
            default -> new MiscCommand(o, name);
        };    }
}

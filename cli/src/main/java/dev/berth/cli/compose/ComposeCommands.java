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
            e("config", "[OPTIONS] [SERVICE...]", "Parse, resolve and render compose file in canonical format"),
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
            default -> throw new IllegalArgumentException(name);
        };
    }
}

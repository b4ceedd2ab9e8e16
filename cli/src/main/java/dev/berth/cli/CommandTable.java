package dev.berth.cli;

import dev.berth.cli.command.DiskUsageCommand;
import dev.berth.cli.command.EventsCommand;
import dev.berth.cli.command.HistoryCommand;
import dev.berth.cli.command.ImageInspectCommand;
import dev.berth.cli.command.ImagePruneCommand;
import dev.berth.cli.command.ImagesCommand;
import dev.berth.cli.command.ImportCommand;
import dev.berth.cli.command.InfoCommand;
import dev.berth.cli.command.InspectCommand;
import dev.berth.cli.command.LoadCommand;
import dev.berth.cli.command.RemoveImageCommand;
import dev.berth.cli.command.SaveCommand;
import dev.berth.cli.command.SystemPruneCommand;
import dev.berth.cli.command.TagCommand;
import dev.berth.cli.command.VersionCommand;
import java.util.List;

/**
 * Every berth command: where it sits (root, {@code image}, {@code system}), its usage line, the
 * one-line description and alias line docker shows in help, and how to make it. Command objects
 * are only created for the command being run, which keeps start-up short.
 */
final class CommandTable {

    /**
     * A runnable command. {@code use} is what follows the command path in the usage line;
     * {@code interspersed} false means flags after the first argument are arguments (as {@code tag}).
     */
    record Leaf(String name, List<String> aliases, String use, String shortHelp, String aliasesHelp,
                boolean interspersed, Kind kind) {
        boolean answersTo(String n) {
            return name.equals(n) || aliases.contains(n);
        }

        BerthCommand create() {
            return kind.create();
        }
    }

    /**
     * Which class implements a command. A switch rather than lambdas or reflection: both make the
     * JVM generate classes on first use, which costs start-up time; this loads only the one class.
     */
    enum Kind {
        IMAGES, VERSION, INFO, EVENTS, HISTORY, IMPORT, INSPECT, LOAD, RMI, SAVE, TAG, IMAGE_INSPECT, IMAGE_PRUNE,
        SYSTEM_DF, SYSTEM_PRUNE;

        BerthCommand create() {
            switch (this) {
                case IMAGES: return new ImagesCommand();
                case VERSION: return new VersionCommand();
                case INFO: return new InfoCommand();
                case EVENTS: return new EventsCommand();
                case HISTORY: return new HistoryCommand();
                case IMPORT: return new ImportCommand();
                case INSPECT: return new InspectCommand();
                case LOAD: return new LoadCommand();
                case RMI: return new RemoveImageCommand();
                case SAVE: return new SaveCommand();
                case TAG: return new TagCommand();
                case IMAGE_INSPECT: return new ImageInspectCommand();
                case IMAGE_PRUNE: return new ImagePruneCommand();
                case SYSTEM_DF: return new DiskUsageCommand();
                default: return new SystemPruneCommand();
            }
        }
    }

    /** A management command grouping leaves ({@code berth image ...}). */
    record Group(String name, String shortHelp, List<Leaf> commands) {}

    private static Leaf leaf(String name, String use, String shortHelp, String aliasesHelp, Kind f) {
        return new Leaf(name, List.of(), use, shortHelp, aliasesHelp, true, f);
    }

    private static final String IMAGES_ALIASES = "berth image ls, berth image list, berth images";
    private static final String RMI_ALIASES = "berth image rm, berth image remove, berth rmi";

    static final Leaf IMAGES = leaf("images", "[OPTIONS] [REPOSITORY[:TAG]]", "List images", IMAGES_ALIASES, Kind.IMAGES);
    static final Leaf VERSION = leaf("version", "[OPTIONS]", "Show the berth version information", null, Kind.VERSION);
    static final Leaf INFO = leaf("info", "[OPTIONS]", "Display system-wide information",
            "berth system info, berth info", Kind.INFO);
    static final Leaf EVENTS = leaf("events", "[OPTIONS]", "Get real time events from the server",
            "berth system events, berth events", Kind.EVENTS);
    static final Leaf HISTORY = leaf("history", "[OPTIONS] IMAGE", "Show the history of an image",
            "berth image history, berth history", Kind.HISTORY);
    static final Leaf IMPORT = leaf("import", "[OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
            "Import the contents from a tarball to create a filesystem image",
            "berth image import, berth import", Kind.IMPORT);
    static final Leaf INSPECT = leaf("inspect", "[OPTIONS] NAME|ID [NAME|ID...]",
            "Return low-level information on berth objects", null, Kind.INSPECT);
    static final Leaf LOAD = leaf("load", "[OPTIONS]", "Load an image from a tar archive or STDIN",
            "berth image load, berth load", Kind.LOAD);
    static final Leaf RMI = leaf("rmi", "[OPTIONS] IMAGE [IMAGE...]", "Remove one or more images", RMI_ALIASES,
            Kind.RMI);
    static final Leaf SAVE = leaf("save", "[OPTIONS] IMAGE [IMAGE...]",
            "Save one or more images to a tar archive (streamed to STDOUT by default)",
            "berth image save, berth save", Kind.SAVE);
    static final Leaf TAG = new Leaf("tag", List.of(), "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
            "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE", "berth image tag, berth tag", false, Kind.TAG);

    /** Top-level commands, in help order. */
    static final List<Leaf> ROOT = List.of(IMAGES, VERSION, INFO, EVENTS, HISTORY, IMPORT, INSPECT, LOAD, RMI, SAVE, TAG);
    /** The ones docker lists under "Common Commands". */
    static final List<Leaf> COMMON = List.of(IMAGES, VERSION, INFO);

    static final Group IMAGE = new Group("image", "Manage images", List.of(
            HISTORY,
            IMPORT,
            leaf("inspect", "[OPTIONS] IMAGE [IMAGE...]", "Display detailed information on one or more images", null,
                    Kind.IMAGE_INSPECT),
            LOAD,
            new Leaf("ls", List.of("list"), IMAGES.use(), IMAGES.shortHelp(), IMAGES_ALIASES, true, Kind.IMAGES),
            leaf("prune", "[OPTIONS]", "Remove unused images", null, Kind.IMAGE_PRUNE),
            new Leaf("rm", List.of("rmi", "remove"), RMI.use(), RMI.shortHelp(), RMI_ALIASES, true, Kind.RMI),
            SAVE,
            TAG));

    static final Group SYSTEM = new Group("system", "Manage berth", List.of(
            leaf("df", "[OPTIONS]", "Show berth disk usage", null, Kind.SYSTEM_DF),
            EVENTS,
            INFO,
            leaf("prune", "[OPTIONS]", "Remove unused data", null, Kind.SYSTEM_PRUNE)));

    static final List<Group> GROUPS = List.of(IMAGE, SYSTEM);

    private CommandTable() {}

    static Leaf rootLeaf(String name) {
        for (Leaf l : ROOT) if (l.answersTo(name)) return l;
        return null;
    }

    static Group group(String name) {
        for (Group g : GROUPS) if (g.name().equals(name)) return g;
        return null;
    }

    static Leaf leafIn(Group g, String name) {
        for (Leaf l : g.commands()) if (l.answersTo(name)) return l;
        return null;
    }
}

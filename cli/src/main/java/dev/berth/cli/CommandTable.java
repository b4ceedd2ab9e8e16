package dev.berth.cli;

import dev.berth.cli.command.AttachCommand;
import dev.berth.cli.command.BuildCommand;
import dev.berth.cli.command.BuilderPruneCommand;
import dev.berth.cli.command.CommitCommand;
import dev.berth.cli.command.ContainerActionCommand;
import dev.berth.cli.command.ContainerInspectCommand;
import dev.berth.cli.command.ContainerPruneCommand;
import dev.berth.cli.command.CopyCommand;
import dev.berth.cli.command.CreateCommand;
import dev.berth.cli.command.DiffCommand;
import dev.berth.cli.command.DiskUsageCommand;
import dev.berth.cli.command.ExecCommand;
import dev.berth.cli.command.ExportCommand;
import dev.berth.cli.command.LogsCommand;
import dev.berth.cli.command.NetworkCommand;
import dev.berth.cli.command.PortCommand;
import dev.berth.cli.command.PsCommand;
import dev.berth.cli.command.RenameCommand;
import dev.berth.cli.command.RunCommand;
import dev.berth.cli.command.StartCommand;
import dev.berth.cli.command.StatsCommand;
import dev.berth.cli.command.TopCommand;
import dev.berth.cli.command.UpdateCommand;
import dev.berth.cli.command.WaitCommand;
import dev.berth.cli.command.EventsCommand;
import dev.berth.cli.command.HistoryCommand;
import dev.berth.cli.command.ImageInspectCommand;
import dev.berth.cli.command.ImagePruneCommand;
import dev.berth.cli.command.ImagesCommand;
import dev.berth.cli.command.ImportCommand;
import dev.berth.cli.command.InfoCommand;
import dev.berth.cli.command.InspectCommand;
import dev.berth.cli.command.LoadCommand;
import dev.berth.cli.command.LoginCommand;
import dev.berth.cli.command.LogoutCommand;
import dev.berth.cli.command.PullCommand;
import dev.berth.cli.command.PushCommand;
import dev.berth.cli.command.RegistryGcCommand;
import dev.berth.cli.command.RegistryServeCommand;
import dev.berth.cli.command.RemoveImageCommand;
import dev.berth.cli.command.SaveCommand;
import dev.berth.cli.command.SystemPruneCommand;
import dev.berth.cli.command.TagCommand;
import dev.berth.cli.command.VersionCommand;
import dev.berth.cli.command.VolumeCommand;
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
                boolean interspersed, Kind kind, String longHelp) {
        Leaf(String name, List<String> aliases, String use, String shortHelp, String aliasesHelp, boolean interspersed,
             Kind kind) {
            this(name, aliases, use, shortHelp, aliasesHelp, interspersed, kind, null);
        }

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
        SYSTEM_DF, SYSTEM_PRUNE, RUN, CREATE, START, STOP, KILL, RESTART, PAUSE, UNPAUSE, RM, RENAME, WAIT, PS,
        CONTAINER_INSPECT, LOGS, ATTACH, EXEC, TOP, STATS, PORT, DIFF, COMMIT, EXPORT, CP, UPDATE, CONTAINER_PRUNE,
        NETWORK_CREATE, NETWORK_LS, NETWORK_INSPECT, NETWORK_RM, NETWORK_PRUNE, NETWORK_CONNECT, NETWORK_DISCONNECT,
        VOLUME_CREATE, VOLUME_LS, VOLUME_INSPECT, VOLUME_RM, VOLUME_PRUNE, BUILD, BUILDER_PRUNE, PULL, PUSH, LOGIN, LOGOUT,
        REGISTRY_SERVE, REGISTRY_GC;

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
                case SYSTEM_PRUNE: return new SystemPruneCommand();
                case RUN: return new RunCommand();
                case CREATE: return new CreateCommand();
                case START: return new StartCommand();
                case STOP: return new ContainerActionCommand(ContainerActionCommand.Action.STOP);
                case KILL: return new ContainerActionCommand(ContainerActionCommand.Action.KILL);
                case RESTART: return new ContainerActionCommand(ContainerActionCommand.Action.RESTART);
                case PAUSE: return new ContainerActionCommand(ContainerActionCommand.Action.PAUSE);
                case UNPAUSE: return new ContainerActionCommand(ContainerActionCommand.Action.UNPAUSE);
                case RM: return new ContainerActionCommand(ContainerActionCommand.Action.REMOVE);
                case RENAME: return new RenameCommand();
                case WAIT: return new WaitCommand();
                case PS: return new PsCommand();
                case CONTAINER_INSPECT: return new ContainerInspectCommand();
                case NETWORK_CREATE: return new NetworkCommand(NetworkCommand.Action.CREATE);
                case NETWORK_LS: return new NetworkCommand(NetworkCommand.Action.LS);
                case NETWORK_INSPECT: return new NetworkCommand(NetworkCommand.Action.INSPECT);
                case NETWORK_RM: return new NetworkCommand(NetworkCommand.Action.RM);
                case NETWORK_PRUNE: return new NetworkCommand(NetworkCommand.Action.PRUNE);
                case NETWORK_CONNECT: return new NetworkCommand(NetworkCommand.Action.CONNECT);
                case NETWORK_DISCONNECT: return new NetworkCommand(NetworkCommand.Action.DISCONNECT);
                case BUILD: return new BuildCommand();
                case BUILDER_PRUNE: return new BuilderPruneCommand();
                case VOLUME_CREATE: return new VolumeCommand(VolumeCommand.Action.CREATE);
                case VOLUME_LS: return new VolumeCommand(VolumeCommand.Action.LS);
                case VOLUME_INSPECT: return new VolumeCommand(VolumeCommand.Action.INSPECT);
                case VOLUME_RM: return new VolumeCommand(VolumeCommand.Action.RM);
                case VOLUME_PRUNE: return new VolumeCommand(VolumeCommand.Action.PRUNE);
                case LOGS: return new LogsCommand();
                case ATTACH: return new AttachCommand();
                case EXEC: return new ExecCommand();
                case TOP: return new TopCommand();
                case STATS: return new StatsCommand();
                case PORT: return new PortCommand();
                case DIFF: return new DiffCommand();
                case COMMIT: return new CommitCommand();
                case EXPORT: return new ExportCommand();
                case CP: return new CopyCommand();
                case UPDATE: return new UpdateCommand();
                case PULL: return new PullCommand();
                case PUSH: return new PushCommand();
                case LOGIN: return new LoginCommand();
                case LOGOUT: return new LogoutCommand();
                case REGISTRY_SERVE: return new RegistryServeCommand();
                case REGISTRY_GC: return new RegistryGcCommand();
                default: return new ContainerPruneCommand();
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
    static final Leaf BUILD = leaf("build", "[OPTIONS] PATH | URL | -", "Build an image from a Dockerfile",
            "berth image build, berth build, berth builder build", Kind.BUILD);
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
    static final Leaf PULL = leaf("pull", "[OPTIONS] NAME[:TAG|@DIGEST]", "Download an image from a registry",
            "berth image pull, berth pull", Kind.PULL);
    static final Leaf PUSH = leaf("push", "[OPTIONS] NAME[:TAG]", "Upload an image to a registry",
            "berth image push, berth push", Kind.PUSH);
    static final Leaf LOGIN = leaf("login", "[OPTIONS] [SERVER]", "Authenticate to a registry", null, Kind.LOGIN);
    static final Leaf LOGOUT = leaf("logout", "[SERVER]", "Log out from a registry", null, Kind.LOGOUT);
    static final Leaf TAG = new Leaf("tag", List.of(), "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
            "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE", "berth image tag, berth tag", false, Kind.TAG);

    private static Leaf c(String name, String use, String shortHelp, Kind kind) {
        return new Leaf(name, List.of(), use, shortHelp, "berth container " + name + ", berth " + name, true, kind);
    }

    private static Leaf c(String name, String use, String shortHelp, Kind kind, boolean interspersed) {
        return new Leaf(name, List.of(), use, shortHelp, "berth container " + name + ", berth " + name, interspersed, kind);
    }

    static final Leaf RUN = c("run", "[OPTIONS] IMAGE [COMMAND] [ARG...]", "Create and run a new container from an image",
            Kind.RUN, false);
    static final Leaf EXEC = c("exec", "[OPTIONS] CONTAINER COMMAND [ARG...]", "Execute a command in a running container",
            Kind.EXEC, false);
    private static final String PS_ALIASES = "berth container ls, berth container list, berth container ps, berth ps";
    static final Leaf PS = new Leaf("ps", List.of(), "[OPTIONS]", "List containers", PS_ALIASES, true, Kind.PS);
    static final Leaf ATTACH = c("attach", "[OPTIONS] CONTAINER",
            "Attach local standard input, output, and error streams to a running container", Kind.ATTACH);
    static final Leaf COMMIT = c("commit", "[OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
            "Create a new image from a container's changes", Kind.COMMIT, false);
    static final Leaf CP = new Leaf("cp", List.of(),
            "[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tberth cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
            "Copy files/folders between a container and the local filesystem", "berth container cp, berth cp", true,
            Kind.CP, """
            Copy files/folders between a container and the local filesystem

            Use '-' as the source to read a tar archive from stdin
            and extract it to a directory destination in a container.
            Use '-' as the destination to stream a tar archive of a
            container source to stdout.""");
    static final Leaf CREATE = c("create", "[OPTIONS] IMAGE [COMMAND] [ARG...]", "Create a new container", Kind.CREATE,
            false);
    static final Leaf DIFF = c("diff", "CONTAINER", "Inspect changes to files or directories on a container's filesystem",
            Kind.DIFF);
    static final Leaf EXPORT = c("export", "[OPTIONS] CONTAINER", "Export a container's filesystem as a tar archive",
            Kind.EXPORT);
    static final Leaf KILL = c("kill", "[OPTIONS] CONTAINER [CONTAINER...]", "Kill one or more running containers", Kind.KILL);
    static final Leaf LOGS = c("logs", "[OPTIONS] CONTAINER", "Fetch the logs of a container", Kind.LOGS);
    static final Leaf PAUSE = c("pause", "CONTAINER [CONTAINER...]", "Pause all processes within one or more containers",
            Kind.PAUSE);
    static final Leaf PORT = c("port", "CONTAINER [PRIVATE_PORT[/PROTO]]",
            "List port mappings or a specific mapping for the container", Kind.PORT);
    static final Leaf RENAME = c("rename", "CONTAINER NEW_NAME", "Rename a container", Kind.RENAME);
    static final Leaf RESTART = c("restart", "[OPTIONS] CONTAINER [CONTAINER...]", "Restart one or more containers",
            Kind.RESTART);
    private static final String RM_ALIASES = "berth container rm, berth container remove, berth rm";
    static final Leaf RM = new Leaf("rm", List.of(), "[OPTIONS] CONTAINER [CONTAINER...]", "Remove one or more containers",
            RM_ALIASES, true, Kind.RM);
    static final Leaf START = c("start", "[OPTIONS] CONTAINER [CONTAINER...]", "Start one or more stopped containers",
            Kind.START);
    static final Leaf STATS = c("stats", "[OPTIONS] [CONTAINER...]",
            "Display a live stream of container(s) resource usage statistics", Kind.STATS);
    static final Leaf STOP = c("stop", "[OPTIONS] CONTAINER [CONTAINER...]", "Stop one or more running containers",
            Kind.STOP);
    static final Leaf TOP = c("top", "CONTAINER [ps OPTIONS]", "Display the running processes of a container", Kind.TOP,
            false);
    static final Leaf UNPAUSE = c("unpause", "CONTAINER [CONTAINER...]", "Unpause all processes within one or more containers",
            Kind.UNPAUSE);
    static final Leaf UPDATE = c("update", "[OPTIONS] CONTAINER [CONTAINER...]", "Update configuration of one or more containers",
            Kind.UPDATE);
    static final Leaf WAIT = c("wait", "CONTAINER [CONTAINER...]",
            "Block until one or more containers stop, then print their exit codes", Kind.WAIT);

    /** Top-level commands, in help order. */
    static final List<Leaf> ROOT = List.of(RUN, EXEC, PS, BUILD, PULL, PUSH, IMAGES, LOGIN, LOGOUT, VERSION, INFO, ATTACH,
            COMMIT, CP, CREATE, DIFF, EVENTS, EXPORT, HISTORY, IMPORT, INSPECT, KILL, LOAD, LOGS, PAUSE, PORT, RENAME,
            RESTART, RM, RMI, SAVE, START, STATS, STOP, TAG, TOP, UNPAUSE, UPDATE, WAIT);
    /** The ones docker lists under "Common Commands". */
    static final List<Leaf> COMMON = List.of(RUN, EXEC, PS, BUILD, PULL, PUSH, IMAGES, LOGIN, LOGOUT, VERSION, INFO);

    static final Group CONTAINER = new Group("container", "Manage containers", List.of(
            ATTACH, COMMIT, CP, CREATE, DIFF, EXEC, EXPORT,
            leaf("inspect", "[OPTIONS] CONTAINER [CONTAINER...]", "Display detailed information on one or more containers",
                    null, Kind.CONTAINER_INSPECT),
            KILL, LOGS,
            new Leaf("ls", List.of("list", "ps"), "[OPTIONS]", "List containers", PS_ALIASES, true, Kind.PS),
            PAUSE, PORT,
            leaf("prune", "[OPTIONS]", "Remove all stopped containers", null, Kind.CONTAINER_PRUNE),
            RENAME, RESTART,
            new Leaf("rm", List.of("remove"), RM.use(), RM.shortHelp(), RM_ALIASES, true, Kind.RM),
            RUN, START, STATS, STOP, TOP, UNPAUSE, UPDATE, WAIT));

    static final Group IMAGE = new Group("image", "Manage images", List.of(
            BUILD,
            HISTORY,
            IMPORT,
            leaf("inspect", "[OPTIONS] IMAGE [IMAGE...]", "Display detailed information on one or more images", null,
                    Kind.IMAGE_INSPECT),
            LOAD,
            new Leaf("ls", List.of("list"), IMAGES.use(), IMAGES.shortHelp(), IMAGES_ALIASES, true, Kind.IMAGES),
            leaf("prune", "[OPTIONS]", "Remove unused images", null, Kind.IMAGE_PRUNE),
            PULL,
            PUSH,
            new Leaf("rm", List.of("rmi", "remove"), RMI.use(), RMI.shortHelp(), RMI_ALIASES, true, Kind.RMI),
            SAVE,
            TAG));

    static final Group NETWORK = new Group("network", "Manage networks", List.of(
            leaf("connect", "[OPTIONS] NETWORK CONTAINER", "Connect a container to a network", null, Kind.NETWORK_CONNECT),
            leaf("create", "[OPTIONS] NETWORK", "Create a network", null, Kind.NETWORK_CREATE),
            leaf("disconnect", "[OPTIONS] NETWORK CONTAINER", "Disconnect a container from a network", null, Kind.NETWORK_DISCONNECT),
            leaf("inspect", "[OPTIONS] NETWORK [NETWORK...]", "Display detailed information on one or more networks", null,
                    Kind.NETWORK_INSPECT),
            new Leaf("ls", List.of("list"), "[OPTIONS]", "List networks", "berth network ls, berth network list", true, Kind.NETWORK_LS),
            leaf("prune", "[OPTIONS]", "Remove all unused networks", null, Kind.NETWORK_PRUNE),
            new Leaf("rm", List.of("remove"), "NETWORK [NETWORK...]", "Remove one or more networks",
                    "berth network rm, berth network remove", true, Kind.NETWORK_RM)));

    static final Group SYSTEM = new Group("system", "Manage berth", List.of(
            leaf("df", "[OPTIONS]", "Show berth disk usage", null, Kind.SYSTEM_DF),
            EVENTS,
            INFO,
            leaf("prune", "[OPTIONS]", "Remove unused data", null, Kind.SYSTEM_PRUNE)));

    static final Group VOLUME = new Group("volume", "Manage volumes", List.of(
            leaf("create", "[OPTIONS] [VOLUME]", "Create a volume", null, Kind.VOLUME_CREATE),
            leaf("inspect", "[OPTIONS] VOLUME [VOLUME...]", "Display detailed information on one or more volumes", null,
                    Kind.VOLUME_INSPECT),
            new Leaf("ls", List.of("list"), "[OPTIONS]", "List volumes", "berth volume ls, berth volume list", true, Kind.VOLUME_LS),
            leaf("prune", "[OPTIONS]", "Remove unused local volumes", null, Kind.VOLUME_PRUNE),
            new Leaf("rm", List.of("remove"), "[OPTIONS] VOLUME [VOLUME...]", "Remove one or more volumes",
                    "berth volume rm, berth volume remove", true, Kind.VOLUME_RM)));

    static final Group BUILDER = new Group("builder", "Manage builds", List.of(
            BUILD,
            leaf("prune", "[OPTIONS]", "Remove build cache", null, Kind.BUILDER_PRUNE)));

    /** berth's own: the embedded registry, run without a daemon. */
    static final Group REGISTRY = new Group("registry", "Run an OCI registry", List.of(
            leaf("gc", "[OPTIONS]", "Remove the blobs no manifest references (offline)", null, Kind.REGISTRY_GC),
            leaf("serve", "[OPTIONS]", "Serve the OCI distribution API from a directory", null, Kind.REGISTRY_SERVE)));

    static final List<Group> GROUPS = List.of(BUILDER, CONTAINER, IMAGE, NETWORK, REGISTRY, SYSTEM, VOLUME);

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

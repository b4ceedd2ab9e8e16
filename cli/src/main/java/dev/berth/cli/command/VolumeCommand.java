package dev.berth.cli.command;

import dev.berth.api.Filters;
import dev.berth.api.VolumeResource;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.format.FormatWriter;
import dev.berth.cli.format.Units;
import dev.berth.cli.template.TemplateObject;
import dev.berth.common.EngineException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code berth volume create|ls|inspect|rm|prune} with docker's flags and output. */
public final class VolumeCommand implements BerthCommand {
    /** Which subcommand. */
    public enum Action { CREATE, LS, INSPECT, RM, PRUNE }

    static final String PRUNE_WARNING = "WARNING! This will remove all local volumes not used by at least one container.\n"
            + "Are you sure you want to continue?";
    private static final String DEFAULT_FORMAT = "table {{.Driver}}\t{{.Name}}";
    private static final Map<String, String> HEADER = Map.of("Name", "VOLUME NAME", "Driver", "DRIVER", "Scope", "SCOPE",
            "Mountpoint", "MOUNTPOINT", "Labels", "LABELS", "Links", "LINKS", "Size", "SIZE", "Group", "GROUP",
            "Availability", "AVAILABILITY", "Status", "STATUS");

    private final Action action;

    public VolumeCommand(Action action) {
        this.action = action;
    }

    @Override
    public Flags flags() {
        return switch (action) {
            case CREATE -> new Flags()
                    .value("d", "driver", Flag.Type.STRING, "Specify volume driver name")
                    .value(null, "label", Flag.Type.LIST, "Set metadata for a volume")
                    .value(null, "name", Flag.Type.STRING, "Specify volume name")
                    .value("o", "opt", Flag.Type.LIST, "Set driver specific options")
                    .args(0, 1);
            case LS -> new Flags()
                    .value("f", "filter", Flag.Type.FILTER, "Provide filter values (e.g. \"dangling=true\")")
                    .value(null, "format", Flag.Type.STRING, Help.FORMAT)
                    .bool("q", "quiet", "Only display volume names")
                    .args(0, 0);
            case INSPECT -> new Flags().value("f", "format", Flag.Type.STRING, Help.INSPECT_FORMAT).args(1, -1);
            case RM -> new Flags().bool("f", "force", "Force the removal of one or more volumes").args(1, -1);
            case PRUNE -> new Flags()
                    .bool("a", "all", "Remove all unused volumes, not just anonymous ones")
                    .value(null, "filter", Flag.Type.FILTER, "Provide filter values (e.g. \"label=<label>\")")
                    .bool("f", "force", "Do not prompt for confirmation")
                    .args(0, 0);
        };
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        return switch (action) {
            case CREATE -> create(ctx, in);
            case LS -> list(ctx, in);
            case INSPECT -> inspect(ctx, in);
            case RM -> remove(ctx, in);
            case PRUNE -> prune(ctx, in);
        };
    }

    private static int create(CliContext ctx, Invocation in) {
        String name = in.string("name");
        if (!in.args().isEmpty()) {
            if (name != null && !name.isEmpty() && !name.equals(in.args().getFirst())) {
                throw new CliException("conflicting options: either specify --name or provide positional arg, not both");
            }
            name = in.args().getFirst();
        }
        String driver = in.string("driver");
        VolumeResource v = ctx.client().createVolume(new VolumeResource.CreateRequest(name == null ? "" : name,
                driver == null || driver.isEmpty() ? "local" : driver, KeyValues.parse(in.list("opt")), KeyValues.parse(in.list("label"))));
        ctx.out().println(v.name());
        return 0;
    }

    private static int list(CliContext ctx, Invocation in) {
        Map<String, List<String>> f = FilterArgs.parse(in.list("filter"));
        List<VolumeResource> volumes = new ArrayList<>(ctx.client().listVolumes(f.isEmpty() ? Filters.NONE : Filters.of(f)));
        volumes.sort(Comparator.comparing(VolumeResource::name));
        String format = in.string("format");
        String source = format == null || format.isEmpty() || format.equals(FormatWriter.TABLE) ? DEFAULT_FORMAT : format;
        if (in.bool("quiet")) source = "{{.Name}}";
        ctx.out().print(FormatWriter.render(source, HEADER, volumes.stream().map(Row::new).toList()));
        return 0;
    }

    private static int inspect(CliContext ctx, Invocation in) {
        KeyValues.inspect(ctx, in.string("format"), in.args(), ctx.client()::inspectVolumeRaw, VolumeCommand::typed);
        return 0;
    }

    private static int remove(CliContext ctx, Invocation in) {
        List<String> errors = new ArrayList<>();
        for (String name : in.args()) {
            try {
                ctx.client().removeVolume(name, in.bool("force"));
                ctx.out().println(name);
            } catch (EngineException e) {
                errors.add("Error response from daemon: " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) throw new CliException(String.join("\n", errors));
        return 0;
    }

    private static int prune(CliContext ctx, Invocation in) {
        if (!in.bool("force") && !Prompt.confirm(ctx, PRUNE_WARNING)) return 0;
        Map<String, List<String>> f = FilterArgs.parse(in.list("filter"));
        VolumeResource.PruneReport r = ctx.client().pruneVolumes(f.isEmpty() ? Filters.NONE : Filters.of(f));
        if (r.volumesDeleted() != null && !r.volumesDeleted().isEmpty()) {
            ctx.out().println("Deleted Volumes:");
            for (String n : r.volumesDeleted()) ctx.out().println(n);
            ctx.out().println();
        }
        ctx.out().println("Total reclaimed space: " + Units.humanSize(r.spaceReclaimed()));
        return 0;
    }

    /** A volume as template data: Go's struct has empty maps where the JSON has null Labels or Options. */
    @SuppressWarnings("unchecked")
    private static Object typed(byte[] raw) {
        try {
            Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) dev.berth.client.JsonTree.parse(raw));
            for (String k : List.of("Labels", "Options")) if (m.get(k) == null) m.put(k, Map.of());
            return m;
        } catch (java.io.IOException | ClassCastException e) {
            return null;
        }
    }

    /** One row of {@code volume ls} (docker's {@code volumeContext}). */
    private record Row(VolumeResource v) implements TemplateObject {
        private static final List<String> FIELDS = List.of("Availability", "Driver", "Group", "Labels", "Links",
                "Mountpoint", "Name", "Scope", "Size", "Status");

        @Override
        public Object field(String name) {
            return switch (name) {
                case "Name" -> v.name();
                case "Driver" -> v.driver();
                case "Scope" -> v.scope();
                case "Mountpoint" -> v.mountpoint();
                case "Labels" -> KeyValues.join(v.labels());
                case "Links", "Size", "Group", "Availability", "Status" -> "N/A";
                default -> MISSING;
            };
        }

        @Override
        public List<String> fieldNames() {
            return FIELDS;
        }

        @Override
        public String typeName() {
            return "*formatter.volumeContext";
        }

        @Override
        public boolean jsonEscapesHtml() {
            return true;
        }
    }
}

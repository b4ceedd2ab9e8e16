package dev.berth.cli.command;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.render.InspectWriter;
import dev.berth.common.EngineException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code berth inspect NAME|ID...}: low-level information on any object. Each name is tried
 * against each object type in docker's order (container, image, network, volume, plugin) until one
 * answers; {@code --type} restricts the search to one type.
 */
public final class InspectCommand implements BerthCommand {
    private static final List<String> TYPES = List.of("config", "container", "image", "network", "node", "plugin",
            "secret", "service", "task", "volume");

    static final Flags FLAGS = new Flags()
            .value("f", "format", Flag.Type.STRING, Help.INSPECT_FORMAT)
            .bool("s", "size", "Display total file sizes if the type is container")
            .value(null, "type", Flag.Type.STRING, "Only inspect objects of the given type")
            .args(1, -1);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        String format = in.string("format");
        boolean size = in.bool("size");
        String type = in.string("type");
        if (type == null) type = "";
        if (!type.isEmpty() && !TYPES.contains(type)) {
            throw new CliException("unknown type: \"" + type + "\": must be one of \"" + String.join("\", \"", TYPES) + "\"");
        }
        InspectWriter writer = InspectWriter.create(format);
        List<String> errors = new ArrayList<>();
        for (String ref : in.args()) {
            try {
                if (!inspectOne(ctx, ref, writer, type, size)) {
                    errors.add(type.isEmpty() ? "Error: No such object: " + ref : "Error: No such " + type + ": " + ref);
                }
            } catch (EngineException e) {
                errors.add("Error response from daemon: " + e.getMessage());
            } catch (CliException e) {
                errors.add(e.getMessage());
            }
        }
        ctx.out().print(writer.flush());
        if (!errors.isEmpty()) throw new CliException(String.join("\n", errors));
        return 0;
    }

    /** Returns false when no object of the allowed types has that name. */
    private static boolean inspectOne(CliContext ctx, String ref, InspectWriter writer, String type, boolean size) {
        if (type.isEmpty() || type.equals("container")) {
            byte[] raw = lookup(ctx, "container", ref, size);
            if (raw != null) {
                writer.add(writer.needsTyped() ? ContainerInspectCommand.typed(raw) : null, raw);
                return true;
            }
        }
        if (type.isEmpty() || type.equals("image")) {
            byte[] raw = lookup(ctx, "image", ref, false);
            if (raw != null) {
                if (size) ctx.err().println("WARNING: --size ignored for image");
                writer.add(writer.needsTyped() ? ImageInspectCommand.typed(raw) : null, raw);
                return true;
            }
        }
        for (String t : List.of("network", "volume", "plugin")) {
            if (!type.isEmpty() && !type.equals(t)) continue;
            byte[] raw = lookup(ctx, t, ref, false);
            if (raw != null) {
                if (size) ctx.err().println("WARNING: --size ignored for " + t);
                writer.add(null, raw);
                return true;
            }
        }
        return false;
    }

    /** The object's JSON, or null when the daemon does not know it (or the name is not valid for the type). */
    private static byte[] lookup(CliContext ctx, String type, String ref, boolean size) {
        try {
            return switch (type) {
                case "container" -> ctx.client().inspectContainerRaw(ref, size);
                case "image" -> ctx.client().inspectImageRaw(ref);
                case "network" -> ctx.client().inspectNetworkRaw(ref);
                case "volume" -> ctx.client().inspectVolumeRaw(ref);
                default -> ctx.client().inspectPluginRaw(ref);
            };
        } catch (EngineException.NotFound e) {
            return null;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && (e.getMessage().contains("invalid reference format")
                    || e.getMessage().contains("value is empty"))) {
                return null;
            }
            throw e;
        }
    }
}

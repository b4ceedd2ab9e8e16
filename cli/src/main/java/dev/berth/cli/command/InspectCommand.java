package dev.berth.cli.command;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.CliException;
import dev.berth.cli.render.InspectWriter;
import dev.berth.common.EngineException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code berth inspect NAME|ID...}: low-level information on any object. Each name is tried
 * against each object type in docker's order; for now the daemon has images only.
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
        List<String> args = in.args();
        if (type != null && !type.isEmpty() && !TYPES.contains(type)) {
            throw new CliException("unknown type: \"" + type + "\": must be one of \"" + String.join("\", \"", TYPES) + "\"");
        }
        InspectWriter writer = InspectWriter.create(format);
        List<String> errors = new ArrayList<>();
        for (String ref : args) {
            try {
                if (!inspectImage(ctx, ref, writer, type, size)) errors.add("Error: No such object: " + ref);
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

    /** Returns false when the name is not an image (so the next object type would be tried). */
    private static boolean inspectImage(CliContext ctx, String ref, InspectWriter writer, String type, boolean size) {
        if (type != null && !type.isEmpty() && !type.equals("image")) return false;
        byte[] raw;
        try {
            raw = ctx.client().inspectImageRaw(ref);
        } catch (EngineException.NotFound e) {
            return false;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains("invalid reference format")) return false;
            throw e;
        }
        if (size) ctx.err().println("WARNING: --size ignored for image");
        writer.add(writer.needsTyped() ? ImageInspectCommand.typed(raw) : null, raw);
        return true;
    }
}

package dev.berth.cli.command;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.render.InspectWriter;
import dev.berth.cli.render.TemplateData;
import dev.berth.client.DockerClient;
import dev.berth.common.EngineException;
import java.util.ArrayList;
import java.util.List;

/** {@code berth container inspect CONTAINER...}: the daemon's JSON for each container, or a template over it. */
public final class ContainerInspectCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .value("f", "format", Flag.Type.STRING, Help.INSPECT_FORMAT)
            .bool("s", "size", "Display total file sizes")
            .args(1, -1);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        InspectWriter writer = InspectWriter.create(in.string("format"));
        List<String> errors = new ArrayList<>();
        for (String name : in.args()) {
            try {
                byte[] raw = ctx.client().inspectContainerRaw(name, in.bool("size"));
                writer.add(writer.needsTyped() ? typed(raw) : null, raw);
            } catch (EngineException e) {
                errors.add("Error response from daemon: " + e.getMessage());
            } catch (IllegalArgumentException | CliException e) {
                errors.add(e.getMessage());
            }
        }
        ctx.out().print(writer.flush());
        if (!errors.isEmpty()) throw new CliException(String.join("\n", errors));
        return 0;
    }

    /** The typed form templates run on first (Go's struct); null if the JSON does not fit the record. */
    static Object typed(byte[] raw) {
        try {
            return TemplateData.fromRecord(DockerClient.parseContainerInspect(raw));
        } catch (RuntimeException e) {
            return null;
        }
    }
}

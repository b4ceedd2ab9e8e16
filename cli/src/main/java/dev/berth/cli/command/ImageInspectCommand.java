package dev.berth.cli.command;

import dev.berth.api.ApiJson;
import dev.berth.api.ImageInspect;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.CliException;
import dev.berth.cli.render.InspectWriter;
import dev.berth.cli.render.TemplateData;
import dev.berth.common.EngineException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code berth image inspect IMAGE...}: the daemon's JSON for each image, or a template over it. */
public final class ImageInspectCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .value("f", "format", Flag.Type.STRING, Help.INSPECT_FORMAT)
            .value(null, "platform", Flag.Type.STRING, """
                    Inspect a specific platform of the multi-platform image.
                    If the image or the server is not multi-platform capable, the command will error out if the platform does not match.
                    'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)""")
            .args(1, -1);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        String format = in.string("format");
        String platform = in.string("platform");
        List<String> args = in.args();
        if (platform != null && !platform.isEmpty()) ApiFeatures.require("platform", "1.49");
        InspectWriter writer = InspectWriter.create(format);
        List<String> errors = new ArrayList<>();
        for (String ref : args) {
            try {
                byte[] raw = ctx.client().inspectImageRaw(ref);
                writer.add(writer.needsTyped() ? typed(raw) : null, raw);
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

    /** The typed form templates run on first; null if the JSON does not fit the record. */
    static Object typed(byte[] raw) {
        try {
            return TemplateData.fromRecord(ApiJson.mapper().readValue(raw, ImageInspect.class));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

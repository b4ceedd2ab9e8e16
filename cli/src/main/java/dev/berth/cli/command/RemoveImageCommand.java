package dev.berth.cli.command;

import dev.berth.api.ImageDeleteItem;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.CliException;
import dev.berth.common.EngineException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code berth rmi IMAGE...}: untags and deletes images, printing each step. Errors for one image
 * do not stop the others; with {@code -f}, images that do not exist are reported but not fatal.
 */
public final class RemoveImageCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .bool("f", "force", "Force removal of the image")
            .bool(null, "no-prune", "Do not delete untagged parents")
            .value(null, "platform", Flag.Type.STRINGS,
                    "Remove only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")")
            .args(1, -1);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        boolean force = in.bool("force");
        boolean noPrune = in.bool("no-prune");
        List<String> platforms = in.list("platform");
        List<String> args = in.args();
        if (platforms != null && !platforms.isEmpty()) ApiFeatures.require("platform", "1.50");
        List<String> errors = new ArrayList<>();
        boolean fatal = false;
        for (String image : args) {
            try {
                for (ImageDeleteItem d : ctx.client().removeImage(image, force, noPrune)) {
                    if (d.deleted() != null && !d.deleted().isEmpty()) ctx.out().println("Deleted: " + d.deleted());
                    else ctx.out().println("Untagged: " + d.untagged());
                }
            } catch (EngineException e) {
                if (!(e instanceof EngineException.NotFound)) fatal = true;
                errors.add("Error response from daemon: " + e.getMessage());
            }
        }
        if (errors.isEmpty()) return 0;
        String joined = String.join("\n", errors);
        if (!force || fatal) throw new CliException(joined);
        ctx.err().println(joined);
        return 0;
    }
}

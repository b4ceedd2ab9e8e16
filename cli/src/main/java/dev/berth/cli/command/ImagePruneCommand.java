package dev.berth.cli.command;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.format.Units;
import java.util.List;

/** {@code berth image prune}: removes dangling images, or with {@code -a} all images no container uses. */
public final class ImagePruneCommand implements BerthCommand {
    static final String DANGLING_WARNING = "WARNING! This will remove all dangling images.\nAre you sure you want to continue?";
    static final String ALL_WARNING = "WARNING! This will remove all images without at least one container associated to them.\n"
            + "Are you sure you want to continue?";

    static final Flags FLAGS = new Flags()
            .bool("a", "all", "Remove all unused images, not just dangling ones")
            .value(null, "filter", Flag.Type.FILTER, "Provide filter values (e.g. \"until=<timestamp>\")")
            .bool("f", "force", "Do not prompt for confirmation");

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        boolean all = in.bool("all");
        List<String> filters = in.list("filter");
        boolean force = in.bool("force");
        if (!force && !Prompt.confirm(ctx, all ? ALL_WARNING : DANGLING_WARNING)) {
            return 0; // docker treats a "no" as a cancellation: nothing more is printed, status 0
        }
        Pruning.Result r = Pruning.images(ctx, all, filters);
        if (!r.output().isEmpty()) ctx.out().println(r.output());
        ctx.out().println("Total reclaimed space: " + Units.humanSize(r.reclaimed()));
        return 0;
    }
}

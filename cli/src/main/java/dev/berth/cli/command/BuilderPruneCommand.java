package dev.berth.cli.command;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.format.Units;

/** {@code berth builder prune}: forgets the build cache ({@code POST /build/prune}); the images stay until pruned. */
public final class BuilderPruneCommand implements BerthCommand {
    static final String WARNING = "WARNING! This will remove all dangling build cache.\nAre you sure you want to continue?";

    @Override
    public Flags flags() {
        return new Flags()
                .bool("a", "all", "Remove all unused build cache, not just dangling ones")
                .value(null, "filter", Flag.Type.FILTER, "Provide filter values (e.g. \"until=24h\")")
                .bool("f", "force", "Do not prompt for confirmation")
                .value(null, "keep-storage", Flag.Type.STRING, "Amount of disk space to keep for cache")
                .args(0, 0);
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        if (!in.bool("force") && !Prompt.confirm(ctx, WARNING)) return 0;
        long reclaimed = ctx.client().pruneBuildCache();
        ctx.out().println("Total reclaimed space: " + Units.humanSize(reclaimed));
        return 0;
    }
}

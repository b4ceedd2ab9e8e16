package dev.berth.cli.command;

import dev.berth.api.ContainerPruneReport;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.format.Units;

/** {@code berth container prune}: removes stopped containers, after confirmation unless {@code -f}. */
public final class ContainerPruneCommand implements BerthCommand {
    static final String WARNING = "WARNING! This will remove all stopped containers.\nAre you sure you want to continue?";

    static final Flags FLAGS = new Flags()
            .value(null, "filter", Flag.Type.FILTER, "Provide filter values (e.g. \"until=<timestamp>\")")
            .bool("f", "force", "Do not prompt for confirmation");

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        if (!in.bool("force") && !Prompt.confirm(ctx, WARNING)) return 0;
        ContainerPruneReport report = ctx.client().pruneContainers(FilterArgs.of(in.list("filter")));
        long reclaimed = 0;
        if (report.containersDeleted() != null && !report.containersDeleted().isEmpty()) {
            StringBuilder sb = new StringBuilder("Deleted Containers:\n");
            for (String id : report.containersDeleted()) sb.append(id).append('\n');
            ctx.out().println(sb);
            reclaimed = report.spaceReclaimed();
        }
        ctx.out().println("Total reclaimed space: " + Units.humanSize(reclaimed));
        return 0;
    }
}

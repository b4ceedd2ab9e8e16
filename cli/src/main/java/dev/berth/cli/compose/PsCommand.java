package dev.berth.cli.compose;

import dev.berth.api.ContainerSummary;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.format.FormatWriter;
import dev.berth.compose.Compose;
import dev.berth.compose.plan.ComposeLabels;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code berth compose ps}: the project's containers, in Compose's table or a template. */
final class PsCommand extends ComposeBase {
    static final String DEFAULT_FORMAT = "table {{.Name}}\t{{.Image}}\t{{.Command}}\t{{.Service}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}";

    private static final Flags FLAGS = new Flags()
            .bool("a", "all", "Show all stopped containers (including those created by the run command)")
            .value(null, "filter", Flag.Type.STRING, "Filter services by a property (supported filters: status)")
            .value(null, "format", Flag.Type.STRING, "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n"
                    + "'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n"
                    + "'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates", "table")
            .bool(null, "no-trunc", "Don't truncate output")
            .boolDefaultTrue(null, "orphans", "Include orphaned services (not declared by project)")
            .bool("q", "quiet", "Only display IDs")
            .bool(null, "services", "Display services")
            .value(null, "status", Flag.Type.LIST, "Filter services by status. Values: [paused | restarting | removing | running | dead | created | exited]")
            .args(0, -1);

    PsCommand(ComposeOptions options) {
        super(options);
    }

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        Compose compose = existing(ctx);
        List<String> status = new ArrayList<>(in.list("status"));
        String filter = in.string("filter");
        if (filter != null && !filter.isEmpty()) {
            if (!filter.startsWith("status=")) throw new CliException("unknown filter " + filter.split("=")[0]);
            status.add(filter.substring(7));
        }
        boolean all = in.bool("all") || !status.isEmpty();
        List<ContainerSummary> containers = new ArrayList<>();
        for (ContainerSummary c : compose.containers(in.args(), all, in.bool("all"))) {
            if (!status.isEmpty() && !status.contains(c.state())) continue;
            if (!in.bool("orphans") && !compose.project().services().containsKey(c.labels().get(ComposeLabels.SERVICE))) continue;
            containers.add(c);
        }
        if (in.bool("services")) {
            Set<String> names = new LinkedHashSet<>();
            for (ContainerSummary c : containers) names.add(c.labels().get(ComposeLabels.SERVICE));
            for (String n : names) ctx.out().println(n);
            return 0;
        }
        if (in.bool("quiet")) {
            for (ContainerSummary c : containers) ctx.out().println(c.id());
            return 0;
        }
        String format = in.string("format");
        if (format == null || format.isEmpty() || format.equals("table")) format = DEFAULT_FORMAT;
        List<ComposeRow> rows = new ArrayList<>();
        for (ContainerSummary c : containers) rows.add(new ComposeRow(c, !in.bool("no-trunc"), ctx.now(), ctx.zone()));
        ctx.out().print(FormatWriter.render(format, ComposeRow.HEADER, rows));
        return 0;
    }
}

package dev.berth.cli.command;

import dev.berth.api.ContainerSummary;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.render.ContainerRow;
import dev.berth.cli.render.ContainerTable;
import dev.berth.cli.template.Funcs;
import dev.berth.cli.template.Template;
import dev.berth.cli.template.TemplateException;
import dev.berth.client.ContainerListOptions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code berth ps} / {@code berth container ls}: lists containers in docker's table or a template. */
public final class PsCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .bool("a", "all", "Show all containers (default shows just running)")
            .value("f", "filter", Flag.Type.FILTER, "Filter output based on conditions provided")
            .value(null, "format", Flag.Type.STRING, Help.FORMAT)
            .value("n", "last", Flag.Type.INT, "Show n last created containers (includes all states)", "-1")
            .bool("l", "latest", "Show the latest created container (includes all states)")
            .bool(null, "no-trunc", "Don't truncate output")
            .bool("q", "quiet", "Only display container IDs")
            .bool("s", "size", "Display total file sizes");

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        boolean quiet = in.bool("quiet");
        String format = in.string("format");
        if (format == null) format = "";
        if (!format.isEmpty() && quiet) {
            ctx.err().print("WARNING: Ignoring custom format, because both --format and --quiet are set.\n");
        }
        long last = in.integer("last", -1);
        int limit = (int) last;
        if (in.bool("latest") && last == -1) limit = 1;
        boolean size = in.bool("size");
        if (!format.isEmpty()) {
            Template t;
            try {
                t = Template.parse("", format, Funcs.docker());
            } catch (TemplateException e) {
                throw new CliException("failed to parse template: " + e.getMessage());
            }
            Set<String> used = new HashSet<>();
            try {
                t.execute(ContainerRow.probe(used));
            } catch (TemplateException e) {
                throw new CliException("failed to execute template: " + e.getMessage());
            }
            if (!quiet && !size && !in.given("size") && used.contains("Size")) size = true;
        }
        List<ContainerSummary> containers = ctx.client().listContainers(
                new ContainerListOptions(in.bool("all"), limit, size, FilterArgs.of(in.list("filter"))));
        String fmt = ContainerTable.format(format, quiet, size);
        ctx.out().print(ContainerTable.render(containers, fmt, !in.bool("no-trunc"), ctx.now(), ctx.zone()));
        return 0;
    }
}

package dev.berth.cli.command;

import dev.berth.api.SystemDf;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.format.FormatWriter;
import dev.berth.cli.render.DiskUsageView;

/** {@code berth system df}: disk space used by images, containers, volumes and build cache. */
public final class DiskUsageCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .value(null, "format", Flag.Type.STRING, Help.FORMAT)
            .bool("v", "verbose", "Show detailed information on space usage");

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        String format = in.string("format");
        boolean verbose = in.bool("verbose");
        SystemDf df = ctx.client().systemDf();
        String source = format == null || format.isEmpty() ? FormatWriter.TABLE : format;
        ctx.out().print(DiskUsageView.render(df, source, verbose, ctx.now(), ctx.zone()));
        return 0;
    }
}

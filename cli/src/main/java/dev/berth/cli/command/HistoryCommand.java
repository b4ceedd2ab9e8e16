package dev.berth.cli.command;

import dev.berth.api.HistoryItem;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.format.FormatWriter;
import dev.berth.cli.render.HistoryTable;
import java.util.List;

/** {@code berth history IMAGE}: the layers of an image, newest first. */
public final class HistoryCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .value(null, "format", Flag.Type.STRING, Help.FORMAT)
            .boolDefaultTrue("H", "human", "Print sizes and dates in human readable format")
            .bool(null, "no-trunc", "Don't truncate output")
            .value(null, "platform", Flag.Type.STRING,
                    "Show history for the given platform. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")")
            .bool("q", "quiet", "Only show image IDs")
            .args(1);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        String format = in.string("format");
        boolean human = in.bool("human");
        boolean noTrunc = in.bool("no-trunc");
        String platform = in.string("platform");
        boolean quiet = in.bool("quiet");
        List<String> args = in.args();
        if (platform != null && !platform.isEmpty()) ApiFeatures.require("platform", "1.48");
        List<HistoryItem> history = ctx.client().imageHistory(args.get(0));
        String source = format == null || format.isEmpty() ? FormatWriter.TABLE : format;
        String fmt = HistoryTable.format(source, quiet, human);
        ctx.out().print(HistoryTable.render(history, fmt, !noTrunc, human, ctx.now(), ctx.zone()));
        return 0;
    }
}

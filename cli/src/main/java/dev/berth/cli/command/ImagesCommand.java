package dev.berth.cli.command;

import dev.berth.api.Filters;
import dev.berth.api.ImageSummary;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.format.FormatWriter;
import dev.berth.cli.render.ImageTable;
import dev.berth.cli.template.GoFormat;
import dev.berth.client.ImageListOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code berth images} / {@code berth image ls}: lists images. */
public final class ImagesCommand implements BerthCommand {
    private static final Set<String> IMAGE_SUBCOMMANDS = Set.of("build", "history", "import", "inspect", "list", "load",
            "ls", "prune", "pull", "push", "rm", "save", "tag");

    static final Flags FLAGS = new Flags()
            .bool("a", "all", "Show all images (default hides intermediate images)")
            .bool(null, "digests", "Show digests")
            .value("f", "filter", Flag.Type.FILTER, "Filter output based on conditions provided")
            .value(null, "format", Flag.Type.STRING, Help.FORMAT)
            .bool(null, "no-trunc", "Don't truncate output")
            .bool("q", "quiet", "Only show image IDs")
            .args(0, 1);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        boolean all = in.bool("all");
        boolean digests = in.bool("digests");
        List<String> filters = in.list("filter");
        String format = in.string("format");
        boolean noTrunc = in.bool("no-trunc");
        boolean quiet = in.bool("quiet");
        List<String> args = in.args();
        Map<String, List<String>> f = FilterArgs.parse(filters);
        String match = args == null || args.isEmpty() ? null : args.get(0);
        if (match != null) {
            if (!f.containsKey("reference")) f.put("reference", new java.util.ArrayList<>());
            f.get("reference").add(match);
        }
        List<ImageSummary> images = ctx.client().listImages(new ImageListOptions(all, f.isEmpty() ? Filters.NONE : Filters.of(f)));

        String source = format == null || format.isEmpty() ? FormatWriter.TABLE : format;
        String fmt = ImageTable.format(source, quiet, digests);
        ctx.out().print(ImageTable.render(images, fmt, !noTrunc, digests, ctx.now(), ctx.zone()));
        if (match != null && images.isEmpty() && IMAGE_SUBCOMMANDS.contains(match) && ctx.commandPath().equals("berth images")) {
            ctx.err().print("\nNo images found matching " + GoFormat.quote(match) + ": did you mean \"berth image " + match + "\"?\n");
        }
        return 0;
    }
}

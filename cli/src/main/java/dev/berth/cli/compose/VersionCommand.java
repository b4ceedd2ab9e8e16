package dev.berth.cli.compose;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;

/** {@code berth compose version}: the version of berth's compose, in Compose's words. */
final class VersionCommand implements BerthCommand {
    private static final Flags FLAGS = new Flags()
            .value("f", "format", Flag.Type.STRING, "Format the output. Values: [pretty | json]", "pretty")
            .bool(null, "short", "Shows only Compose's version number");

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        String v = ctx.build().version();
        if (in.bool("short")) {
            ctx.out().println(v);
        } else if ("json".equals(in.string("format"))) {
            ctx.out().println("{\"version\":\"" + v + "\"}");
        } else if ("pretty".equals(in.string("format"))) {
            ctx.out().println("berth compose version " + v);
        } else {
            throw new CliException("ERROR: Invalid format '" + in.string("format") + "'");
        }
        return 0;
    }
}

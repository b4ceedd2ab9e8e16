package dev.berth.cli.command;

import dev.berth.api.ContainerTopResponse;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.format.TabWriter;
import java.util.List;

/** {@code berth top CONTAINER [ps OPTIONS]}: the container's processes as {@code ps} lists them. */
public final class TopCommand implements BerthCommand {
    static final Flags FLAGS = new Flags().args(1, -1);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        List<String> args = in.args();
        ContainerTopResponse top = ctx.client().top(args.get(0), args.subList(1, args.size()));
        StringBuilder out = new StringBuilder();
        TabWriter w = new TabWriter(out, 20, 1, 3, ' ', false);
        w.write(String.join("\t", top.titles() == null ? List.of() : top.titles())).write("\n");
        if (top.processes() != null) {
            for (List<String> p : top.processes()) w.write(String.join("\t", p)).write("\n");
        }
        w.flush();
        ctx.out().print(out);
        return 0;
    }
}

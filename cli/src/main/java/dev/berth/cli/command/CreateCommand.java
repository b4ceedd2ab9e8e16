package dev.berth.cli.command;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.run.ContainerFlags;
import dev.berth.cli.run.ContainerSpec;

/** {@code berth create [OPTIONS] IMAGE [COMMAND] [ARG...]}: creates a container and prints its id. */
public final class CreateCommand implements BerthCommand {
    @Override
    public Flags flags() {
        return ContainerFlags.create();
    }

    @Override
    public int run(CliContext ctx, Invocation in) throws Exception {
        ContainerSpec spec = Creation.spec(ctx, in, false, "create");
        String id = Creation.create(ctx, spec);
        ctx.out().println(id);
        return 0;
    }
}

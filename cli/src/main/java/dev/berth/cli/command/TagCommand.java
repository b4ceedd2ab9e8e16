package dev.berth.cli.command;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import java.util.List;

/** {@code berth tag SOURCE TARGET}: gives an image another name. */
public final class TagCommand implements BerthCommand {
    static final Flags FLAGS = new Flags().args(2);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        List<String> args = in.args();
        ctx.client().tagImage(args.get(0), args.get(1));
        return 0;
    }
}

package dev.berth.cli.command;

import dev.berth.api.ContainerChange;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;

/** {@code berth diff CONTAINER}: changed files, one {@code KIND PATH} per line (C, A or D). */
public final class DiffCommand implements BerthCommand {
    static final Flags FLAGS = new Flags().args(1);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        String name = in.args().get(0);
        if (name.isEmpty()) throw new CliException("Container name cannot be empty");
        StringBuilder sb = new StringBuilder();
        for (ContainerChange c : ctx.client().containerChanges(name)) {
            sb.append(c.kindLetter()).append(' ').append(c.path()).append('\n');
        }
        ctx.out().print(sb);
        return 0;
    }
}

package dev.berth.cli.command;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;

/** {@code berth rename CONTAINER NEW_NAME}. */
public final class RenameCommand implements BerthCommand {
    static final Flags FLAGS = new Flags().args(2);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        String oldName = in.args().get(0).strip();
        String newName = in.args().get(1).strip();
        if (oldName.isEmpty() || newName.isEmpty()) throw new CliException("Error: Neither old nor new names may be empty");
        try {
            ctx.client().renameContainer(oldName, newName);
        } catch (RuntimeException e) {
            if (Errors.fatal(e)) throw e;
            ctx.err().println(Errors.message(e));
            throw new CliException("Error: failed to rename container named " + oldName);
        }
        return 0;
    }
}

package dev.berth.cli.command;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.client.CommitOptions;
import java.util.List;

/** {@code berth commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]}: an image of the container; prints its id. */
public final class CommitCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .value("a", "author", Flag.Type.STRING, "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")")
            .value("c", "change", Flag.Type.LIST, "Apply Dockerfile instruction to the created image")
            .value("m", "message", Flag.Type.STRING, "Commit message")
            .boolDefaultTrue("p", "pause", "Pause container during commit")
            .args(1, 2);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        List<String> args = in.args();
        String reference = args.size() > 1 ? args.get(1) : null;
        if (reference != null) {
            String problem = References.lowercaseProblem(reference);
            if (problem != null) throw new CliException(problem);
        }
        String id;
        try {
            id = ctx.client().commit(args.get(0), new CommitOptions(reference, in.string("message"), in.string("author"),
                    in.list("change"), in.bool("pause")));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        ctx.out().println(id);
        return 0;
    }
}

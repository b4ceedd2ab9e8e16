package dev.berth.cli.command;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.auth.RegistryAuth;
import dev.berth.cli.render.JsonMessagePrinter;
import dev.berth.client.JsonMessageStream;
import dev.berth.oci.ImageRef;
import java.io.OutputStream;
import java.io.PrintStream;

/** {@code berth push [-a] [-q] NAME[:TAG]}: pushes through the daemon, showing docker's progress. */
public final class PushCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .bool("a", "all-tags", "Push all tags of an image to the repository")
            .boolDefaultTrue(null, "disable-content-trust", "Skip image signing")
            .bool("q", "quiet", "Suppress verbose output")
            .args(1);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        boolean quiet = in.bool("quiet");
        boolean all = in.bool("all-tags");
        ImageRef ref = PullCommand.reference(in.args().getFirst());
        if (all && (ref.tag() != null || ref.digest() != null)) throw new CliException("tag can't be used with --all-tags/-a");
        if (ref.digest() != null) throw new CliException("cannot push a digest reference");
        if (!all && ref.tag() == null) {
            ref = ref.withTag(ImageRef.DEFAULT_TAG);
            if (!quiet) ctx.out().println("Using default tag: " + ImageRef.DEFAULT_TAG);
        }
        try (JsonMessageStream messages = ctx.client().pushImage(ref.familiarName(), ref.tag(),
                RegistryAuth.header(ctx, ref.domain()))) {
            PrintStream out = quiet ? new PrintStream(OutputStream.nullOutputStream()) : ctx.out();
            new JsonMessagePrinter(out, ctx.streams().outIsTerminal(), PullCommand.width(ctx)).display(messages, m -> { });
        }
        if (quiet) ctx.out().println(ref);
        return 0;
    }
}

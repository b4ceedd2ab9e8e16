package dev.berth.cli.command;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.auth.RegistryAuth;
import dev.berth.cli.render.JsonMessagePrinter;
import dev.berth.client.JsonMessageStream;
import dev.berth.common.EngineException;
import dev.berth.oci.ImageRef;
import java.io.OutputStream;
import java.io.PrintStream;

/** {@code berth pull [-q] [--platform P] NAME[:TAG|@DIGEST]}: pulls through the daemon, showing docker's progress. */
public final class PullCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .bool("a", "all-tags", "Download all tagged images in the repository")
            .boolDefaultTrue(null, "disable-content-trust", "Skip image verification")
            .value(null, "platform", Flag.Type.STRING, "Set platform if server is multi-platform capable")
            .bool("q", "quiet", "Suppress verbose output")
            .args(1);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        boolean quiet = in.bool("quiet");
        ImageRef ref = reference(in.args().getFirst());
        boolean all = in.bool("all-tags");
        if (all && (ref.tag() != null || ref.digest() != null)) throw new CliException("tag can't be used with --all-tags/-a");
        if (!all && ref.tag() == null && ref.digest() == null) {
            ref = ref.withTag(ImageRef.DEFAULT_TAG);
            if (!quiet) ctx.out().println("Using default tag: " + ImageRef.DEFAULT_TAG);
        }
        String platform = Creation.platform(in.string("platform"));
        try (JsonMessageStream messages = ctx.client().pullImage(ref.toString(), platform, RegistryAuth.header(ctx, ref.domain()), all)) {
            PrintStream out = quiet ? new PrintStream(OutputStream.nullOutputStream()) : ctx.out();
            new JsonMessagePrinter(out, ctx.streams().outIsTerminal(), width(ctx)).display(messages, null);
        }
        ctx.out().println(ref); // docker prints the full reference after every pull
        return 0;
    }

    static ImageRef reference(String s) {
        try {
            return ImageRef.parseNamed(s);
        } catch (EngineException.InvalidArgument e) {
            throw new CliException(e.getMessage());
        }
    }

    static int width(CliContext ctx) {
        int[] size = !ctx.streams().outIsTerminal() || ctx.terminal() == null ? null : ctx.terminal().size();
        return size == null ? 200 : size[1];
    }
}

package dev.berth.cli.command;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.CliException;
import dev.berth.cli.render.JsonMessagePrinter;
import dev.berth.client.JsonMessageStream;
import dev.berth.client.LoadResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@code berth load [-i FILE]}: loads images from a {@code berth save} tarball; prints what was loaded. */
public final class LoadCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .value("i", "input", Flag.Type.STRING, "Read from tar archive file, instead of STDIN")
            .value(null, "platform", Flag.Type.STRING,
                    "Load only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")")
            .bool("q", "quiet", "Suppress the load output");

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) throws IOException {
        String input = in.string("input");
        String platform = in.string("platform");
        boolean quiet = in.bool("quiet");
        if (platform != null && !platform.isEmpty()) ApiFeatures.require("platform", "1.48");
        InputStream tar;
        if (input == null || input.isEmpty()) {
            if (ctx.streams().inIsTerminal()) throw new CliException("requested load from stdin, but stdin is empty");
            tar = ctx.in();
        } else {
            try {
                tar = Files.newInputStream(Path.of(input));
            } catch (NoSuchFileException e) {
                throw new CliException("open " + input + ": no such file or directory");
            }
        }
        boolean q = quiet || !ctx.streams().outIsTerminal();
        try (LoadResponse response = ctx.client().loadImage(tar, q)) {
            if (response.isJson()) {
                try (JsonMessageStream messages = response.messages()) {
                    new JsonMessagePrinter(ctx.out(), ctx.streams().outIsTerminal(), 200).display(messages, null);
                }
            } else {
                response.body().transferTo(ctx.out());
            }
        } finally {
            if (tar != ctx.in()) tar.close();
        }
        return 0;
    }
}

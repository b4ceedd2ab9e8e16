package dev.berth.cli.command;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code berth save IMAGE... [-o FILE]}: writes images as a tarball, to stdout (never to a
 * terminal) or to a file that appears only once complete.
 */
public final class SaveCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .value("o", "output", Flag.Type.STRING, "Write to a file, instead of STDOUT")
            .value(null, "platform", Flag.Type.STRING,
                    "Save only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")")
            .args(1, -1);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) throws IOException {
        String output = in.string("output");
        String platform = in.string("platform");
        List<String> args = in.args();
        if (platform != null && !platform.isEmpty()) ApiFeatures.require("platform", "1.48");
        if (output == null || output.isEmpty()) {
            if (ctx.streams().outIsTerminal()) {
                throw new CliException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
            }
            try (InputStream tar = ctx.client().saveImages(args)) {
                tar.transferTo(ctx.out());
            }
            ctx.out().flush();
            return 0;
        }
        Path target = Path.of(output).toAbsolutePath();
        Path dir = target.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new CliException("failed to save image: invalid output path: directory \"" + dir + "\" does not exist");
        }
        OutputFiles.writeAtomically(target, () -> ctx.client().saveImages(args));
        return 0;
    }
}

package dev.berth.cli.command;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code berth export CONTAINER [-o FILE]}: the container's file system as a tar, to stdout (never a
 * terminal) or to a file that appears only once complete (mode 0600, as docker's atomic writer).
 */
public final class ExportCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .value("o", "output", Flag.Type.STRING, "Write to a file, instead of STDOUT")
            .args(1);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) throws IOException {
        String output = in.string("output");
        String name = in.args().get(0);
        if (output == null || output.isEmpty()) {
            if (ctx.streams().outIsTerminal()) {
                throw new CliException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
            }
            try (InputStream tar = ctx.client().exportContainer(name)) {
                tar.transferTo(ctx.out());
            }
            ctx.out().flush();
            return 0;
        }
        Path target = ctx.cwd().resolve(output).toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CliException("failed to export container: invalid file path: " + dir + ": no such file or directory");
        }
        OutputFiles.writeAtomically(target, () -> ctx.client().exportContainer(name));
        return 0;
    }
}

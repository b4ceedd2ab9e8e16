package dev.berth.cli.command;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.CliException;
import dev.berth.cli.render.JsonMessagePrinter;
import dev.berth.client.ImportOptions;
import dev.berth.client.JsonMessageStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code berth import file|URL|- [REPOSITORY[:TAG]]}: makes an image from a root file system
 * tarball, read from a file or stdin and streamed to the daemon, or fetched by the daemon from a URL.
 * Prints the new image id.
 */
public final class ImportCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .value("c", "change", Flag.Type.LIST, "Apply Dockerfile instruction to the created image")
            .value("m", "message", Flag.Type.STRING, "Set commit message for imported image")
            .value(null, "platform", Flag.Type.STRING, "Set platform if server is multi-platform capable")
            .args(1, 2);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) throws IOException {
        List<String> changes = in.list("change");
        String message = in.string("message");
        String platform = in.string("platform");
        List<String> args = in.args();
        String source = args.get(0);
        String reference = args.size() > 1 ? args.get(1) : null;
        String plat = platform != null ? platform : ctx.env("DOCKER_DEFAULT_PLATFORM");
        InputStream body = null;
        String url = null;
        if (source.equals("-")) {
            body = ctx.in();
        } else if (source.startsWith("http://") || source.startsWith("https://")) {
            url = source;
        } else {
            try {
                body = Files.newInputStream(Path.of(source));
            } catch (NoSuchFileException e) {
                throw new CliException("open " + source + ": no such file or directory");
            }
        }
        try (JsonMessageStream messages = ctx.client().importImage(new ImportOptions(body, url, reference, null,
                changes, message, plat))) {
            new JsonMessagePrinter(ctx.out(), ctx.streams().outIsTerminal(), 200).display(messages, null);
        } finally {
            if (body != null && body != ctx.in()) body.close();
        }
        return 0;
    }
}

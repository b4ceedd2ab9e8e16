package dev.berth.cli.command;

import dev.berth.api.ContainerInspect;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.client.LogsOptions;
import dev.berth.client.StdCopy;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code berth logs}: the container's output, demultiplexed into stdout and stderr unless the
 * container has a tty (then copied raw). With {@code -f} it follows until the container stops or
 * berth is interrupted.
 */
public final class LogsCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .bool(null, "details", "Show extra details provided to logs")
            .bool("f", "follow", "Follow log output")
            .value(null, "since", Flag.Type.STRING,
                    "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)")
            .value("n", "tail", Flag.Type.STRING, "Number of lines to show from the end of the logs", "all")
            .bool("t", "timestamps", "Show timestamps")
            .value(null, "until", Flag.Type.STRING,
                    "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)")
            .args(1);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) throws IOException {
        ContainerInspect c = ctx.client().inspectContainer(in.args().get(0), false);
        LogsOptions options = new LogsOptions(true, true, in.string("since"), in.string("until"), in.bool("timestamps"),
                in.bool("follow"), in.string("tail"), in.bool("details"));
        InputStream body;
        try {
            body = ctx.client().containerLogs(c.id(), options);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        Thread closer = new Thread() {
            @Override
            public void run() {
                try {
                    body.close(); // Ctrl-C while following: end the request cleanly
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        };
        Runtime.getRuntime().addShutdownHook(closer);
        try (InputStream in2 = body) {
            if (c.config() != null && Boolean.TRUE.equals(c.config().tty())) {
                byte[] buf = new byte[32 * 1024];
                for (int n; (n = in2.read(buf)) >= 0; ) {
                    ctx.out().write(buf, 0, n);
                    ctx.out().flush();
                }
            } else {
                StdCopy.copy(in2, ctx.out(), ctx.err());
            }
        } catch (StdCopy.StreamException e) {
            throw new CliException(e.getMessage());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(closer);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
        }
        return 0;
    }
}

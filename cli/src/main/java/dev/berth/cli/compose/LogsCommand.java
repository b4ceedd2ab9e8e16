package dev.berth.cli.compose;

import dev.berth.api.ContainerSummary;
import dev.berth.cli.CliContext;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.compose.Compose;
import java.util.ArrayList;
import java.util.List;

/** {@code berth compose logs}: the services' container logs, each line prefixed by the container's name. */
final class LogsCommand extends ComposeBase {
    private static final Flags FLAGS = new Flags()
            .bool("f", "follow", "Follow log output")
            .value(null, "index", Flag.Type.INT, "index of the container if service has multiple replicas")
            .bool(null, "no-color", "Produce monochrome output")
            .bool(null, "no-log-prefix", "Don't print prefix in logs")
            .value(null, "since", Flag.Type.STRING, "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)")
            .value("n", "tail", Flag.Type.STRING, "Number of lines to show from the end of the logs for each container", "all")
            .bool("t", "timestamps", "Show timestamps")
            .value(null, "until", Flag.Type.STRING, "Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)")
            .args(0, -1);

    LogsCommand(ComposeOptions options) {
        super(options);
    }

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) throws Exception {
        Compose compose = existing(ctx);
        boolean color = !in.bool("no-color") && !"never".equals(options.ansi())
                && ("always".equals(options.ansi()) || ctx.streams().outIsTerminal());
        LogPrinter logs = new LogPrinter(ctx.out(), ctx.err(), color, !in.bool("no-log-prefix"), in.bool("timestamps"));
        List<ContainerSummary> containers = compose.containers(in.args(), true, false);
        String project = compose.project().name();
        for (ContainerSummary c : containers) logs.register(LogPrinter.shortName(project, name(c)));
        boolean follow = in.bool("follow");
        String tail = in.string("tail");
        if (!follow) {
            for (ContainerSummary c : containers) logs.copy(compose.client(), c, LogPrinter.shortName(project, name(c)), false, tail, in.string("since"));
            return 0;
        }
        List<Thread> threads = new ArrayList<>();
        for (ContainerSummary c : containers) {
            String n = LogPrinter.shortName(project, name(c));
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    logs.copy(compose.client(), c, n, true, tail, in.string("since"));
                } catch (Exception e) {
                    // the container went away
                }
            }));
        }
        for (Thread t : threads) t.join();
        return 0;
    }
}

package dev.berth.cli.command;

import dev.berth.api.ContainerInspect;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.common.EngineException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code berth start [-a] [-i] CONTAINER...}: starts containers and prints their names; with
 * {@code -a}/{@code -i}, attaches to one container first and exits with its status.
 */
public final class StartCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .bool("a", "attach", "Attach STDOUT/STDERR and forward signals")
            .bool("i", "interactive", "Attach container's STDIN")
            .value(null, "detach-keys", Flag.Type.STRING, "Override the key sequence for detaching a container")
            .hidden(null, "checkpoint", Flag.Type.STRING)
            .hidden(null, "checkpoint-dir", Flag.Type.STRING)
            .args(1, -1);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) throws Exception {
        List<String> names = in.args();
        if (in.bool("attach") || in.bool("interactive")) {
            if (names.size() > 1) throw new CliException("you cannot start and attach multiple containers at once");
            return attachAndStart(ctx, in, names.get(0));
        }
        if (in.string("checkpoint") != null && !in.string("checkpoint").isEmpty()) {
            throw new CliException("checkpoint is only supported with experimental daemons");
        }
        List<String> failed = new ArrayList<>();
        for (String name : names) {
            try {
                ctx.client().startContainer(name);
            } catch (RuntimeException e) {
                if (Errors.fatal(e)) throw e;
                ctx.err().println(Errors.message(e));
                failed.add(name);
                continue;
            }
            ctx.out().println(name);
        }
        if (!failed.isEmpty()) throw new CliException("Error: failed to start containers: " + String.join(", ", failed));
        return 0;
    }

    private static int attachAndStart(CliContext ctx, Invocation in, String name) throws Exception {
        ContainerInspect c = ctx.client().inspectContainer(name, false);
        boolean tty = c.config() != null && Boolean.TRUE.equals(c.config().tty());
        boolean openStdin = c.config() != null && Boolean.TRUE.equals(c.config().openStdin());
        boolean stdin = in.bool("interactive") && openStdin;
        boolean autoRemove = c.hostConfig() != null && Boolean.TRUE.equals(c.hostConfig().autoRemove());
        Session session = new Session(ctx, c.id(), tty, in.string("detach-keys"));
        if (!tty) session.proxySignals();
        session.attach(stdin, true, true);
        session.waitFor(autoRemove ? "removed" : "next-exit");
        try {
            ctx.client().startContainer(c.id());
        } catch (EngineException e) {
            session.cancel();
            if (autoRemove) session.status();
            throw e;
        }
        if (tty && ctx.streams().outIsTerminal()) session.monitorSize(false);
        Session.StreamEnd end = session.streamEnd();
        if (end.detached()) return 0;
        if (end.failure() != null) throw end.failure();
        return session.status();
    }
}

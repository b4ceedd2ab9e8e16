package dev.berth.cli.command;

import dev.berth.api.ContainerInspect;
import dev.berth.api.ContainerState;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;

/**
 * {@code berth attach CONTAINER}: connects the terminal to a running container until it exits (its
 * status is berth's) or the detach keys are typed.
 */
public final class AttachCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .value(null, "detach-keys", Flag.Type.STRING, "Override the key sequence for detaching a container")
            .bool(null, "no-stdin", "Do not attach STDIN")
            .boolDefaultTrue(null, "sig-proxy", "Proxy all received signals to the process")
            .args(1);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) throws Exception {
        String name = in.args().get(0);
        String keys = in.string("detach-keys");
        Session session = new Session(ctx, name, false, keys);
        session.waitFor(null);
        try {
            ContainerInspect c = checkState(ctx, name);
            boolean tty = c.config() != null && Boolean.TRUE.equals(c.config().tty());
            boolean noStdin = in.bool("no-stdin");
            if (tty && !noStdin && !ctx.streams().inIsTerminal()) throw new CliException("the input device is not a TTY");
            boolean stdin = !noStdin && c.config() != null && Boolean.TRUE.equals(c.config().openStdin());
            session.tty(tty);
            if (in.bool("sig-proxy") && !tty) session.proxySignals();
            session.attach(stdin, true, true);
            checkState(ctx, name);
            if (tty && ctx.streams().outIsTerminal()) {
                new Session.Resizer(ctx.client(), ctx.terminal(), name, false, ctx).resize(1);
                session.monitorSize(false);
            }
            Session.StreamEnd end = session.streamEnd();
            if (end.detached()) throw new CliException("read escape sequence");
            if (end.failure() != null) throw new CliException(end.failure().getMessage());
            return session.status();
        } catch (RuntimeException e) {
            session.dropWait();
            throw e;
        }
    }

    private static ContainerInspect checkState(CliContext ctx, String name) {
        ContainerInspect c = ctx.client().inspectContainer(name, false);
        ContainerState s = c.state();
        if (s == null || !s.running()) throw new CliException("You cannot attach to a stopped container, start it first");
        if (s.paused()) throw new CliException("You cannot attach to a paused container, unpause it first");
        if (s.restarting()) throw new CliException("You cannot attach to a restarting container, wait until it is running");
        return c;
    }
}

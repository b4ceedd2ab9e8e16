package dev.berth.cli.command;

import dev.berth.api.ContainerCreateRequest;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.run.ContainerFlags;
import dev.berth.cli.run.ContainerSpec;
import dev.berth.client.ConnectionFailedException;
import dev.berth.common.EngineException;

/**
 * {@code berth run}: the flow docker CLI 28 follows. Create (pulling a missing image per
 * {@code --pull}); unless detached, attach before start; ask the daemon to wait for the next exit
 * (or the removal with {@code --rm}); start; with a tty on a terminal, send the window size. The
 * exit status is the container's; 125 when berth or the daemon failed, 126/127 when the command
 * could not be run or found.
 */
public final class RunCommand implements BerthCommand {
    @Override
    public Flags flags() {
        return ContainerFlags.run();
    }

    @Override
    public int run(CliContext ctx, Invocation in) throws Exception {
        boolean detach = in.bool("detach");
        ContainerSpec spec = Creation.spec(ctx, in, detach, "run");
        ContainerCreateRequest config = spec.request();
        boolean attachStdin = Boolean.TRUE.equals(config.attachStdin());
        boolean attachStdout = Boolean.TRUE.equals(config.attachStdout());
        boolean attachStderr = Boolean.TRUE.equals(config.attachStderr());
        boolean tty = Boolean.TRUE.equals(config.tty());
        if (!detach) {
            if (tty && attachStdin && !ctx.streams().inIsTerminal()) throw new CliException("the input device is not a TTY");
        } else if (!in.list("attach").isEmpty()) {
            throw new CliException("conflicting options: cannot specify both --attach and --detach");
        }

        String id;
        try {
            id = Creation.create(ctx, spec);
        } catch (RuntimeException e) {
            throw statusError(e);
        }
        Session session = new Session(ctx, id, tty, in.string("detach-keys"));
        if (in.bool("sig-proxy")) session.proxySignals();
        boolean attach = attachStdin || attachStdout || attachStderr;
        if (attach) session.attach(attachStdin, attachStdout, attachStderr);
        session.waitFor(spec.autoRemove() ? "removed" : "next-exit");
        if (!attach) {
            // docker prints the id while the start request is on its way
            ctx.out().println(id);
            ctx.out().flush();
        }
        try {
            ctx.client().startContainer(id);
        } catch (RuntimeException e) {
            if (attach) session.cancel();
            if (spec.autoRemove()) session.status();
            throw statusError(e);
        }
        if (!attach) {
            session.dropWait();
            return 0;
        }
        if (tty && ctx.streams().outIsTerminal()) session.monitorSize(false);

        // as docker: the attach stream's end first (detaching wins over an exit status that came meanwhile), then the status
        Object first = session.next();
        if (!(first instanceof Session.StreamEnd) && !attachStdout && !attachStderr) session.cancel();
        Session.StreamEnd end = session.streamEnd();
        if (end.detached()) return 0;
        if (end.failure() != null) throw new CliException(end.failure().getMessage());
        return session.status();
    }

    /** docker's {@code toStatusError}: the message with run's hint, and 126/127 for a command that cannot run. */
    static RuntimeException statusError(RuntimeException e) {
        if (e instanceof ConnectionFailedException) return e;
        String msg = e instanceof EngineException ? "Error response from daemon: " + e.getMessage() : e.getMessage();
        int status = 125;
        if (msg.contains("executable file not found") || msg.contains("no such file or directory")
                || msg.contains("system cannot find the file specified")) {
            status = 127;
        } else if (msg.contains("permission denied") || msg.contains("is a directory")) {
            status = 126;
        }
        return new CliException("berth: " + msg + "\n\nRun 'berth run --help' for more information", status);
    }
}

package dev.berth.cli.command;

import dev.berth.api.ExecCreateRequest;
import dev.berth.api.ExecInspect;
import dev.berth.api.ExecStartRequest;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.run.KvFiles;
import dev.berth.cli.terminal.DetachKeys;
import dev.berth.client.transport.Hijack;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code berth exec CONTAINER COMMAND...}: runs a process in a running container; the exit status
 * is the process's, read from the exec's inspect once its output has ended.
 */
public final class ExecCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .bool("d", "detach", "Detached mode: run command in the background")
            .value(null, "detach-keys", Flag.Type.STRING, "Override the key sequence for detaching a container")
            .value("e", "env", Flag.Type.ENV_LIST, "Set environment variables")
            .value(null, "env-file", Flag.Type.LIST, "Read in a file of environment variables")
            .bool("i", "interactive", "Keep STDIN open even if not attached")
            .bool(null, "privileged", "Give extended privileges to the command")
            .bool("t", "tty", "Allocate a pseudo-TTY")
            .value("u", "user", Flag.Type.STRING, "Username or UID (format: \"<name|uid>[:<group|gid>]\")")
            .value("w", "workdir", Flag.Type.STRING, "Working directory inside the container")
            .args(2, -1);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) throws Exception {
        String container = in.args().get(0);
        List<String> cmd = new ArrayList<>(in.args().subList(1, in.args().size()));
        boolean detach = in.bool("detach");
        boolean tty = in.bool("tty");
        boolean stdin = !detach && in.bool("interactive");
        List<String> env = new ArrayList<>();
        try {
            for (String f : in.list("env-file")) env.addAll(KvFiles.read(ctx.cwd().resolve(f), f, ctx.envFunction()));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        for (String e : in.list("env")) {
            if (e.indexOf('=') < 0) {
                String v = ctx.env(e);
                env.add(v == null ? e : e + "=" + v);
            } else {
                env.add(e);
            }
        }
        String detachKeys = in.string("detach-keys");
        ExecCreateRequest request = new ExecCreateRequest(str(in.string("user")), in.bool("privileged"), tty, null, stdin,
                !detach, !detach, detach, str(detachKeys), env.isEmpty() ? null : env, str(in.string("workdir")), cmd);

        ctx.client().inspectContainer(container, false);
        if (!detach && tty && stdin && !ctx.streams().inIsTerminal()) throw new CliException("the input device is not a TTY");
        String execId = ctx.client().createExec(container, request);
        if (detach) {
            ctx.client().startExecDetached(execId, new ExecStartRequest(true, tty, null));
            return 0;
        }
        byte[] keys;
        try {
            keys = DetachKeys.parse(detachKeys);
        } catch (IllegalArgumentException e) {
            ctx.err().println("WARNING: invalid detach escape keys, using default: " + e.getMessage());
            keys = DetachKeys.DEFAULT;
        }
        Hijack conn = ctx.client().startExec(execId, new ExecStartRequest(false, tty, null));
        Session session = new Session(ctx, execId, tty, detachKeys);
        session.stream(conn, stdin, true, true, keys);
        if (tty && ctx.streams().inIsTerminal()) session.monitorSize(true);
        Session.StreamEnd end;
        try {
            end = session.streamEnd();
        } finally {
            conn.close();
        }
        if (end.detached()) throw new CliException("read escape sequence");
        if (end.failure() != null) throw new CliException(end.failure().getMessage());
        ExecInspect result;
        try {
            result = ctx.client().inspectExec(execId);
        } catch (dev.berth.client.ConnectionFailedException e) {
            return -1;
        }
        return result.exitCode() == null ? 0 : result.exitCode();
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }
}

package dev.berth.cli.command;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.client.DockerClient;
import dev.berth.common.EngineException;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands that apply one operation to each named container and print the names that
 * succeeded, in argument order: {@code stop}, {@code kill}, {@code restart}, {@code pause},
 * {@code unpause}, {@code rm}. Failures are collected and printed together (status 1); for
 * {@code rm -f}, a missing container is only reported.
 */
public final class ContainerActionCommand implements BerthCommand {
    /** Which operation. */
    public enum Action { STOP, KILL, RESTART, PAUSE, UNPAUSE, REMOVE }

    private final Action action;

    public ContainerActionCommand(Action action) {
        this.action = action;
    }

    @Override
    public Flags flags() {
        switch (action) {
            case STOP:
            case RESTART:
                return new Flags()
                        .value("s", "signal", Flag.Type.STRING, "Signal to send to the container")
                        .value("t", "timeout", Flag.Type.INT, "Seconds to wait before killing the container")
                        .hidden(null, "time", Flag.Type.INT)
                        .args(1, -1);
            case KILL:
                return new Flags().value("s", "signal", Flag.Type.STRING, "Signal to send to the container").args(1, -1);
            case REMOVE:
                return new Flags()
                        .bool("f", "force", "Force the removal of a running container (uses SIGKILL)")
                        .bool("l", "link", "Remove the specified link")
                        .bool("v", "volumes", "Remove anonymous volumes associated with the container")
                        .args(1, -1);
            default:
                return new Flags().args(1, -1);
        }
    }

    @Override
    public int run(CliContext ctx, Invocation in) {
        Integer timeout = null;
        String signal = null;
        if (action == Action.STOP || action == Action.RESTART) {
            if (in.given("time") && in.given("timeout")) {
                throw new CliException("conflicting options: cannot specify both --timeout and --time");
            }
            if (in.given("time")) {
                ctx.err().println("Flag --time has been deprecated, use --timeout instead");
                timeout = (int) in.integer("time", 0);
            }
            if (in.given("timeout")) timeout = (int) in.integer("timeout", 0);
        }
        if (action == Action.STOP || action == Action.RESTART || action == Action.KILL) signal = in.string("signal");
        boolean force = action == Action.REMOVE && in.bool("force");
        List<String> errors = new ArrayList<>();
        DockerClient client = ctx.client();
        for (String name : in.args()) {
            try {
                apply(client, name, timeout, signal, in);
            } catch (EngineException.NotFound e) {
                if (force) {
                    ctx.err().println(Errors.message(e));
                    continue;
                }
                errors.add(Errors.message(e));
                continue;
            } catch (RuntimeException e) {
                if (Errors.fatal(e)) throw e;
                errors.add(Errors.message(e));
                continue;
            }
            ctx.out().println(name);
        }
        Errors.throwJoined(errors);
        return 0;
    }

    private void apply(DockerClient client, String name, Integer timeout, String signal, Invocation in) {
        switch (action) {
            case STOP -> {
                try {
                    client.stopContainer(name, timeout, signal);
                } catch (EngineException.NotModified alreadyStopped) {
                    // 304: docker prints the name all the same
                }
            }
            case RESTART -> client.restartContainer(name, timeout, signal);
            case KILL -> client.killContainer(name, signal);
            case PAUSE -> client.pauseContainer(name);
            case UNPAUSE -> client.unpauseContainer(name);
            case REMOVE -> {
                String id = trimSlashes(name);
                if (id.isEmpty()) throw new IllegalArgumentException("container name cannot be empty");
                client.removeContainer(id, in.bool("volumes"), in.bool("force"), in.bool("link"));
            }
        }
    }

    private static String trimSlashes(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && s.charAt(a) == '/') a++;
        while (b > a && s.charAt(b - 1) == '/') b--;
        return s.substring(a, b);
    }
}

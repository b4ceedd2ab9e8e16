package dev.berth.engine.container;

import java.util.List;

/**
 * An exec create request ({@code POST /containers/{id}/exec}).
 *
 * @param cmd          the command; must not be empty
 * @param env          extra {@code KEY=value} entries, on top of the container's
 * @param user         {@code user[:group]} (names or ids); empty for the container's user
 * @param workingDir   absolute; empty for the container's working directory
 * @param tty          a terminal
 * @param privileged   all capabilities
 * @param attachStdin  the process reads the client's input
 * @param attachStdout deliver stdout
 * @param attachStderr deliver stderr
 * @param detachKeys   kept as data (berth does not interpret detach keys)
 * @param consoleSize  the terminal's initial size, or null
 */
public record ExecSpec(List<String> cmd, List<String> env, String user, String workingDir, boolean tty, boolean privileged,
                       boolean attachStdin, boolean attachStdout, boolean attachStderr, String detachKeys,
                       HostSpec.ConsoleSize consoleSize) {
    public ExecSpec {
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
        if (user == null) user = "";
        if (workingDir == null) workingDir = "";
        if (detachKeys == null) detachKeys = "";
    }

    /** {@code docker exec CONTAINER cmd...}: stdout and stderr attached, no terminal. */
    public static ExecSpec of(String... cmd) {
        return new ExecSpec(List.of(cmd), List.of(), "", "", false, false, false, true, true, "", null);
    }

    public ExecSpec withEnv(List<String> e) {
        return new ExecSpec(cmd, e, user, workingDir, tty, privileged, attachStdin, attachStdout, attachStderr, detachKeys, consoleSize);
    }

    public ExecSpec withUser(String u) {
        return new ExecSpec(cmd, env, u, workingDir, tty, privileged, attachStdin, attachStdout, attachStderr, detachKeys, consoleSize);
    }

    public ExecSpec withWorkingDir(String w) {
        return new ExecSpec(cmd, env, user, w, tty, privileged, attachStdin, attachStdout, attachStderr, detachKeys, consoleSize);
    }

    public ExecSpec withStdin(boolean s) {
        return new ExecSpec(cmd, env, user, workingDir, tty, privileged, s, attachStdout, attachStderr, detachKeys, consoleSize);
    }

    public ExecSpec withTty(boolean t) {
        return new ExecSpec(cmd, env, user, workingDir, t, privileged, attachStdin, attachStdout, attachStderr, detachKeys, consoleSize);
    }

    public ExecSpec withPrivileged(boolean p) {
        return new ExecSpec(cmd, env, user, workingDir, tty, p, attachStdin, attachStdout, attachStderr, detachKeys, consoleSize);
    }
}

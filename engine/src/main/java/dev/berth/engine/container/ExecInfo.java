package dev.berth.engine.container;

import java.util.List;

/**
 * An exec session as {@code GET /exec/{id}/json} shows it.
 *
 * @param id          the exec id (64 hex)
 * @param containerId the container's id
 * @param running     the process runs
 * @param exitCode    null until it has exited (126/127 when it could not be started)
 * @param pid         the process on the host, 0 before it started
 * @param tty         {@code ProcessConfig.tty}
 * @param entrypoint  {@code ProcessConfig.entrypoint}: the command's first word
 * @param arguments   {@code ProcessConfig.arguments}: the rest
 * @param privileged  {@code ProcessConfig.privileged}
 * @param user        {@code ProcessConfig.user}
 * @param openStdin   {@code OpenStdin}
 * @param openStdout  {@code OpenStdout}
 * @param openStderr  {@code OpenStderr}
 * @param canRemove   {@code CanRemove}: the session is over
 * @param detachKeys  {@code DetachKeys}
 */
public record ExecInfo(String id, String containerId, boolean running, Integer exitCode, long pid, boolean tty,
                       String entrypoint, List<String> arguments, boolean privileged, String user, boolean openStdin,
                       boolean openStdout, boolean openStderr, boolean canRemove, String detachKeys) {
    public ExecInfo {
        arguments = List.copyOf(arguments);
    }
}

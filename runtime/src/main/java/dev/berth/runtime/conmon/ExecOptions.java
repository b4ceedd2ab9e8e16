package dev.berth.runtime.conmon;

import dev.berth.runtime.spec.Spec;

/**
 * What {@link Conmon#exec} needs. Whether the process has a terminal comes from
 * {@code process.terminal}. See {@link ExecProcesses} to derive the process from the container's.
 *
 * @param execId the exec session's id (a file name)
 * @param process the process to run in the container
 * @param attach connect to the session's attach socket before the process starts, so no output is
 *               lost ({@code docker exec} without {@code -d}); without it, output is discarded
 * @param stdin give the process a stdin pipe fed by the attach connection ({@code -i})
 */
public record ExecOptions(String execId, Spec.Process process, boolean attach, boolean stdin) {
    public ExecOptions {
        ExecRoot.checkId(execId, "exec");
        if (process == null || process.args().isEmpty()) throw new dev.berth.common.EngineException.InvalidArgument("No exec command specified");
        if (stdin && !attach) throw new IllegalArgumentException("stdin needs an attach connection to come from");
    }
}

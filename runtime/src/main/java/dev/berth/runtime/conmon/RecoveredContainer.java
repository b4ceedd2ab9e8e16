package dev.berth.runtime.conmon;

import dev.berth.runtime.ContainerState;
import dev.berth.runtime.ContainerStatus;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a restarted daemon learns about a container from disk and the runtime
 * ({@link Conmon#recover}).
 *
 * @param id the container id
 * @param conmonPid conmon's pid if it still runs (it holds the container's stdio and will write the exit file)
 * @param state the runtime's view, empty if the runtime no longer knows the container
 * @param exitCode the exit code if the container's process has exited (conmon wrote it)
 * @param oomKilled whether the OOM killer killed a process of the container
 */
public record RecoveredContainer(String id, OptionalLong conmonPid, Optional<ContainerState> state, OptionalInt exitCode,
                                 boolean oomKilled) {
    /** conmon runs, so the container's stdio, log and exit reporting are intact. */
    public boolean conmonRunning() {
        return conmonPid.isPresent();
    }

    /** The runtime says the process runs (or is paused) and no exit has been recorded. */
    public boolean running() {
        return exitCode.isEmpty() && state.map(s -> s.status() == ContainerStatus.RUNNING || s.status() == ContainerStatus.PAUSED).orElse(false);
    }
}

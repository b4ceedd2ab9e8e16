package dev.berth.runtime;

import dev.berth.common.EngineException;
import dev.berth.runtime.spec.Resources;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An OCI runtime (runc, crun...) as a thin command wrapper: the operations on a container that
 * do not hold its stdio. Creating a container and exec'ing into it happen under conmon
 * ({@link dev.berth.runtime.conmon.Conmon}), which passes {@link #globalArgs()} to the runtime.
 * Like podman's {@code OCIRuntime}, it keeps no state of its own: the runtime's state directory
 * ({@link #root()}) is the truth.
 *
 * <p>Errors: {@link EngineException.NotFound} when the runtime does not know the container,
 * {@link EngineException.FailedPrecondition} with the runtime's own message when it refuses
 * (e.g. pausing a stopped container), {@link EngineException.Unavailable} when it cannot be run.
 */
public interface OciRuntime {
    /** A short name for messages, e.g. {@code runc}. */
    String name();

    /** The runtime executable, absolute. */
    Path binary();

    /** The runtime's state directory ({@code --root}): one per daemon exec root, so daemons never see each other's containers. */
    Path root();

    /** Arguments that precede every command ({@code --root=...}); conmon passes them as {@code --runtime-arg}. */
    List<String> globalArgs();

    /** The container's state, or empty if the runtime does not know it. */
    Optional<ContainerState> state(String id);

    /** All containers the runtime knows under {@link #root()}. */
    List<ContainerState> list();

    /** Starts the user's process of a created container. */
    void start(String id);

    /**
     * Sends a signal ({@code TERM}, {@code SIGKILL}, {@code 9}...) to the init process, or with
     * {@code all} to every process of the container.
     *
     * @throws EngineException.NotFound the container is unknown, or its process has exited already
     */
    void kill(String id, String signal, boolean all);

    /** Deletes the container's runtime state and cgroup; {@code force} kills it first if it runs. */
    void delete(String id, boolean force);

    /** Freezes every process of the container (cgroup freezer). */
    void pause(String id);

    /** Thaws a paused container. */
    void resume(String id);

    /** Changes the cgroup limits of a running container ({@code docker update}). */
    void update(String id, Resources resources);

    /** The host pids of the container's processes. */
    List<Long> ps(String id);
}

package dev.berth.runtime;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** A container's status as the OCI runtime reports it ({@code runc state}). */
public enum ContainerStatus {
    /** {@code runc create} is still running. */
    CREATING,
    /** Created: namespaces and init process exist, the user's program has not been started. */
    CREATED,
    RUNNING,
    /** Frozen by the cgroup freezer ({@code runc pause}). */
    PAUSED,
    /** The init process has exited; the runtime still has the container's state until {@code delete}. */
    STOPPED;

    @JsonCreator
    public static ContainerStatus parse(String status) {
        try {
            return valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown container status from the runtime: " + status, e);
        }
    }
}

package dev.berth.runtime;

import java.time.Instant;
import java.util.Map;

/**
 * What the OCI runtime knows about a container ({@code runc state}).
 *
 * @param id the container id
 * @param status created, running, paused, stopped
 * @param pid the init process on the host, 0 once stopped
 * @param bundle the bundle directory
 * @param created when the runtime created it
 * @param annotations the spec's annotations
 */
public record ContainerState(String id, ContainerStatus status, long pid, String bundle, Instant created,
                             Map<String, String> annotations) {
    public ContainerState {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }
}

package dev.berth.compose.plan;

import dev.berth.api.ContainerSummary;

/**
 * One step of a plan, each a single Engine API call (or, for the waits, the inspections of one), with
 * why it is needed. Only the fields its type uses are set.
 *
 * @param resource  what it acts on: {@code network:default}, {@code volume:data}, {@code service:web:1}
 * @param cause     why: {@code not found}, {@code no existing container}, {@code config hash changed}...
 * @param service   the service (container operations)
 * @param number    the replica number (container operations)
 * @param name      the network, volume or container name it creates or renames to (the network it connects to or
 *                  disconnects from)
 * @param container the existing container it acts on
 * @param createdBy for operations on a container the plan creates: the node that creates it
 */
public record Operation(Type type, String resource, String cause, String service, int number, String name,
                        ContainerSummary container, PlanNode createdBy) {

    /** The kinds of operation. */
    public enum Type {
        CreateNetwork, RemoveNetwork, CreateVolume, RemoveVolume, CreateContainer, StartContainer, StopContainer,
        KillContainer, RemoveContainer, RenameContainer, WaitHealthy, WaitCompleted, RemoveImage, DisconnectNetwork,
        ConnectNetwork
    }

    /** The container this operation acts on: the id of an existing one, else null (see {@link #createdBy}). */
    public String containerId() {
        return container == null ? null : container.id();
    }
}

package dev.berth.engine.container;

import dev.berth.image.GcRoots;
import dev.berth.oci.Digest;
import java.util.Set;

/**
 * The layers containers stand on, for an {@link dev.berth.image.ImageStore} that has to exist before
 * the {@link ContainerService} does: hand this to the store, then {@link #bind} the service. Until
 * bound it answers from the container records on disk, so a garbage collection at start-up never
 * removes a container's layers.
 */
public final class ContainerGcRoots implements GcRoots {
    private final ContainerStore disk;
    private volatile GcRoots service;

    /** @param containersRoot {@code <data-root>/containers}, as in {@link ContainerServiceConfig#root()} */
    public ContainerGcRoots(java.nio.file.Path containersRoot) {
        this.disk = new ContainerStore(containersRoot);
    }

    public void bind(ContainerService containers) {
        this.service = containers;
    }

    @Override
    public Set<Digest> chainIds() {
        GcRoots s = service;
        if (s != null) return s.chainIds();
        java.util.Set<Digest> ids = new java.util.HashSet<>();
        for (Container c : disk.loadAll(new java.util.ArrayList<>(), new java.util.ArrayList<>())) {
            if (c.rootfs() != null && c.rootfs().chainId() != null) ids.add(c.rootfs().chainId());
        }
        return Set.copyOf(ids);
    }
}

package dev.berth.engine.container;

import java.util.List;

/** {@code docker container prune}: the removed containers' ids and the bytes their own layers took. */
public record PruneReport(List<String> deleted, long spaceReclaimed) {
    public PruneReport {
        deleted = List.copyOf(deleted);
    }
}

package dev.berth.image;

import java.util.List;

/** What an image prune removed, and how many bytes that freed (Docker's {@code SpaceReclaimed}). */
public record PruneResult(List<ImageRemoval> removed, long spaceReclaimed) {
    public PruneResult {
        removed = List.copyOf(removed);
    }
}

package dev.berth.image;

import dev.berth.oci.Digest;
import dev.berth.oci.ImageRef;
import java.util.List;

/** What {@code docker load} loaded: each image with the tags the archive gave it, in archive order. */
public record LoadResult(List<Loaded> images) {
    public LoadResult {
        images = List.copyOf(images);
    }

    public List<Digest> ids() {
        return images.stream().map(Loaded::id).toList();
    }

    public List<ImageRef> tags() {
        return images.stream().flatMap(i -> i.tags().stream()).toList();
    }

    /** One loaded image and the tags now pointing at it. */
    public record Loaded(Digest id, List<ImageRef> tags) {
        public Loaded {
            tags = List.copyOf(tags);
        }
    }
}

package dev.berth.image;

import dev.berth.oci.Digest;
import dev.berth.oci.ImageRef;

/** One line of what {@code docker rmi} or an image prune did, as Docker reports it. */
public sealed interface ImageRemoval {

    /** A name was removed: Docker's {@code {"Untagged": "busybox:latest"}}. */
    record Untagged(ImageRef ref) implements ImageRemoval {
        @Override
        public String toString() {
            return "Untagged: " + ref.familiar();
        }
    }

    /** An image or a layer (by chain id) was removed: Docker's {@code {"Deleted": "sha256:..."}}. */
    record Deleted(Digest id) implements ImageRemoval {
        @Override
        public String toString() {
            return "Deleted: " + id;
        }
    }
}

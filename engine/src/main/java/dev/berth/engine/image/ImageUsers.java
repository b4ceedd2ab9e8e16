package dev.berth.engine.image;

import dev.berth.oci.Digest;
import java.util.List;

/** Who uses an image: the container subsystem answers, so image removal can refuse as Docker does. */
public interface ImageUsers {
    ImageUsers NONE = new ImageUsers() {
        @Override public List<String> runningContainers(Digest imageId) { return List.of(); }
        @Override public List<String> stoppedContainers(Digest imageId) { return List.of(); }
    };

    /** Ids of running containers created from the image. */
    List<String> runningContainers(Digest imageId);

    /** Ids of containers that are not running but still reference the image. */
    List<String> stoppedContainers(Digest imageId);
}

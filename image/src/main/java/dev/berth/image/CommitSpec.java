package dev.berth.image;

import dev.berth.oci.ContainerConfig;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageRef;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A new image made of a parent image plus one layer: what {@code docker commit} (and later a build
 * step) hands to {@link ImageStore#commit}.
 *
 * @param parent the image the layer goes on; empty for an image of just this layer
 * @param layer writes the layer as an uncompressed tar (OCI whiteouts); one with no entries adds no layer
 * @param config the new image's run configuration
 * @param containerConfig the configuration of the container it was made from (Docker's {@code container_config})
 * @param containerId the container it was made from, or "" ({@code container})
 * @param comment the config's and the history step's {@code comment}
 * @param author the config's and the history step's {@code author}
 * @param createdBy the history step's {@code created_by}
 * @param tag the name to give the image, if any
 * @param engineVersion written to {@code docker_version}
 * @param created the creation time
 */
public record CommitSpec(Optional<Digest> parent, LayerSource layer, ContainerConfig config,
                         ContainerConfig containerConfig, String containerId, String comment, String author,
                         String createdBy, Optional<ImageRef> tag, String engineVersion, Instant created) {
    public CommitSpec {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(created, "created");
    }

    /** Writes a layer tar; the stream is the store's and must not be closed. */
    @FunctionalInterface
    public interface LayerSource {
        void writeTo(OutputStream out) throws IOException;
    }
}

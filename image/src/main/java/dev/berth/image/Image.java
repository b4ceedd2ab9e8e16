package dev.berth.image;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An image as the store knows it: an immutable snapshot, re-read from the store after any change.
 *
 * @param id the sha256 of the config bytes (Docker's image id)
 * @param configBlob the config in the content store ({@code digest} equals {@code id})
 * @param config the parsed config (run defaults, architecture, history...)
 * @param layers bottom first, one per {@code rootfs.diff_ids} entry
 * @param repoTags tagged names pointing here, full form ({@link ImageRef#familiar()} to show them)
 * @param repoDigests {@code name@sha256:...} names pointing here (set by pulls)
 * @param parent the image this one was built on, when the store knows it (local builds, commits)
 * @param lastTagTime when a name was last pointed at this image
 */
public record Image(Digest id, Descriptor configBlob, ImageConfig config, List<ImageLayer> layers,
                    List<ImageRef> repoTags, List<ImageRef> repoDigests, Optional<Digest> parent,
                    Optional<Instant> lastTagTime) {
    public Image {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(configBlob, "configBlob");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(lastTagTime, "lastTagTime");
    }

    /** The image's creation time from its config, if it has a valid one. */
    public Optional<Instant> created() {
        return Timestamps.parse(config.created());
    }

    /** Bytes the image takes: the sum of its layers' sizes (Docker's {@code Size}). */
    public long size() {
        return layers.stream().mapToLong(ImageLayer::size).sum();
    }

    /** The chain id of the top layer: what a container's root file system is built on. Empty for a layerless image. */
    public Optional<Digest> topLayer() {
        return layers.isEmpty() ? Optional.empty() : Optional.of(layers.getLast().chainId());
    }

    /** Untagged: Docker's {@code <none>:<none>} and the {@code dangling=true} filter. */
    public boolean dangling() {
        return repoTags.isEmpty();
    }

    /** Tags as users write them, e.g. {@code busybox:latest}. */
    public List<String> familiarTags() {
        return repoTags.stream().map(ImageRef::familiar).toList();
    }

    /** Digested names as users write them, e.g. {@code busybox@sha256:...}. */
    public List<String> familiarDigests() {
        return repoDigests.stream().map(ImageRef::familiar).toList();
    }
}

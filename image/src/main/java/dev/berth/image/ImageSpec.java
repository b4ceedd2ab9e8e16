package dev.berth.image;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An image to add from blobs already in the content store: what a pull, a build step or a
 * {@code docker commit} has once it has written its blobs (inside {@link ImageStore#withLease}).
 *
 * @param config the config blob; its digest becomes the image id
 * @param layers the layer blobs, bottom first, one per {@code rootfs.diff_ids} entry; media type
 *               says plain tar, gzip or zstd
 * @param parent the image this one was built on, for {@code docker history}
 * @param names tags, and {@code name@sha256:...} repo digests for pulls
 */
public record ImageSpec(Descriptor config, List<Descriptor> layers, Optional<Digest> parent, List<ImageRef> names) {
    public ImageSpec {
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        Objects.requireNonNull(parent, "parent");
        names = List.copyOf(names);
    }
}

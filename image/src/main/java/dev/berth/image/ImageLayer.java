package dev.berth.image;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import java.util.Objects;

/**
 * One layer of an image, seen from all three stores that hold a piece of it.
 *
 * @param diffId digest of the uncompressed layer tar (the config's {@code rootfs.diff_ids} entry)
 * @param chainId the layer's id in the {@link dev.berth.snapshot.LayerStore} (diff ids of it and all below it)
 * @param blob the layer blob in the content store: media type tells plain, gzip or zstd; size is the blob's
 * @param tarSize bytes of the uncompressed tar, or {@code -1} if not known yet
 * @param size bytes the unpacked layer takes, as the layer store reports it (Docker's layer size)
 */
public record ImageLayer(Digest diffId, Digest chainId, Descriptor blob, long tarSize, long size) {
    public ImageLayer {
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(blob, "blob");
    }
}

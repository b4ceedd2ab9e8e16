package dev.berth.snapshot;

import dev.berth.oci.Digest;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One unpacked layer of a {@link LayerStore}: the layer's diff on top of its parent chain.
 *
 * @param chainId identity of the layer together with everything below it ({@link LayerStore#chainId})
 * @param diffId  sha256 of the layer's uncompressed tar
 * @param parent  chain id of the layer below, empty for a base layer
 * @param size    bytes of regular file content in this layer alone (hard-linked files once)
 * @param diffDir the unpacked diff, ready to be an overlayfs lower dir; never write into it
 */
public record Layer(Digest chainId, Digest diffId, Optional<Digest> parent, long size, Path diffDir) {
    public Layer {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(diffDir, "diffDir");
        if (size < 0) throw new IllegalArgumentException("negative layer size " + size);
    }
}

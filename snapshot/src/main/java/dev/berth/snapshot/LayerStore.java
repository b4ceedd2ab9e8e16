package dev.berth.snapshot;

import dev.berth.oci.Digest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Image layers unpacked once per chain id and shared by every image that has the same chain:
 * the read-only bottom of container file systems. A layer is registered whole or not at all.
 * Which layers are still in use is the caller's business (the image store): the store only
 * refuses to remove a layer that another layer stands on.
 */
public interface LayerStore {

    /**
     * Unpacks an uncompressed layer tar on top of {@code parent} and returns the new layer. The tar
     * is read to its end and must hash to {@code diffId}, else {@code InvalidArgument} and nothing
     * stays. If the chain id exists already, nothing is read and the existing layer is returned
     * (callers check {@link #get} first to skip fetching the blob). Concurrent registers of one chain
     * id are safe: one unpacks, the others get its layer.
     *
     * @throws dev.berth.common.EngineException.NotFound        if {@code parent} is not in the store
     * @throws dev.berth.common.EngineException.InvalidArgument if the tar is malformed, hostile or has another digest
     */
    Layer register(Optional<Digest> parent, Digest diffId, InputStream uncompressedTar);

    Optional<Layer> get(Digest chainId);

    /** All layers, ordered by chain id. */
    List<Layer> list();

    /**
     * Removes a layer (the caller decided that no image or container uses it). A missing layer is
     * fine.
     *
     * @throws dev.berth.common.EngineException.FailedPrecondition if another layer has it as parent
     */
    void remove(Digest chainId);

    /** Deletes what interrupted registers and removes left behind. Call once at daemon start, before any register. */
    void recover();

    /**
     * The OCI chain id: the diff id for a base layer, else {@code sha256(parentChainId + " " + diffId)}
     * with both written as {@code sha256:<hex>}.
     */
    static Digest chainId(Optional<Digest> parent, Digest diffId) {
        return parent.map(p -> Digest.of((p + " " + diffId).getBytes(StandardCharsets.US_ASCII))).orElse(diffId);
    }
}

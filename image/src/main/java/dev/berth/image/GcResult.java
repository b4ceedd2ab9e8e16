package dev.berth.image;

import dev.berth.oci.Digest;
import java.util.List;

/**
 * What a garbage collection removed.
 *
 * @param layers chain ids removed from the layer store, top layers first
 * @param blobs digests removed from the content store
 * @param bytesReclaimed layer sizes plus blob sizes removed
 */
public record GcResult(List<Digest> layers, List<Digest> blobs, long bytesReclaimed) {
    public GcResult {
        layers = List.copyOf(layers);
        blobs = List.copyOf(blobs);
    }

    public static GcResult nothing() {
        return new GcResult(List.of(), List.of(), 0);
    }
}

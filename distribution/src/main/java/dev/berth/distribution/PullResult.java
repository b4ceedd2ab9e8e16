package dev.berth.distribution;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import java.util.List;
import java.util.Set;

/**
 * What a pull put in the content store: the chosen manifest's config and layers, ready for the
 * image store.
 *
 * @param digest the digest of what the reference names (the index for a multi-platform image):
 *               Docker's repo digest
 * @param manifestDigest the digest of the platform's manifest
 * @param config the config blob (stored)
 * @param layers the layer blobs (stored), bottom first
 * @param downloaded the layers fetched now; the others were in the content store already
 */
public record PullResult(Digest digest, Digest manifestDigest, Descriptor config, List<Descriptor> layers,
                         Set<Digest> downloaded) {
    public PullResult {
        layers = List.copyOf(layers);
        downloaded = Set.copyOf(downloaded);
    }
}

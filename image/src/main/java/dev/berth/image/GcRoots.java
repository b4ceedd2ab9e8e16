package dev.berth.image;

import dev.berth.oci.Digest;
import java.util.Set;

/**
 * What outside the image store keeps layers and blobs alive, e.g. containers (their root file
 * systems sit on an image's top layer) or a build in progress. {@link ImageStore#gc()} keeps these
 * and everything below them.
 */
public interface GcRoots {

    /** Chain ids in use; their parent layers are kept too. */
    Set<Digest> chainIds();

    /** Content store blobs in use. */
    default Set<Digest> blobs() {
        return Set.of();
    }

    static GcRoots none() {
        return Set::of;
    }
}

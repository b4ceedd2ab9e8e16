package dev.berth.distribution;

import dev.berth.oci.Descriptor;
import dev.berth.oci.ImageRef;
import java.util.List;
import java.util.Objects;

/**
 * An image to push from the content store.
 *
 * @param target where to, with the tag to set
 * @param config the config blob
 * @param layers the layer blobs, bottom first
 * @param layerIds what progress calls each layer (Docker: the short diff id), one per layer
 * @param mountFrom repositories of the same registry that may have the blobs (cross-repository mount is tried from them)
 */
public record PushRequest(ImageRef target, Descriptor config, List<Descriptor> layers, List<String> layerIds,
                          List<String> mountFrom) {
    public PushRequest {
        Objects.requireNonNull(target, "target");
        if (target.tag() == null) throw new IllegalArgumentException("a push needs a tag");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        layerIds = List.copyOf(layerIds);
        if (layerIds.size() != layers.size()) throw new IllegalArgumentException("one progress id per layer");
        mountFrom = List.copyOf(mountFrom);
    }
}

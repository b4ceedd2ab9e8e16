package dev.berth.image;

import dev.berth.common.EngineException;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageRef;
import dev.berth.oci.OciJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An image found in an archive (or made by an import), checked but not stored yet: its config
 * bytes are in the content store, its layer blobs too, and nothing points at them.
 *
 * @param configBlob the config blob; its digest is the image id
 * @param config the parsed config
 * @param layers bottom first, matching {@code config.rootfs.diff_ids}
 * @param tags names to give the image once it is stored
 * @param parent the image it was built on, if known
 */
record ImageCandidate(Descriptor configBlob, ImageConfig config, List<Layer> layers, List<ImageRef> tags,
                      Optional<Digest> parent) {
    ImageCandidate {
        layers = List.copyOf(layers);
        tags = List.copyOf(tags);
    }

    ImageCandidate(Descriptor configBlob, ImageConfig config, List<Layer> layers, List<ImageRef> tags) {
        this(configBlob, config, layers, tags, Optional.empty());
    }

    Digest id() {
        return configBlob.digest();
    }

    ImageCandidate withMoreTags(List<ImageRef> more) {
        List<ImageRef> all = new ArrayList<>(tags);
        for (ImageRef r : more) if (!all.contains(r)) all.add(r);
        return new ImageCandidate(configBlob, config, layers, all, parent);
    }

    /** A layer blob in the content store and the diff id its uncompressed tar must have. */
    record Layer(Descriptor blob, Digest diffId) {}

    /**
     * Parses and checks an image config as {@code docker load} does.
     *
     * @param what names the config in error messages
     */
    static ImageConfig parseConfig(byte[] bytes, String what) {
        ImageConfig config = OciJson.read(bytes, ImageConfig.class, what);
        if (config == null) throw new EngineException.InvalidArgument("invalid " + what + ": it is null");
        if (config.rootfs() == null) {
            throw new EngineException.InvalidArgument("invalid " + what + ": it has no rootfs section");
        }
        if (config.rootfs().type() != null && !config.rootfs().type().equals("layers")) {
            throw new EngineException.InvalidArgument("invalid " + what + ": rootfs type is " + config.rootfs().type()
                    + ", want layers");
        }
        if (config.os() != null && !config.os().isEmpty() && !config.os().equals("linux")) {
            throw new EngineException.InvalidArgument("cannot load " + config.os() + " image on linux");
        }
        return config;
    }

    /** Checks that a config lists exactly as many layers as the archive provides. */
    static void checkLayerCount(ImageConfig config, int layers, String what) {
        int diffIds = config.diffIds().size();
        if (diffIds != layers) {
            throw new EngineException.InvalidArgument("invalid " + what + ": layers length mismatch: the config lists "
                    + diffIds + " diff ids but the archive has " + layers + " layers");
        }
    }
}

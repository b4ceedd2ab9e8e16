package dev.berth.image;

import dev.berth.common.EngineException;
import dev.berth.content.Provider;
import dev.berth.oci.Digest;
import dev.berth.snapshot.Layer;
import dev.berth.snapshot.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Turns an image's layer blobs into layers of the {@link LayerStore}, bottom first, each on top of
 * the one below. A chain that exists already is reused without reading its blob. The layer store
 * checks that each uncompressed tar hashes to its diff id, so a lying archive fails here, before
 * any image record or name is written.
 */
final class LayerUnpacker {
    private final Provider content;
    private final LayerStore layers;

    LayerUnpacker(Provider content, LayerStore layers) {
        this.content = content;
        this.layers = layers;
    }

    /**
     * @param knownTarSize the uncompressed size of a diff id if some stored image knows it, else -1
     */
    List<ImageLayer> unpack(List<ImageCandidate.Layer> blobs, ToLongFunction<Digest> knownTarSize) {
        List<ImageLayer> out = new ArrayList<>();
        Optional<Digest> parent = Optional.empty();
        for (ImageCandidate.Layer l : blobs) {
            Digest chainId = LayerStore.chainId(parent, l.diffId());
            Compression compression = Compression.ofLayerMediaType(l.blob().mediaType());
            Optional<Layer> existing = layers.get(chainId);
            ImageLayer layer;
            if (existing.isPresent()) {
                long tarSize = compression == Compression.NONE ? l.blob().size() : knownTarSize.applyAsLong(l.diffId());
                layer = new ImageLayer(l.diffId(), chainId, l.blob(), tarSize, existing.get().size());
            } else {
                layer = register(parent, l, compression);
            }
            out.add(layer);
            parent = Optional.of(chainId);
        }
        return out;
    }

    private ImageLayer register(Optional<Digest> parent, ImageCandidate.Layer l, Compression compression) {
        try (InputStream raw = content.open(l.blob());
             InputStream tar = compression.decompress(raw)) {
            CountingInputStream counting = new CountingInputStream(tar, false);
            Layer layer = layers.register(parent, l.diffId(), counting);
            counting.drain(); // the layer store verified the digest; what follows the tar still counts for its size
            if (!layer.diffId().equals(l.diffId())) {
                throw new EngineException.InvalidArgument("layer " + l.blob().digest() + " unpacked as " + layer.diffId()
                        + ", but the image config says " + l.diffId());
            }
            return new ImageLayer(l.diffId(), layer.chainId(), l.blob(), counting.count(), layer.size());
        } catch (EngineException.InvalidArgument e) {
            throw new EngineException.InvalidArgument("invalid layer " + l.blob().digest() + " (diff id " + l.diffId()
                    + "): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new EngineException.InvalidArgument("cannot decompress layer " + l.blob().digest() + " ("
                    + l.blob().mediaType() + "): " + e.getMessage(), e);
        }
    }

    /** Counts the uncompressed bytes of a layer blob (for blobs whose tar size nobody recorded). */
    static long tarSize(Provider content, ImageLayer layer) {
        Compression compression = Compression.ofLayerMediaType(layer.blob().mediaType());
        if (compression == Compression.NONE) return layer.blob().size();
        try (InputStream raw = content.open(layer.blob()); InputStream tar = compression.decompress(raw)) {
            CountingInputStream counting = new CountingInputStream(tar, false);
            counting.drain();
            return counting.count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read layer blob " + layer.blob().digest() + ": " + e.getMessage(), e);
        }
    }
}

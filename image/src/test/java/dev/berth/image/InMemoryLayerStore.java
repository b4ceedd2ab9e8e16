package dev.berth.image;

import dev.berth.common.EngineException;
import dev.berth.oci.Digest;
import dev.berth.snapshot.Layer;
import dev.berth.snapshot.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A {@link LayerStore} fake with the real one's contract: the stream must be a tar whose sha256 is
 * the diff id, or nothing is registered; an existing chain is returned as is; a layer with
 * children cannot be removed; removing a missing layer is fine. Size is the sum of the tar's file sizes.
 */
final class InMemoryLayerStore implements LayerStore {
    final Map<Digest, Layer> layers = new ConcurrentHashMap<>();
    final AtomicInteger registrations = new AtomicInteger();
    final AtomicInteger recoveries = new AtomicInteger();

    @Override
    public Layer register(Optional<Digest> parent, Digest diffId, InputStream uncompressedTar) {
        if (parent.isPresent() && !layers.containsKey(parent.get())) {
            throw new EngineException.NotFound("parent layer " + parent.get() + " does not exist");
        }
        Digest chainId = LayerStore.chainId(parent, diffId);
        Layer existing = layers.get(chainId);
        if (existing != null) return existing;
        MessageDigest sha = Digest.sha256();
        long size = 0;
        try (DigestInputStream in = new DigestInputStream(uncompressedTar, sha)) {
            TarArchiveInputStream tar = new TarArchiveInputStream(in);
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isFile()) size += e.getSize();
            }
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new EngineException.InvalidArgument("layer is not a valid tar: " + e.getMessage(), e);
        }
        Digest actual = Digest.of(sha);
        if (!actual.equals(diffId)) {
            throw new EngineException.InvalidArgument("layer content does not match its diff id: got " + actual + ", expected " + diffId);
        }
        registrations.incrementAndGet();
        Layer layer = new Layer(chainId, diffId, parent, size, Path.of("/nonexistent", chainId.hex()));
        Layer raced = layers.putIfAbsent(chainId, layer);
        return raced != null ? raced : layer;
    }

    @Override
    public Optional<Layer> get(Digest chainId) {
        return Optional.ofNullable(layers.get(chainId));
    }

    @Override
    public List<Layer> list() {
        return new ArrayList<>(layers.values());
    }

    @Override
    public void remove(Digest chainId) {
        for (Layer l : layers.values()) {
            if (l.parent().equals(Optional.of(chainId))) {
                throw new EngineException.FailedPrecondition("layer " + chainId + " has children");
            }
        }
        layers.remove(chainId); // a missing layer is fine, as in the real store
    }

    @Override
    public void recover() {
        recoveries.incrementAndGet();
    }
}

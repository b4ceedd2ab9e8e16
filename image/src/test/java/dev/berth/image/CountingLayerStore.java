package dev.berth.image;

import dev.berth.oci.Digest;
import dev.berth.snapshot.Layer;
import dev.berth.snapshot.LayerStore;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a layer store, counts registrations and can die at the n-th one, as a killed daemon would. */
final class CountingLayerStore implements LayerStore {
    private final LayerStore delegate;
    private final int dieAt;
    final AtomicInteger registrations = new AtomicInteger();

    /** @param dieAt the registration that throws (1-based), or 0 never to */
    CountingLayerStore(LayerStore delegate, int dieAt) {
        this.delegate = delegate;
        this.dieAt = dieAt;
    }

    @Override
    public Layer register(Optional<Digest> parent, Digest diffId, InputStream uncompressedTar) {
        if (registrations.incrementAndGet() == dieAt) throw new IllegalStateException("killed");
        return delegate.register(parent, diffId, uncompressedTar);
    }

    @Override
    public Optional<Layer> get(Digest chainId) {
        return delegate.get(chainId);
    }

    @Override
    public List<Layer> list() {
        return delegate.list();
    }

    @Override
    public void remove(Digest chainId) {
        delegate.remove(chainId);
    }

    @Override
    public void recover() {
        delegate.recover();
    }
}

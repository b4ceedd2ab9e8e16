package dev.berth.image;

import dev.berth.snapshot.LayerStore;
import dev.berth.snapshot.overlay.OverlayLayerStore;
import java.nio.file.Path;

/** {@link ImageStoreTest} against the real layer store (layers unpacked on disk). */
class OverlayImageStoreTest extends ImageStoreTest {
    @Override
    LayerStore newLayerStore(Path dir) {
        return new OverlayLayerStore(dir);
    }

    @Override
    LayerStore reopenLayerStore(Path dir, LayerStore before) {
        return new OverlayLayerStore(dir);
    }
}

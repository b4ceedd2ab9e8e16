package dev.berth.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.EngineException;
import dev.berth.snapshot.LayerStore;
import dev.berth.snapshot.overlay.OverlayLayerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LoadSaveTest} against the real layer store: hostile layers meet the real unpacker. */
class OverlayLoadSaveTest extends LoadSaveTest {
    @Override
    LayerStore newLayerStore(Path dir) {
        return new OverlayLayerStore(dir);
    }

    @Override
    LayerStore reopenLayerStore(Path dir, LayerStore before) {
        return new OverlayLayerStore(dir);
    }

    @Test
    void layerWithPathTraversalIsRejectedAndNothingStays() {
        Image victim = importImage("victim", "victim:1");
        byte[] hostileLayer = new TarBuilder().file("ok", "fine").file("../../../../escaped-by-layer", "gotcha").build();
        HandMadeArchives.Archive archive = HandMadeArchives.docker2010("victim:1",
                List.of(HandMadeArchives.layers("good", 1).getFirst(), hostileLayer), false);
        assertThrows(EngineException.InvalidArgument.class, () -> load(archive.archive()));
        assertEquals(List.of(victim.id()), images.list().stream().map(Image::id).toList());
        assertEquals(victim.id(), images.resolve("victim:1").id());
        assertFalse(Files.exists(root.resolve("escaped-by-layer")));
        assertFalse(Files.exists(root.getParent().resolve("escaped-by-layer")));
        images.gc();
        assertNoGarbage();
        assertTrue(progress.isEmpty());
    }
}

package dev.berth.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.content.ContentStore;
import dev.berth.content.Info;
import dev.berth.content.local.LocalContentStore;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageRef;
import dev.berth.snapshot.Layer;
import dev.berth.snapshot.LayerStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A content store, a layer store and an image store on a temporary directory, reopenable as after a crash. */
abstract class StoreFixture {
    @TempDir
    Path root;
    ContentStore content;
    LayerStore layers;
    ImageStore images;
    final List<String> progress = new ArrayList<>();

    @BeforeEach
    void openStores() {
        content = new LocalContentStore(root.resolve("content"));
        layers = newLayerStore(root.resolve("layers"));
        images = new ImageStore(root.resolve("image"), content, layers);
    }

    /** The layer store the tests run against; subclasses switch to the real one. */
    LayerStore newLayerStore(Path dir) {
        return new InMemoryLayerStore();
    }

    /** The layer store after a restart: the fake keeps its state in memory, a real one reads its directory. */
    LayerStore reopenLayerStore(Path dir, LayerStore before) {
        return before;
    }

    /** New stores on the same files, as a restarted daemon gets them. */
    void reopen() {
        content = new LocalContentStore(root.resolve("content"));
        layers = reopenLayerStore(root.resolve("layers"), layers);
        images = new ImageStore(root.resolve("image"), content, layers);
    }

    Image importImage(String seed, String tag) {
        ImportOptions opts = ImportOptions.defaults().withCreated(Instant.parse("2024-05-06T07:08:09.123456789Z"))
                .withMessage("Imported from " + seed);
        if (tag != null) opts = opts.withTag(ImageRef.parse(tag));
        return images.importRootfs(new ByteArrayInputStream(TarBuilder.rootfs(seed)), opts);
    }

    byte[] save(String... names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        images.save(List.of(names), out);
        return out.toByteArray();
    }

    LoadResult load(byte[] archive) {
        return images.load(new ByteArrayInputStream(archive), progress::add);
    }

    Set<Digest> blobs() {
        return content.list().stream().map(Info::digest).collect(Collectors.toCollection(TreeSet::new));
    }

    Set<Digest> layerIds() {
        return layers.list().stream().map(Layer::chainId).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Exactly the blobs and layers the stored images use: nothing orphaned, nothing missing. */
    void assertNoGarbage() {
        Set<Digest> usedBlobs = new TreeSet<>();
        Set<Digest> usedLayers = new TreeSet<>();
        for (Image i : images.list()) {
            usedBlobs.add(i.configBlob().digest());
            for (ImageLayer l : i.layers()) {
                usedBlobs.add(l.blob().digest());
                usedLayers.add(l.chainId());
            }
        }
        assertEquals(usedBlobs, blobs(), "blobs");
        assertEquals(usedLayers, layerIds(), "layers");
    }
}

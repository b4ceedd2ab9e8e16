package dev.berth.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.EngineException;
import dev.berth.oci.ContainerConfig;
import dev.berth.oci.Descriptor.Platform;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageRef;
import dev.berth.oci.MediaTypes;
import dev.berth.snapshot.LayerStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ImageStoreTest extends StoreFixture {

    @Test
    void importCreatesAOneLayerImageWithDockerLikeConfig() {
        byte[] rootfs = TarBuilder.rootfs("a");
        ImportOptions opts = ImportOptions.defaults()
                .withConfig(ContainerConfig.empty().withCmd(List.of("/bin/sh")).withEnv(List.of("A=1")))
                .withCreated(Instant.parse("2024-01-02T03:04:05.5Z"))
                .withPlatform(new Platform("arm64", "linux", null, "v8"))
                .withTag(ImageRef.parse("imp:1"));
        Image image = images.importRootfs(new ByteArrayInputStream(TarBuilder.gzip(rootfs)), opts);

        Digest diffId = Digest.of(rootfs);
        assertEquals(Digest.of(images.configBytes(image.id())), image.id(), "image id is the config's sha256");
        assertEquals(List.of(diffId), image.config().diffIds());
        assertEquals(1, image.layers().size());
        ImageLayer layer = image.layers().getFirst();
        assertEquals(diffId, layer.diffId());
        assertEquals(diffId, layer.blob().digest(), "imported layers are stored uncompressed");
        assertEquals(MediaTypes.OCI_LAYER, layer.blob().mediaType());
        assertEquals(rootfs.length, layer.tarSize());
        assertEquals(LayerStore.chainId(Optional.empty(), diffId), layer.chainId());
        assertEquals(layer.size(), image.size());
        assertEquals("arm64", image.config().architecture());
        assertEquals("v8", image.config().variant());
        assertEquals("linux", image.config().os());
        assertEquals("2024-01-02T03:04:05.5Z", image.config().created());
        assertEquals(Optional.of(Instant.parse("2024-01-02T03:04:05.5Z")), image.created());
        assertEquals(ImportOptions.DEFAULT_MESSAGE, image.config().comment());
        assertEquals(ImportOptions.DEFAULT_ENGINE_VERSION, image.config().dockerVersion());
        assertEquals(List.of("/bin/sh"), image.config().config().cmd());
        assertEquals(1, image.config().history().size());
        assertEquals(ImportOptions.DEFAULT_MESSAGE, image.config().history().getFirst().comment());
        assertEquals(List.of("imp:1"), image.familiarTags());
        assertEquals(List.of(ImageRef.parse("docker.io/library/imp:1")), image.repoTags());
        assertTrue(image.lastTagTime().isPresent());
        assertNoGarbage();
    }

    @Test
    void commitAddsALayerAndAHistoryStepOnTheParent() {
        Image parent = importImage("p", "base:1");
        byte[] layer = new TarBuilder().dir("data").file("data/new.txt", "committed\n").build();
        ContainerConfig cfg = ContainerConfig.empty().withCmd(List.of("cat", "/data/new.txt"));
        Instant when = Instant.parse("2025-01-02T03:04:05Z");
        Image child = images.commit(new CommitSpec(Optional.of(parent.id()), out -> out.write(layer), cfg,
                ContainerConfig.empty(), "c0ffee", "a message", "me", "sh -c make", Optional.of(ImageRef.parse("child:v1")),
                "test-1", when));

        assertEquals(List.of(parent.layers().getFirst().diffId(), Digest.of(layer)), child.config().diffIds());
        assertEquals(Optional.of(parent.id()), child.parent());
        assertEquals(List.of("cat", "/data/new.txt"), child.config().config().cmd());
        assertEquals("me", child.config().author());
        assertEquals("a message", child.config().comment());
        assertEquals("c0ffee", child.config().container());
        assertEquals(parent.config().architecture(), child.config().architecture());
        ImageConfig.History step = child.config().history().getLast();
        assertEquals(new ImageConfig.History("2025-01-02T03:04:05Z", "sh -c make", "me", "a message", null), step);
        assertEquals(child.id(), images.resolve("child:v1").id());
        List<HistoryEntry> history = images.history(child.id());
        assertEquals("a message", history.getFirst().comment());
        assertEquals(parent.id(), history.get(1).imageId().orElseThrow());
        assertNoGarbage();

        Image empty = images.commit(new CommitSpec(Optional.of(child.id()), out -> out.write(new byte[1024]), cfg,
                null, "", "", "", "", Optional.empty(), "test-1", when));
        assertEquals(child.config().diffIds(), empty.config().diffIds(), "an empty diff adds no layer");
        assertTrue(empty.config().history().getLast().isEmptyLayer());
        assertTrue(empty.dangling());
        assertNoGarbage();
    }

    @Test
    void importAcceptsEveryCompression() {
        byte[] rootfs = TarBuilder.rootfs("z");
        Digest diffId = Digest.of(rootfs);
        List<Function<byte[], byte[]>> encodings = List.of(b -> b, TarBuilder::gzip, TarBuilder::bzip2, TarBuilder::xz,
                TarBuilder::zstd);
        for (Function<byte[], byte[]> encode : encodings) {
            Image image = images.importRootfs(new ByteArrayInputStream(encode.apply(rootfs)), ImportOptions.defaults());
            assertEquals(List.of(diffId), image.config().diffIds());
        }
    }

    @Test
    void importOfSomethingElseThanATarFails() {
        byte[] garbage = "this is not a tar file at all, just text that goes on".repeat(40).getBytes();
        assertThrows(EngineException.InvalidArgument.class,
                () -> images.importRootfs(new ByteArrayInputStream(garbage), ImportOptions.defaults()));
        assertTrue(images.list().isEmpty());
        images.gc();
        assertTrue(blobs().isEmpty());
    }

    @Test
    void resolveByEveryForm() {
        Image image = importImage("r", "docker.io/library/busybox:1.36");
        images.tag(image.id(), ImageRef.parse("localhost:5000/team/app"));
        String hex = image.id().hex();
        for (String form : List.of("busybox:1.36", "library/busybox:1.36", "docker.io/library/busybox:1.36",
                "index.docker.io/library/busybox:1.36", "localhost:5000/team/app", "localhost:5000/team/app:latest",
                "sha256:" + hex, hex, hex.substring(0, 12), hex.substring(0, 1), "sha256:" + hex.substring(0, 5))) {
            assertEquals(image.id(), images.resolve(form).id(), form);
        }
        var e = assertThrows(EngineException.NotFound.class, () -> images.resolve("busybox"));
        assertEquals("No such image: busybox", e.getMessage());
        assertThrows(EngineException.NotFound.class, () -> images.resolve("busybox:1.37"));
        assertThrows(EngineException.NotFound.class, () -> images.resolve("sha256:" + "0".repeat(64)));
        assertThrows(EngineException.InvalidArgument.class, () -> images.resolve("Busybox:UPPER"));
    }

    @Test
    void resolveByRepoDigest() {
        Image image = importImage("d", null);
        Digest manifest = Digest.of("manifest".getBytes());
        images.tag(image.id(), ImageRef.parseNamed("registry.example/app@" + manifest));
        assertEquals(image.id(), images.resolve("registry.example/app@" + manifest).id());
        assertEquals(image.id(), images.resolve("registry.example/app:whatever@" + manifest).id());
        Image stored = images.get(image.id()).orElseThrow();
        assertEquals(List.of("registry.example/app@" + manifest), stored.familiarDigests());
        assertTrue(stored.dangling(), "a repo digest is not a tag");
        assertThrows(EngineException.InvalidArgument.class,
                () -> images.tag(image.id(), ImageRef.parseNamed("app:1@" + manifest)));
    }

    @Test
    void ambiguousShortIdIsAnError() {
        Map<Character, Digest> byFirstDigit = new HashMap<>();
        Character shared = null;
        for (int i = 0; shared == null; i++) {
            Image image = importImage("amb" + i, null);
            char first = image.id().hex().charAt(0);
            if (byFirstDigit.putIfAbsent(first, image.id()) != null) shared = first;
        }
        String prefix = String.valueOf(shared);
        var e = assertThrows(EngineException.InvalidArgument.class, () -> images.resolve(prefix));
        assertTrue(e.getMessage().contains("ambiguous"), e.getMessage());
    }

    @Test
    void tagMovesAndUntagRemoves() {
        Image a = importImage("a", "app:1");
        Image b = importImage("b", null);
        images.tag(b.id(), ImageRef.parse("app:1"));
        assertEquals(b.id(), images.resolve("app:1").id());
        assertTrue(images.get(a.id()).orElseThrow().dangling());
        assertEquals(List.of("app:1"), images.get(b.id()).orElseThrow().familiarTags());

        images.tag(b.id(), ImageRef.parseNamed("app"));
        assertEquals(b.id(), images.resolve("app").id(), "a name without tag is :latest");
        assertTrue(images.untag(ImageRef.parse("app:1")));
        assertFalse(images.untag(ImageRef.parse("app:1")));
        assertThrows(EngineException.NotFound.class, () -> images.resolve("app:1"));
        assertEquals(List.of("app:latest"), images.get(b.id()).orElseThrow().familiarTags());
        assertThrows(EngineException.NotFound.class, () -> images.tag(Digest.of(new byte[1]), ImageRef.parse("x")));

        reopen();
        assertEquals(b.id(), images.resolve("app:latest").id(), "names survive a restart");
        assertTrue(images.get(a.id()).orElseThrow().dangling());
    }

    @Test
    void fullLifecycleLeavesNothingBehind() {
        Image image = importImage("life", "life:1");
        images.tag(image.id(), ImageRef.parse("life:2"));
        assertEquals(1, images.list().size());
        assertEquals(image.id(), images.resolve("life:2").id());

        List<ImageRemoval> report = images.delete(image.id());
        assertEquals(List.of(new ImageRemoval.Untagged(ImageRef.parse("life:1")),
                new ImageRemoval.Untagged(ImageRef.parse("life:2")),
                new ImageRemoval.Deleted(image.id()),
                new ImageRemoval.Deleted(image.layers().getFirst().chainId())), report);
        assertEquals("Untagged: life:1", report.getFirst().toString());
        assertTrue(images.list().isEmpty());
        assertThrows(EngineException.NotFound.class, () -> images.resolve("life:1"));
        assertThrows(EngineException.NotFound.class, () -> images.delete(image.id()));
        assertTrue(blobs().isEmpty(), "blobs left: " + blobs());
        assertTrue(layerIds().isEmpty());
        assertEquals(GcResult.nothing(), images.gc());
    }

    @Test
    void deleteKeepsWhatOtherImagesShare() {
        // the same rootfs under two configs: one layer, two images
        Image a = images.importRootfs(new ByteArrayInputStream(TarBuilder.rootfs("s")),
                ImportOptions.defaults().withMessage("one"));
        Image b = images.importRootfs(new ByteArrayInputStream(TarBuilder.rootfs("s")),
                ImportOptions.defaults().withMessage("two"));
        assertEquals(a.layers(), b.layers());
        List<ImageRemoval> report = images.delete(a.id());
        assertEquals(List.of(new ImageRemoval.Deleted(a.id())), report);
        assertEquals(Set.of(a.layers().getFirst().chainId()), layerIds());
        assertNoGarbage();
    }

    @Test
    void gcKeepsExtraRootsAndTheirParents() throws IOException {
        byte[] archive = HandMadeArchives.docker2010("roots:1", 3).archive();
        load(archive);
        Image image = images.resolve("roots:1");
        Digest top = image.topLayer().orElseThrow();
        images = new ImageStore(root.resolve("image"), content, layers, () -> Set.of(top));
        images.delete(image.id());
        assertEquals(3, layerIds().size(), "a container's layer keeps its chain");
        assertTrue(blobs().isEmpty(), "blobs are not kept by layer roots");
        images = new ImageStore(root.resolve("image"), content, layers);
        GcResult gc = images.gc();
        assertEquals(3, gc.layers().size());
        assertEquals(top, gc.layers().getFirst(), "top layer goes first");
        assertTrue(layerIds().isEmpty());
    }

    @Test
    void historyFollowsDockerRules() {
        HandMadeArchives.Archive archive = HandMadeArchives.docker2010("hist:1", 2);
        load(archive.archive());
        Image image = images.resolve("hist:1");
        List<HistoryEntry> history = images.history(image.id());
        // config history: layer 1, an empty step (ENV), layer 2
        assertEquals(3, history.size());
        assertEquals(Optional.of(image.id()), history.get(0).imageId());
        assertEquals(List.of("hist:1"), history.get(0).tags());
        assertEquals("/bin/sh -c #(nop) ADD file:2", history.get(0).createdBy());
        assertEquals(image.layers().get(1).size(), history.get(0).size());
        assertEquals(HistoryEntry.MISSING, history.get(1).displayId());
        assertEquals(0, history.get(1).size());
        assertEquals(image.layers().get(0).size(), history.get(2).size());
        assertEquals(Optional.of(Instant.parse("2024-01-01T00:00:00Z")), history.get(2).created());
        assertTrue(history.get(2).tags().isEmpty());
    }

    @Test
    void pruneRemovesDanglingUnlessInUse() {
        Image tagged = importImage("t", "keep:1");
        Image dangling = importImage("d", null);
        Image used = importImage("u", null);
        PruneResult result = images.prune(false, i -> i.id().equals(used.id()));
        assertTrue(result.removed().contains(new ImageRemoval.Deleted(dangling.id())));
        assertTrue(result.spaceReclaimed() > 0);
        assertEquals(Set.of(tagged.id(), used.id()), Set.copyOf(images.list().stream().map(Image::id).toList()));

        PruneResult all = images.prune(true, i -> i.id().equals(used.id()));
        assertTrue(all.removed().contains(new ImageRemoval.Untagged(ImageRef.parse("keep:1"))));
        assertEquals(List.of(used.id()), images.list().stream().map(Image::id).toList());
        assertNoGarbage();
    }

    @Test
    void listIsNewestFirstAndDanglingIsUntagged() {
        Image old = images.importRootfs(new ByteArrayInputStream(TarBuilder.rootfs("o")),
                ImportOptions.defaults().withCreated(Instant.parse("2020-01-01T00:00:00Z")));
        Image recent = images.importRootfs(new ByteArrayInputStream(TarBuilder.rootfs("n")),
                ImportOptions.defaults().withCreated(Instant.parse("2025-01-01T00:00:00Z")).withTag(ImageRef.parse("n")));
        assertEquals(List.of(recent.id(), old.id()), images.list().stream().map(Image::id).toList());
        assertEquals(List.of(old.id()), images.dangling().stream().map(Image::id).toList());
    }

    @Test
    void recoverDropsImagesWhoseBlobsAreGoneAndTheirNames() throws IOException {
        Image broken = importImage("broken", "broken:1");
        Image fine = importImage("fine", "fine:1");
        content.delete(broken.id()); // damage: config blob lost
        Files.writeString(root.resolve("image/images/.x.json.tmp-1-1"), "half");
        Files.writeString(root.resolve("content/ingest/left-over"), "partial");

        reopen();
        assertFalse(images.get(broken.id()).isPresent(), "an image without config is not listed");
        List<String> warnings = images.recover();
        assertTrue(warnings.stream().anyMatch(w -> w.contains(broken.id().toString())), warnings.toString());
        assertThrows(EngineException.NotFound.class, () -> images.resolve("broken:1"));
        assertEquals(fine.id(), images.resolve("fine:1").id());
        assertFalse(Files.exists(root.resolve("image/images/" + broken.id().hex() + ".json")));
        assertFalse(Files.exists(root.resolve("image/images/.x.json.tmp-1-1")));
        assertFalse(Files.exists(root.resolve("content/ingest/left-over")));
        images.gc();
        assertNoGarbage();
        assertTrue(images.recover().isEmpty(), "a second recover finds nothing");
    }

    @Test
    void recoverUnpacksALostLayerAgainFromItsBlob() {
        Image image = importImage("lost", "lost:1");
        Digest chain = image.topLayer().orElseThrow();
        layers.remove(chain);
        reopen();
        List<String> warnings = images.recover();
        assertTrue(warnings.isEmpty(), warnings.toString());
        assertTrue(layers.get(chain).isPresent());
        assertEquals(image.id(), images.resolve("lost:1").id());
    }

    @Test
    void concurrentImportsAndGcNeverLoseContent() throws Exception {
        List<Future<Image>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (int i = 0; i < 24; i++) {
                int n = i;
                futures.add(pool.submit(() -> importImage("c" + (n % 8), "c:" + n)));
                if (i % 4 == 0) pool.submit(images::gc);
            }
            for (Future<Image> f : futures) f.get();
        }
        images.gc();
        assertEquals(24, images.list().stream().mapToInt(i -> i.repoTags().size()).sum());
        for (Image i : images.list()) {
            assertTrue(content.exists(i.id()));
            for (ImageLayer l : i.layers()) {
                assertTrue(content.exists(l.blob().digest()));
                assertTrue(layers.get(l.chainId()).isPresent());
            }
        }
        assertNoGarbage();
    }

    @Test
    void configBytesAreKeptVerbatim() {
        HandMadeArchives.Archive archive = HandMadeArchives.docker2010("verbatim:1", 1);
        load(archive.archive());
        Image image = images.resolve("verbatim:1");
        assertArrayEquals(archive.config(), images.configBytes(image.id()));
        assertEquals(Digest.of(archive.config()), image.id());
        ImageConfig parsed = image.config();
        assertEquals(List.of("sh"), parsed.config().cmd());
    }

    @Test
    void createFromBlobsWithParentAndRepoDigest() {
        Image base = importImage("base", "base:1");
        byte[] top = new TarBuilder().file("app/run", "echo hi").build();
        Digest topDiffId = Digest.of(top);
        ImageConfig baseConfig = base.config();
        ImageConfig childConfig = new ImageConfig("amd64", "linux", null, null, "2025-02-03T04:05:06Z", null, null,
                null, null, null, ContainerConfig.empty().withCmd(List.of("/app/run")), null,
                ImageConfig.RootFs.layers(List.of(baseConfig.diffIds().getFirst(), topDiffId)),
                List.of(baseConfig.history().getFirst(),
                        new ImageConfig.History("2025-02-03T04:05:06Z", "COPY run /app/", null, null, null)));
        Digest manifest = Digest.of("a manifest".getBytes());
        Image child = images.withLease(() -> {
            byte[] gz = TarBuilder.gzip(top);
            Digest topBlob = content.put(gz);
            byte[] configBytes = dev.berth.oci.OciJson.write(childConfig);
            Digest configDigest = content.put(configBytes);
            return images.create(new ImageSpec(
                    new dev.berth.oci.Descriptor(MediaTypes.OCI_CONFIG, configDigest, configBytes.length),
                    List.of(base.layers().getFirst().blob(),
                            new dev.berth.oci.Descriptor(MediaTypes.OCI_LAYER_GZIP, topBlob, gz.length)),
                    Optional.of(base.id()),
                    List.of(ImageRef.parse("child:1"), ImageRef.parseNamed("docker.io/library/child@" + manifest))));
        });
        assertEquals(child.id(), images.resolve("child:1").id());
        assertEquals(child.id(), images.resolve("child@" + manifest).id());
        assertEquals(Optional.of(base.id()), child.parent());
        assertEquals(base.layers().getFirst().chainId(), layers.get(child.topLayer().orElseThrow()).orElseThrow()
                .parent().orElseThrow());
        assertEquals(top.length, child.layers().get(1).tarSize());
        List<HistoryEntry> history = images.history(child.id());
        assertEquals(List.of(Optional.of(child.id()), Optional.of(base.id())),
                history.stream().map(HistoryEntry::imageId).toList(), "local parents have ids");
        assertEquals(List.of("base:1"), history.get(1).tags());
        assertThrows(EngineException.NotFound.class, () -> images.create(new ImageSpec(child.configBlob(),
                child.layers().stream().map(ImageLayer::blob).toList(), Optional.of(Digest.of(new byte[2])), List.of())));
        images.gc();
        assertNoGarbage();
    }
}

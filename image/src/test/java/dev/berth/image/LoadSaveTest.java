package dev.berth.image;

import static dev.berth.image.HandMadeArchives.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.EngineException;
import dev.berth.content.local.LocalContentStore;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageRef;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.OciJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

class LoadSaveTest extends StoreFixture {

    static Map<String, byte[]> untar(byte[] archive) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(archive))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                entries.put(e.getName(), e.isDirectory() ? null : tar.readAllBytes());
                assertEquals(0, e.getModTime().getTime(), "mtime of " + e.getName());
            }
        }
        return entries;
    }

    // ---- docker save → docker load ---------------------------------------------------------------

    @Test
    void saveThenLoadGivesTheSameIdsAndTags() throws IOException {
        Image a = importImage("a", "app:1");
        images.tag(a.id(), ImageRef.parse("app:2"));
        Image b = importImage("b", null);
        byte[] archive = save("app", b.id().hex().substring(0, 10));
        assertArrayEquals(archive, save("app", b.id().hex().substring(0, 10)), "save is deterministic");

        Path other = root.resolve("other");
        ImageStore fresh = new ImageStore(other.resolve("image"), new LocalContentStore(other.resolve("content")),
                newLayerStore(other.resolve("layers")));
        List<String> lines = new ArrayList<>();
        LoadResult result = fresh.load(new ByteArrayInputStream(archive), lines::add);
        assertEquals(List.of(a.id(), b.id()), result.ids());
        assertEquals(List.of(ImageRef.parse("app:1"), ImageRef.parse("app:2")), result.tags());
        assertEquals(List.of("Loaded image: app:1", "Loaded image: app:2", "Loaded image ID: " + b.id()), lines);
        assertEquals(a.id(), fresh.resolve("app:1").id());
        assertEquals(a.id(), fresh.resolve("app:2").id());
        assertTrue(fresh.get(b.id()).orElseThrow().dangling());
        assertEquals(a.layers(), fresh.get(a.id()).orElseThrow().layers());
        assertArrayEquals(images.configBytes(a.id()), fresh.configBytes(a.id()));
    }

    @Test
    void savedArchiveHasBothDockerAndOciLayouts() throws IOException {
        Image a = importImage("layout", "docker.io/library/busybox:latest");
        Map<String, byte[]> entries = untar(save("busybox:latest"));
        Digest diffId = a.layers().getFirst().diffId();
        List<String> names = new ArrayList<>(entries.keySet());
        assertEquals(names.stream().sorted().toList(), names, "lexical order");
        assertTrue(names.containsAll(List.of("blobs/", "blobs/sha256/", "blobs/sha256/" + a.id().hex(),
                "blobs/sha256/" + diffId.hex(), "index.json", "manifest.json", "oci-layout", "repositories")), names.toString());
        assertArrayEquals(images.configBytes(a.id()), entries.get("blobs/sha256/" + a.id().hex()));
        assertEquals(diffId, Digest.of(entries.get("blobs/sha256/" + diffId.hex())), "layer file digest is its diff id");

        JsonNode manifest = OciJson.mapper().readTree(entries.get("manifest.json"));
        assertEquals("blobs/sha256/" + a.id().hex(), manifest.get(0).get("Config").asText());
        assertEquals("busybox:latest", manifest.get(0).get("RepoTags").get(0).asText());
        assertEquals("blobs/sha256/" + diffId.hex(), manifest.get(0).get("Layers").get(0).asText());

        JsonNode repositories = OciJson.mapper().readTree(entries.get("repositories"));
        assertEquals(diffId.hex(), repositories.get("busybox").get("latest").asText());
        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", new String(entries.get("oci-layout")));

        JsonNode index = OciJson.mapper().readTree(entries.get("index.json"));
        JsonNode desc = index.get("manifests").get(0);
        assertEquals(MediaTypes.OCI_MANIFEST, desc.get("mediaType").asText());
        assertEquals("docker.io/library/busybox:latest", desc.get("annotations").get("io.containerd.image.name").asText());
        assertEquals("latest", desc.get("annotations").get("org.opencontainers.image.ref.name").asText());
        byte[] ociManifest = entries.get("blobs/sha256/" + Digest.parse(desc.get("digest").asText()).hex());
        assertEquals(desc.get("size").asLong(), ociManifest.length);
        JsonNode m = OciJson.mapper().readTree(ociManifest);
        assertEquals(a.id().toString(), m.get("config").get("digest").asText());
        assertEquals(diffId.toString(), m.get("layers").get(0).get("digest").asText());
        assertEquals(MediaTypes.OCI_LAYER, m.get("layers").get(0).get("mediaType").asText());
    }

    @Test
    void savedArchiveLoadsAsPureOciLayoutToo() throws IOException {
        Image a = importImage("pure", "pure:1");
        Map<String, byte[]> entries = untar(save("pure:1"));
        entries.remove("manifest.json");
        entries.remove("repositories");
        entries.remove("blobs/");
        entries.remove("blobs/sha256/");
        images.delete(a.id());
        LoadResult result = load(HandMadeArchives.tar(entries));
        assertEquals(List.of(a.id()), result.ids());
        assertEquals(a.id(), images.resolve("pure:1").id());
    }

    @Test
    void saveByIdHasNoTags() throws IOException {
        Image a = importImage("id", "named:1");
        Map<String, byte[]> entries = untar(save(a.id().toString()));
        JsonNode manifest = OciJson.mapper().readTree(entries.get("manifest.json"));
        assertTrue(manifest.get(0).get("RepoTags").isNull());
        assertNull(entries.get("repositories"));
        assertFalse(entries.containsKey("repositories"));
    }

    @Test
    void saveOfUnknownNameFails() {
        importImage("x", "x:1");
        var e = assertThrows(EngineException.NotFound.class, () -> save("x:1", "nope:1"));
        assertEquals("No such image: nope:1", e.getMessage());
    }

    @Test
    void gzipLayersAreSavedUncompressed() throws IOException {
        HandMadeArchives.Archive oci = HandMadeArchives.oci(Map.of("io.containerd.image.name", "docker.io/library/gz:1"),
                2, true, false);
        load(oci.archive());
        Image image = images.resolve("gz:1");
        assertEquals(oci.id(), image.id());
        assertEquals(MediaTypes.OCI_LAYER_GZIP, image.layers().getFirst().blob().mediaType());
        assertEquals(oci.layers().getFirst().length, image.layers().getFirst().tarSize());

        Map<String, byte[]> saved = untar(save("gz:1"));
        for (int i = 0; i < 2; i++) {
            Digest diffId = Digest.of(oci.layers().get(i));
            assertArrayEquals(oci.layers().get(i), saved.get("blobs/sha256/" + diffId.hex()));
        }
        images.delete(image.id());
        assertTrue(blobs().isEmpty());
        load(HandMadeArchives.tar(saved));
        assertEquals(oci.id(), images.resolve("gz:1").id());
    }

    // ---- hand-made archives in other tools' layouts ----------------------------------------------

    @Test
    void loadsDocker2010Archive() {
        HandMadeArchives.Archive archive = HandMadeArchives.docker2010("busybox:latest", 2);
        LoadResult result = load(archive.archive());
        assertEquals(List.of(archive.id()), result.ids());
        assertEquals(List.of("Loaded image: busybox:latest"), progress);
        Image image = images.resolve("busybox");
        assertEquals(archive.id(), image.id());
        assertEquals(2, image.layers().size());
        assertEquals(image.layers().get(0).chainId(), layers.get(image.layers().get(1).chainId()).orElseThrow()
                .parent().orElseThrow(), "layer 2 sits on layer 1");
        assertEquals(List.of("busybox:latest"), image.familiarTags());
        assertNoGarbageAfterGc();
    }

    @Test
    void loadsDocker2010ArchiveWithGzipLayers() {
        HandMadeArchives.Archive archive = HandMadeArchives.docker2010("gzipped:1", 3, true);
        load(archive.archive());
        Image image = images.resolve("gzipped:1");
        assertEquals(archive.id(), image.id());
        assertEquals(MediaTypes.OCI_LAYER_GZIP, image.layers().getFirst().blob().mediaType());
    }

    @Test
    void loadsDocker25ArchiveWithSymlinkedLegacyPaths() {
        HandMadeArchives.Archive base = HandMadeArchives.docker2010("linked:1", 2);
        // Docker 25 keeps layers in blobs/ and points the legacy paths at them with symlinks
        TarBuilder t = new TarBuilder().dir("blobs").dir("blobs/sha256");
        List<String> layerPaths = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String hex = Digest.of(base.layers().get(i)).hex();
            t.file("blobs/sha256/" + hex, base.layers().get(i));
            String v1 = Digest.of(utf8("legacy" + i)).hex();
            t.dir(v1).symlink(v1 + "/layer.tar", "../blobs/sha256/" + hex);
            layerPaths.add("\"" + v1 + "/layer.tar\"");
        }
        t.file("blobs/sha256/" + base.id().hex(), base.config());
        t.file("manifest.json", "[{\"Config\":\"blobs/sha256/" + base.id().hex() + "\",\"RepoTags\":[\"linked:1\"],"
                + "\"Layers\":[" + String.join(",", layerPaths) + "]}]");
        load(t.build());
        assertEquals(base.id(), images.resolve("linked:1").id());
    }

    @Test
    void loadsOciLayoutNamedByContainerdAnnotation() {
        HandMadeArchives.Archive oci = HandMadeArchives.oci(Map.of("io.containerd.image.name",
                "registry.example/team/app:v2", "org.opencontainers.image.ref.name", "v2"), 1, false, false);
        load(oci.archive());
        assertEquals(oci.id(), images.resolve("registry.example/team/app:v2").id());
        assertEquals(List.of("Loaded image: registry.example/team/app:v2"), progress);
    }

    @Test
    void loadsOciLayoutWithBareTagAsUnnamedImage() {
        HandMadeArchives.Archive oci = HandMadeArchives.oci(Map.of("org.opencontainers.image.ref.name", "latest"),
                1, false, false);
        LoadResult result = load(oci.archive());
        assertEquals(List.of(oci.id()), result.ids());
        assertTrue(result.tags().isEmpty());
        assertEquals(List.of("Loaded image ID: " + oci.id()), progress);
    }

    @Test
    void loadsOciLayoutWithFullRefNameAndMultiPlatformIndex() {
        HandMadeArchives.Archive oci = HandMadeArchives.oci(Map.of("org.opencontainers.image.ref.name", "multi:3"),
                2, true, true);
        load(oci.archive());
        assertEquals(oci.id(), images.resolve("multi:3").id());
        assertEquals(1, images.list().size(), "other platforms and attestations are skipped");
    }

    @Test
    void loadOfCompressedArchive() {
        HandMadeArchives.Archive archive = HandMadeArchives.docker2010("compressed:1", 1);
        load(TarBuilder.gzip(archive.archive()));
        assertEquals(archive.id(), images.resolve("compressed:1").id());
    }

    @Test
    void loadMovesATagAndSaysSo() {
        Image old = importImage("old", "moving:1");
        HandMadeArchives.Archive archive = HandMadeArchives.docker2010("moving:1", 1);
        load(archive.archive());
        assertEquals(archive.id(), images.resolve("moving:1").id());
        assertTrue(images.get(old.id()).orElseThrow().dangling());
        assertEquals(List.of("The image moving:1 already exists, renaming the old one with ID " + old.id()
                + " to empty string", "Loaded image: moving:1"), progress);
    }

    @Test
    void loadingTheSameArchiveTwiceIsHarmless() {
        HandMadeArchives.Archive archive = HandMadeArchives.docker2010("twice:1", 2);
        CountingLayerStore counting = new CountingLayerStore(layers, 0);
        images = new ImageStore(root.resolve("image"), content, counting);
        load(archive.archive());
        assertEquals(2, counting.registrations.get());
        load(archive.archive());
        assertEquals(2, counting.registrations.get(), "layers are reused");
        assertEquals(1, images.list().size());
        assertNoGarbageAfterGc();
    }

    // ---- hostile and broken archives -------------------------------------------------------------

    /** A store with one good image named victim:1 whose name hostile archives try to take over. */
    private Image victim() {
        return importImage("victim", "victim:1");
    }

    private void assertRejected(byte[] archive, String messagePart) {
        Image victim = images.resolve("victim:1");
        Set<Digest> blobsBefore = blobs();
        Set<Digest> layersBefore = layerIds();
        var e = assertThrows(EngineException.InvalidArgument.class, () -> load(archive));
        assertTrue(e.getMessage().contains(messagePart), "message: " + e.getMessage());
        assertEquals(List.of(victim.id()), images.list().stream().map(Image::id).toList(), "no new image");
        assertEquals(victim.id(), images.resolve("victim:1").id(), "no tag moved");
        assertTrue(progress.isEmpty(), "nothing reported as loaded: " + progress);
        images.gc();
        assertEquals(blobsBefore, blobs(), "gc leaves no orphan blob");
        assertEquals(layersBefore, layerIds(), "gc leaves no orphan layer");
        reopen();
        assertEquals(List.of(victim.id()), images.list().stream().map(Image::id).toList());
    }

    private HandMadeArchives.Archive victimTagArchive() {
        return HandMadeArchives.docker2010("victim:1", 2);
    }

    @Test
    void rejectsEntryNamesWithDotDot() {
        victim();
        Map<String, byte[]> entries = victimTagArchive().copyOfEntries();
        entries.put("../../etc/evil", utf8("x"));
        assertRejected(HandMadeArchives.tar(entries), "leaves the archive");
    }

    @Test
    void rejectsAbsoluteEntryNames() {
        victim();
        Map<String, byte[]> entries = victimTagArchive().copyOfEntries();
        entries.put("/etc/passwd", utf8("root::0:0::/:/bin/sh"));
        byte[] archive = HandMadeArchives.tar(entries);
        assertRejected(archive, "absolute path");
    }

    @Test
    void rejectsSymlinksOutOfTheArchive() {
        victim();
        HandMadeArchives.Archive a = victimTagArchive();
        TarBuilder t = new TarBuilder();
        a.entries().forEach((name, bytes) -> {
            if (!name.endsWith("layer.tar")) t.file(name, bytes); else t.symlink(name, "../../../../etc/shadow");
        });
        assertRejected(t.build(), "leaves the archive");
    }

    @Test
    void rejectsManifestPathsOutOfTheArchive() {
        victim();
        HandMadeArchives.Archive a = victimTagArchive();
        Map<String, byte[]> entries = a.copyOfEntries();
        String manifest = new String(entries.get("manifest.json"));
        entries.put("manifest.json", utf8(manifest.replaceFirst("\"Layers\":\\[\"", "\"Layers\":[\"../")));
        assertRejected(HandMadeArchives.tar(entries), "leaves the archive");
    }

    @Test
    void rejectsLayerThatDoesNotMatchItsDiffId() {
        victim();
        Map<String, byte[]> entries = victimTagArchive().copyOfEntries();
        String second = entries.keySet().stream().filter(n -> n.endsWith("layer.tar")).toList().get(1);
        entries.put(second, new TarBuilder().file("evil", "replaced").build());
        assertRejected(HandMadeArchives.tar(entries), "does not match the image config");
    }

    @Test
    void rejectsGzipLayerThatDoesNotMatchItsDiffId() {
        victim();
        Map<String, byte[]> entries = HandMadeArchives.docker2010("victim:1", 2, true).copyOfEntries();
        String second = entries.keySet().stream().filter(n -> n.endsWith("layer.tar")).toList().get(1);
        entries.put(second, TarBuilder.gzip(new TarBuilder().file("evil", "replaced").build()));
        assertRejected(HandMadeArchives.tar(entries), "does not match its diff id");
    }

    @Test
    void rejectsBlobWhoseContentDoesNotMatchItsName() {
        victim();
        HandMadeArchives.Archive oci = HandMadeArchives.oci(Map.of("io.containerd.image.name", "victim:1"), 1, true, false);
        Map<String, byte[]> entries = oci.copyOfEntries();
        String layerBlob = entries.keySet().stream()
                .filter(n -> n.startsWith("blobs/") && !n.endsWith(oci.id().hex()) && entries.get(n)[0] == 0x1f)
                .findFirst().orElseThrow();
        entries.put(layerBlob, TarBuilder.gzip(utf8("tampered")));
        assertRejected(HandMadeArchives.tar(entries), "does not match its digest");
    }

    @Test
    void rejectsMissingLayer() {
        victim();
        Map<String, byte[]> entries = victimTagArchive().copyOfEntries();
        String second = entries.keySet().stream().filter(n -> n.endsWith("layer.tar")).toList().get(1);
        entries.remove(second);
        assertRejected(HandMadeArchives.tar(entries), "is missing from the archive");
    }

    @Test
    void rejectsMissingOciBlob() {
        victim();
        HandMadeArchives.Archive oci = HandMadeArchives.oci(Map.of("io.containerd.image.name", "victim:1"), 2, true, false);
        Map<String, byte[]> entries = oci.copyOfEntries();
        String layerBlob = entries.keySet().stream()
                .filter(n -> n.startsWith("blobs/") && entries.get(n)[0] == 0x1f).findFirst().orElseThrow();
        entries.remove(layerBlob);
        assertRejected(HandMadeArchives.tar(entries), "is missing from the archive");
    }

    @Test
    void rejectsLayerCountMismatch() {
        victim();
        Map<String, byte[]> entries = victimTagArchive().copyOfEntries();
        String manifest = new String(entries.get("manifest.json"));
        entries.put("manifest.json", utf8(manifest.replaceFirst(",\"[a-f0-9]{64}/layer.tar\"\\]", "]")));
        assertRejected(HandMadeArchives.tar(entries), "layers length mismatch");
    }

    @Test
    void rejectsBadJson() {
        victim();
        Map<String, byte[]> entries = victimTagArchive().copyOfEntries();
        entries.put("manifest.json", utf8("[{\"Config\": "));
        assertRejected(HandMadeArchives.tar(entries), "invalid manifest.json");
        entries.put("manifest.json", utf8("null"));
        assertRejected(HandMadeArchives.tar(entries), "manifest cannot be null");
        entries.put("manifest.json", utf8("{\"Config\":\"x\"}"));
        assertRejected(HandMadeArchives.tar(entries), "invalid manifest.json");
    }

    @Test
    void rejectsBadConfig() {
        victim();
        HandMadeArchives.Archive a = victimTagArchive();
        Map<String, byte[]> entries = a.copyOfEntries();
        String configName = a.id().hex() + ".json";
        byte[] noRootfs = utf8("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
        entries.remove(configName);
        entries.put(Digest.of(noRootfs).hex() + ".json", noRootfs);
        entries.put("manifest.json", utf8(new String(entries.get("manifest.json")).replace(configName,
                Digest.of(noRootfs).hex() + ".json")));
        assertRejected(HandMadeArchives.tar(entries), "no rootfs");
    }

    @Test
    void rejectsBadTag() {
        victim();
        Map<String, byte[]> entries = victimTagArchive().copyOfEntries();
        entries.put("manifest.json", utf8(new String(entries.get("manifest.json")).replace("victim:1", "UPPER:case")));
        assertRejected(HandMadeArchives.tar(entries), "invalid tag");
    }

    @Test
    void rejectsOverLargeJson() {
        victim();
        Map<String, byte[]> entries = victimTagArchive().copyOfEntries();
        byte[] huge = new byte[OciJson.MAX_DOCUMENT_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) ' ');
        entries.put("manifest.json", huge);
        assertRejected(HandMadeArchives.tar(entries), "larger than");
    }

    @Test
    void rejectsOverLargeConfig() {
        victim();
        HandMadeArchives.Archive a = victimTagArchive();
        Map<String, byte[]> entries = a.copyOfEntries();
        byte[] huge = new byte[OciJson.MAX_DOCUMENT_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) ' ');
        entries.put(a.id().hex() + ".json", huge);
        assertRejected(HandMadeArchives.tar(entries), "too large");
    }

    @Test
    void rejectsTruncatedArchive() {
        victim();
        byte[] archive = victimTagArchive().archive();
        for (int cut : new int[] {archive.length / 2 + 100, 700, 5}) {
            progress.clear();
            assertRejected(java.util.Arrays.copyOf(archive, cut), cut == 5 ? "" : "invalid archive");
        }
    }

    @Test
    void rejectsArchivesThatAreNoImageArchives() {
        victim();
        assertRejected(new TarBuilder().file("readme.txt", "hello").build(), "neither manifest.json");
        assertRejected(new byte[0], "empty");
        assertRejected(utf8("just some text, not a tar at all ".repeat(30)), "invalid archive");
    }

    @Test
    void rejectsWindowsImages() {
        victim();
        HandMadeArchives.Archive a = victimTagArchive();
        Map<String, byte[]> entries = a.copyOfEntries();
        String configName = a.id().hex() + ".json";
        byte[] windows = utf8(new String(a.config()).replace("\"os\":\"linux\"", "\"os\":\"windows\""));
        entries.remove(configName);
        entries.put(Digest.of(windows).hex() + ".json", windows);
        entries.put("manifest.json", utf8(new String(entries.get("manifest.json")).replace(configName,
                Digest.of(windows).hex() + ".json")));
        assertRejected(HandMadeArchives.tar(entries), "cannot load windows image");
    }

    // ---- crashes ---------------------------------------------------------------------------------

    /** Delivers {@code limit} bytes of an archive, then fails as a dropped connection or a killed client does. */
    private static InputStream failingAfter(byte[] data, int limit) {
        return new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= limit) throw new IOException("connection reset by peer");
                int n = Math.min(len, Math.min(limit, data.length) - pos);
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    @Test
    void interruptedLoadLeavesNoPartialImage() throws IOException {
        Image victim = victim();
        HandMadeArchives.Archive a = HandMadeArchives.docker2010("victim:1", 3);
        byte[] archive = a.archive();
        for (int cut : new int[] {archive.length / 3, archive.length * 2 / 3, archive.length - 1024}) {
            var e = assertThrows(EngineException.InvalidArgument.class,
                    () -> images.load(failingAfter(archive, cut), progress::add));
            assertTrue(e.getMessage().contains("connection reset"), e.getMessage());
            // the daemon "restarts"
            reopen();
            images.recover();
            assertEquals(List.of(victim.id()), images.list().stream().map(Image::id).toList());
            assertEquals(victim.id(), images.resolve("victim:1").id());
            try (Stream<Path> ingest = Files.list(root.resolve("content/ingest"))) {
                assertEquals(0, ingest.count(), "no ingest left");
            }
            images.gc();
            assertNoGarbage();
        }
        load(archive);
        assertEquals(a.id(), images.resolve("victim:1").id(), "the whole archive still loads afterwards");
    }

    @Test
    void crashBetweenLayersAndRecordLeavesOnlyGarbage() {
        Image victim = victim();
        HandMadeArchives.Archive a = HandMadeArchives.docker2010("victim:1", 3);
        // a daemon killed while unpacking the third layer: two are registered, the image is not
        images = new ImageStore(root.resolve("image"), content, new CountingLayerStore(layers, 3));
        assertThrows(IllegalStateException.class, () -> load(a.archive()));
        reopen();
        assertTrue(images.recover().isEmpty());
        assertEquals(3, layerIds().size(), "victim's layer and two orphans");
        assertEquals(victim.id(), images.resolve("victim:1").id());
        GcResult gc = images.gc();
        assertEquals(2, gc.layers().size());
        assertNotEquals(0, gc.blobs().size());
        assertNoGarbage();
    }

    @Test
    void crashAfterRecordBeforeTagsLeavesADanglingImage() throws IOException {
        HandMadeArchives.Archive a = HandMadeArchives.docker2010("late:1", 1);
        load(a.archive());
        // simulate the crash window: the record is on disk, the names file is the old one
        Files.delete(root.resolve("image/repositories.json"));
        reopen();
        assertTrue(images.recover().isEmpty());
        assertTrue(images.get(a.id()).orElseThrow().dangling());
        assertNoGarbageAfterGc();
    }

    private void assertNoGarbageAfterGc() {
        images.gc();
        assertNoGarbage();
    }
}

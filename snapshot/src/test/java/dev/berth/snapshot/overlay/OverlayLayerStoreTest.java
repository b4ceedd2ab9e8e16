package dev.berth.snapshot.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.EngineException;
import dev.berth.oci.Digest;
import dev.berth.snapshot.Layer;
import dev.berth.snapshot.LayerStore;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlayLayerStoreTest {
    @TempDir Path tmp;

    private OverlayLayerStore store() {
        return new OverlayLayerStore(tmp.resolve("layers"));
    }

    @Test
    void chainIdIsTheOciChainId() {
        Digest base = Digest.of("base".getBytes(StandardCharsets.UTF_8));
        Digest top = Digest.of("top".getBytes(StandardCharsets.UTF_8));
        assertEquals(base, LayerStore.chainId(Optional.empty(), base));
        assertEquals(Digest.of(("sha256:" + base.hex() + " sha256:" + top.hex()).getBytes(StandardCharsets.US_ASCII)),
                LayerStore.chainId(Optional.of(base), top));
    }

    @Test
    void registersAndReadsBackLayersWithTheirParents() throws IOException {
        OverlayLayerStore store = store();
        byte[] base = Layers.tar(tmp, Map.of("etc/hostname", "box\n", "bin/", ""));
        byte[] top = Layers.tar(tmp, Map.of("etc/motd", "hi\n", ".wh.bin", ""));
        Layer l0 = store.register(Optional.empty(), Layers.diffId(base), new ByteArrayInputStream(base));
        Layer l1 = store.register(Optional.of(l0.chainId()), Layers.diffId(top), new ByteArrayInputStream(top));

        assertEquals(Layers.diffId(base), l0.chainId());
        assertEquals(LayerStore.chainId(Optional.of(l0.chainId()), Layers.diffId(top)), l1.chainId());
        assertEquals(Optional.of(l0.chainId()), l1.parent());
        assertEquals(4, l0.size()); // "box\n"
        assertEquals(3, l1.size());
        assertEquals("box\n", Files.readString(l0.diffDir().resolve("etc/hostname")));
        assertEquals(0020000, (Integer) Files.getAttribute(l1.diffDir().resolve("bin"), "unix:mode",
                java.nio.file.LinkOption.NOFOLLOW_LINKS) & 0170000, "the whiteout is an overlayfs character device");
        assertEquals(tmp.resolve("layers").resolve(l1.chainId().hex()).resolve("diff"), l1.diffDir());

        OverlayLayerStore reopened = store();
        assertEquals(Optional.of(l1), reopened.get(l1.chainId()));
        assertEquals(List.of(l0, l1).stream().sorted((a, b) -> a.chainId().compareTo(b.chainId())).toList(), reopened.list());
        String json = Files.readString(tmp.resolve("layers").resolve(l1.chainId().hex()).resolve("layer.json"));
        assertTrue(json.contains("\"diffId\":\"" + Layers.diffId(top) + "\""), json);
        assertTrue(json.contains("\"parent\":\"" + l0.chainId() + "\""), json);
        assertEquals(List.of(), scratch());
    }

    @Test
    void anExistingChainIsReturnedWithoutReadingTheStream() throws IOException {
        OverlayLayerStore store = store();
        byte[] tar = Layers.tar(tmp, Map.of("f", "x"));
        Layer first = store.register(Optional.empty(), Layers.diffId(tar), new ByteArrayInputStream(tar));
        InputStream untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the stream of an existing layer must not be read");
            }
        };
        assertEquals(first, store.register(Optional.empty(), Layers.diffId(tar), untouchable));
    }

    @Test
    void aWrongDigestOrABadTarLeavesNothing() throws IOException {
        OverlayLayerStore store = store();
        byte[] tar = Layers.tar(tmp, Map.of("f", "x"));
        Digest wrong = Digest.of("other".getBytes(StandardCharsets.UTF_8));
        EngineException e = assertThrows(EngineException.InvalidArgument.class,
                () -> store.register(Optional.empty(), wrong, new ByteArrayInputStream(tar)));
        assertTrue(e.getMessage().contains("does not match its diff id: expected " + wrong), e.getMessage());
        assertTrue(e.getMessage().contains("hash to " + Layers.diffId(tar)), e.getMessage());

        byte[] hostile = Layers.tar(tmp, Map.of("x", "y"));
        byte[] evil = hostile.clone();
        System.arraycopy("../evil\0".getBytes(StandardCharsets.US_ASCII), 0, evil, 0, 8);
        fixChecksum(evil);
        EngineException h = assertThrows(EngineException.InvalidArgument.class,
                () -> store.register(Optional.empty(), Layers.diffId(evil), new ByteArrayInputStream(evil)));
        assertTrue(h.getMessage().contains("'../evil'"), h.getMessage());

        assertEquals(List.of(), store.list());
        assertEquals(List.of(), scratch());
    }

    @Test
    void aMissingParentIsNotFound() throws IOException {
        byte[] tar = Layers.tar(tmp, Map.of("f", "x"));
        Digest ghost = Digest.of("ghost".getBytes(StandardCharsets.UTF_8));
        EngineException e = assertThrows(EngineException.NotFound.class,
                () -> store().register(Optional.of(ghost), Layers.diffId(tar), new ByteArrayInputStream(tar)));
        assertTrue(e.getMessage().contains("parent layer " + ghost), e.getMessage());
    }

    @Test
    void concurrentRegistersOfOneChainAllGetTheSameLayer() throws Exception {
        byte[] tar = Layers.tar(tmp, Map.of("a/b/c", "x".repeat(100_000), "d", "y"));
        Digest diffId = Layers.diffId(tar);
        // two store objects on one root stand for two processes: they share no lock, only the rename
        List<OverlayLayerStore> stores = List.of(store(), store());
        List<Future<Layer>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 16; i++) {
                OverlayLayerStore s = stores.get(i % 2);
                results.add(pool.submit(() -> s.register(Optional.empty(), diffId, new ByteArrayInputStream(tar))));
            }
        }
        for (Future<Layer> f : results) assertEquals(results.getFirst().get(), f.get());
        assertEquals(1, store().list().size());
        assertEquals(List.of(), scratch());
    }

    @Test
    void removeRefusesALayerOthersStandOnAndIgnoresMissingOnes() throws IOException {
        OverlayLayerStore store = store();
        byte[] base = Layers.tar(tmp, Map.of("f", "x"));
        byte[] top = Layers.tar(tmp, Map.of("g", "y"));
        Layer l0 = store.register(Optional.empty(), Layers.diffId(base), new ByteArrayInputStream(base));
        Layer l1 = store.register(Optional.of(l0.chainId()), Layers.diffId(top), new ByteArrayInputStream(top));
        EngineException e = assertThrows(EngineException.FailedPrecondition.class, () -> store.remove(l0.chainId()));
        assertTrue(e.getMessage().contains(l1.chainId() + " is built on it"), e.getMessage());
        store.remove(l1.chainId());
        store.remove(l0.chainId());
        store.remove(l0.chainId());
        assertEquals(List.of(), store.list());
        assertFalse(Files.exists(l0.diffDir()));
        assertEquals(List.of(), scratch());
    }

    @Test
    void damagedMetadataIsReportedWithWhatToDo() throws IOException {
        OverlayLayerStore store = store();
        byte[] tar = Layers.tar(tmp, Map.of("f", "x"));
        Layer l = store.register(Optional.empty(), Layers.diffId(tar), new ByteArrayInputStream(tar));
        Files.writeString(l.diffDir().resolveSibling("layer.json"), "{\"diffId\": 12");
        EngineException e = assertThrows(EngineException.DataCorruption.class, () -> store.get(l.chainId()));
        assertTrue(e.getMessage().contains("remove " + l.diffDir().getParent()), e.getMessage());
    }

    @Test
    void chainGivesDiffDirsTopFirstAndMountOptions() throws IOException {
        OverlayLayerStore store = store();
        Optional<Digest> parent = Optional.empty();
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] tar = Layers.tar(tmp, Map.of("f" + i, "x"));
            Layer l = store.register(parent, Layers.diffId(tar), new ByteArrayInputStream(tar));
            layers.add(l);
            parent = Optional.of(l.chainId());
        }
        OverlayChain chain = store.chain(layers.get(2).chainId());
        assertEquals(List.of(layers.get(2).diffDir(), layers.get(1).diffDir(), layers.get(0).diffDir()), chain.lowerDirs());
        assertEquals("lowerdir=" + layers.get(2).diffDir() + ":" + layers.get(1).diffDir() + ":" + layers.get(0).diffDir()
                + ",upperdir=/u,workdir=/w,index=off,redirect_dir=off,metacopy=off",
                chain.mountData(Path.of("/u"), Path.of("/w")));
        assertThrows(EngineException.NotFound.class,
                () -> store.chain(Digest.of("none".getBytes(StandardCharsets.UTF_8))));

        List<Path> deep = new ArrayList<>();
        for (int i = 0; i < 60; i++) deep.add(Path.of("/var/lib/berth/layers/" + "0".repeat(64) + "/diff"));
        EngineException tooLong = assertThrows(EngineException.FailedPrecondition.class,
                () -> new OverlayChain(deep).mountData(Path.of("/u"), Path.of("/w")));
        assertTrue(tooLong.getMessage().contains("60 layers"), tooLong.getMessage());
    }

    @Test
    void killDashNineWhileUnpackingLeavesOnlyScratchThatRecoverDeletes() throws Exception {
        Path root = tmp.resolve("layers");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), RegisterUntilKilled.class.getName(), root.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("unpacking", out.readLine(), "the child should be in the middle of the unpack");
            child.destroyForcibly(); // SIGKILL: no finally blocks, no shutdown hooks
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue());

        OverlayLayerStore store = new OverlayLayerStore(root);
        assertEquals(List.of(), store.list(), "no half layer is visible");
        assertEquals(1, scratch().size(), "the interrupted unpack is in tmp/");
        store.recover();
        assertEquals(List.of(), scratch());

        byte[] tar = RegisterUntilKilled.bigFileTar();
        Layer l = store.register(Optional.empty(), Digest.of(tar), new ByteArrayInputStream(tar));
        assertEquals(16 << 20, Files.size(l.diffDir().resolve("big")));
    }

    private List<Path> scratch() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("layers").resolve("tmp"))) {
            return s.toList();
        }
    }

    private static void fixChecksum(byte[] tar) {
        java.util.Arrays.fill(tar, 148, 156, (byte) ' ');
        int sum = 0;
        for (int i = 0; i < 512; i++) sum += tar[i] & 0xff;
        byte[] field = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(field, 0, tar, 148, 8);
    }
}

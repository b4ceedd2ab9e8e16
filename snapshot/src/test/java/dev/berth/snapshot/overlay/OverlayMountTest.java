package dev.berth.snapshot.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.archive.LayerWriter;
import dev.berth.common.linux.ErrnoException;
import dev.berth.common.linux.Libc;
import dev.berth.snapshot.Layer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Root integration test: two stacked layers from the store, mounted with overlayfs under a fresh
 * upper dir, show the merged view a container would see; the upper dir then diffs back into a layer.
 * Needs root and overlayfs, and fails (does not skip) without them.
 */
class OverlayMountTest {
    @TempDir Path tmp;

    @BeforeAll
    static void requireRoot() throws IOException {
        assertEquals(0, Files.getAttribute(Path.of("/proc/self"), "unix:uid"), "OverlayMountTest needs root");
        assertTrue(Files.readString(Path.of("/proc/filesystems")).contains("overlay"), "the kernel has no overlayfs");
    }

    @Test
    void mergedViewHidesWhiteoutsAndOpaqueDirectoriesAndTheUpperDirDiffsBack() throws IOException {
        OverlayLayerStore store = new OverlayLayerStore(tmp.resolve("layers"));
        byte[] base = Layers.tar(tmp, Map.of(
                "a/file1", "1", "b.txt", "gone soon", "c/old1", "o", "c/old2", "o", "d/keep", "k"));
        byte[] top = Layers.tar(tmp, Map.of(
                ".wh.b.txt", "", "c/.wh..wh..opq", "", "c/new", "n", "a/file2", "2"));
        Layer l0 = store.register(Optional.empty(), Layers.diffId(base), new ByteArrayInputStream(base));
        Layer l1 = store.register(Optional.of(l0.chainId()), Layers.diffId(top), new ByteArrayInputStream(top));

        Path upper = Files.createDirectories(tmp.resolve("ctr/upper"));
        Path work = Files.createDirectories(tmp.resolve("ctr/work"));
        Path merged = Files.createDirectories(tmp.resolve("ctr/merged"));
        Libc.mount("overlay", merged, "overlay", 0, store.chain(l1.chainId()).mountData(upper, work));
        try {
            assertEquals(List.of("a", "c", "d"), list(merged), "b.txt is whited out");
            assertEquals(List.of("file1", "file2"), list(merged.resolve("a")), "a merges both layers");
            assertEquals(List.of("new"), list(merged.resolve("c")), "c is opaque: the lower c/old* are hidden");
            assertEquals("k", Files.readString(merged.resolve("d/keep")));

            Files.delete(merged.resolve("d/keep"));
            Files.writeString(merged.resolve("a/file1"), "changed");
            Files.writeString(merged.resolve("added"), "+");
            assertEquals("1", Files.readString(l0.diffDir().resolve("a/file1")), "layers are never written");
        } finally {
            unmount(merged);
        }
        assertTrue(list(merged).isEmpty(), "unmounted");

        ByteArrayOutputStream diff = new ByteArrayOutputStream();
        LayerWriter.forOverlayUpper().write(upper, diff);
        Path unpacked = Files.createDirectory(tmp.resolve("diff-check"));
        dev.berth.archive.LayerUnpacker.flattening().unpack(new ByteArrayInputStream(diff.toByteArray()), unpacked);
        // flattening applied the diff's own whiteout (d/keep) to an empty tree: nothing of it is left
        assertEquals("changed", Files.readString(unpacked.resolve("a/file1")));
        assertEquals("+", Files.readString(unpacked.resolve("added")));
        assertFalse(Files.exists(unpacked.resolve("d/keep")));
        Path asLower = Files.createDirectory(tmp.resolve("diff-lower"));
        dev.berth.archive.LayerUnpacker.forOverlayLower().unpack(new ByteArrayInputStream(diff.toByteArray()), asLower);
        assertEquals(Libc.S_IFCHR, (Integer) Files.getAttribute(asLower.resolve("d/keep"), "unix:mode",
                java.nio.file.LinkOption.NOFOLLOW_LINKS) & Libc.S_IFMT, "the deletion travels as a whiteout");
    }

    private static void unmount(Path target) throws IOException {
        try {
            Libc.umount2(target, 0);
        } catch (ErrnoException busy) {
            Libc.umount2(target, Libc.MNT_DETACH);
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

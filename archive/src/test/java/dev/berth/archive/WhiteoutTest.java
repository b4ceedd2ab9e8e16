package dev.berth.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.EngineException;
import dev.berth.common.linux.Libc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OCI whiteouts ⇄ overlayfs whiteouts, and whiteouts applied when flattening. */
class WhiteoutTest {
    @TempDir Path tmp;

    private static byte[] upperLayer() throws IOException {
        return new Trees.Builder()
                .dir("a/").file("a/keep", "kept").file("a/.wh.gone", "")
                .dir("b/").file("b/.wh..wh..opq", "").file("b/new", "new")
                .file(".wh.top", "")
                .file(".wh..wh.plnk.1234", "") // a reserved marker we do not know: ignored
                .file("c/.wh.x", "")            // parent not declared: created
                .bytes();
    }

    @Test
    void overlayFormHasCharDevicesAndOpaqueXattrsAndNoMarkers() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("root"));
        LayerUnpacker.forOverlayLower().unpack(new ByteArrayInputStream(upperLayer()), root);

        for (String whiteout : List.of("a/gone", "top", "c/x")) {
            Path p = root.resolve(whiteout);
            assertEquals(Libc.S_IFCHR, mode(p) & Libc.S_IFMT, whiteout);
            assertEquals(0L, ((Number) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).longValue());
        }
        assertArrayEquals("y".getBytes(StandardCharsets.US_ASCII),
                Libc.lgetxattr(root.resolve("b"), Whiteouts.OVERLAY_OPAQUE_XATTR).orElseThrow());
        assertEquals(Optional.empty(), Libc.lgetxattr(root.resolve("a"), Whiteouts.OVERLAY_OPAQUE_XATTR));
        assertEquals("new", Files.readString(root.resolve("b/new")));
        try (Stream<Path> all = Files.walk(root)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().startsWith(".wh.")), "no marker files on disk");
        }
    }

    @Test
    void overlayUpperDirWritesBackTheOciMarkersAndRoundTripsByteForByte() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("root"));
        LayerUnpacker.forOverlayLower().unpack(new ByteArrayInputStream(upperLayer()), root);
        byte[] tar = Trees.tar(root, LayerWriter.forOverlayUpper());
        List<String> names = LayerRoundTripTest.entries(tar).stream().map(TarEntry::name).toList();
        assertEquals(List.of("a/", "a/.wh.gone", "a/keep", "b/", "b/.wh..wh..opq", "b/new", "c/", "c/.wh.x", ".wh.top"),
                names, "opaque marker right after its directory; whiteouts where the device was");
        assertTrue(LayerRoundTripTest.entries(tar).stream().allMatch(e -> e.xattrs().isEmpty()),
                "trusted.overlay.* never goes into a tar");

        Path again = Files.createDirectory(tmp.resolve("again"));
        LayerUnpacker.forOverlayLower().unpack(new ByteArrayInputStream(tar), again);
        assertArrayEquals(tar, Trees.tar(again, LayerWriter.forOverlayUpper()));
    }

    @Test
    void plainDirectoryModeKeepsDevicesAsDevices() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Libc.mknod(root.resolve("wo"), Libc.S_IFCHR, 0);
        List<TarEntry> entries = LayerRoundTripTest.entries(Trees.tar(root, LayerWriter.forDirectory()));
        assertEquals(TarEntry.Type.CHAR_DEVICE, entries.getFirst().type());
        assertEquals("wo", entries.getFirst().name());
    }

    @Test
    void flatteningAppliesWhiteoutsToTheLayersBelow() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("root"));
        byte[] base = new Trees.Builder()
                .dir("a/").file("a/keep", "old").file("a/gone", "x")
                .dir("b/").file("b/old", "x").dir("b/sub/").file("b/sub/old2", "x")
                .file("top", "x").dir("c/").file("c/x", "x")
                .dir("e/").file("e/theirs", "x")
                .bytes();
        LayerUnpacker.flattening().unpack(new ByteArrayInputStream(base), root);
        byte[] upper = new Trees.Builder()
                .dir("a/").file("a/keep", "kept").file("a/.wh.gone", "")
                .dir("b/").file("b/.wh..wh..opq", "").file("b/new", "new")
                .file(".wh.top", "").file("c/.wh.x", "")
                .file("d/f", "mine").file("d/.wh.f", "")                    // a whiteout never hides its own layer
                .dir("e/").file("e/mine", "m").file("e/.wh..wh..opq", "")   // opaque marker after own content
                .bytes();
        LayerUnpacker.flattening().unpack(new ByteArrayInputStream(upper), root);

        assertEquals("kept", Files.readString(root.resolve("a/keep")));
        assertFalse(Trees.exists(root.resolve("a/gone")));
        assertFalse(Trees.exists(root.resolve("top")));
        assertFalse(Trees.exists(root.resolve("c/x")));
        assertTrue(Files.isDirectory(root.resolve("c")));
        assertEquals(List.of("new"), list(root.resolve("b")));
        assertEquals("mine", Files.readString(root.resolve("d/f")));
        assertEquals(List.of("mine"), list(root.resolve("e")));
    }

    @Test
    void flatteningAnOpaqueDirectoryKeepsWhatThisLayerPutDeepInsideIt() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("root"));
        LayerUnpacker.flattening().unpack(new Trees.Builder()
                .dir("o/").dir("o/a/").file("o/a/old", "x").file("o/a/keep", "old").file("o/z", "x").stream(), root);
        LayerUnpacker.flattening().unpack(new Trees.Builder()
                .file("o/a/keep", "new").file("o/.wh..wh..opq", "").stream(), root);
        assertEquals(List.of("a"), list(root.resolve("o")));
        assertEquals(List.of("keep"), list(root.resolve("o/a")), "the lower o/a/old is hidden too");
        assertEquals("new", Files.readString(root.resolve("o/a/keep")));
    }

    @Test
    void invalidWhiteoutsAreRefused() {
        for (String bad : List.of(".wh.", "x/.wh..", "x/.wh...")) {
            Path root = tmp.resolve("r" + bad.hashCode());
            EngineException e = assertThrows(EngineException.InvalidArgument.class, () -> {
                Files.createDirectory(root);
                LayerUnpacker.forOverlayLower().unpack(new Trees.Builder().file(bad, "").stream(), root);
            });
            assertTrue(e.getMessage().contains("not a valid whiteout"), e.getMessage());
        }
    }

    @Test
    void overlayUnpackWantsAnEmptyDirectory() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Files.writeString(root.resolve("x"), "x");
        EngineException e = assertThrows(EngineException.FailedPrecondition.class,
                () -> LayerUnpacker.forOverlayLower().unpack(new Trees.Builder().file("y", "").stream(), root));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
    }

    @Test
    void overlayXattrsInTheArchiveAreDropped() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("root"));
        LayerUnpacker.forOverlayLower().unpack(new Trees.Builder()
                .file("f", "x", Map.of("trusted.overlay.redirect", "/etc".getBytes(StandardCharsets.UTF_8),
                        "user.kept", new byte[] {1}))
                .stream(), root);
        assertEquals(List.of("user.kept"), Libc.llistxattr(root.resolve("f")));
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }
}

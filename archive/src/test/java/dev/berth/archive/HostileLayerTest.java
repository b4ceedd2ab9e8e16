package dev.berth.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.common.EngineException;
import dev.berth.common.linux.Libc;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malicious and malformed archives, hand-written and generated. Each one is unpacked into a fresh
 * root beside a canary tree ({@code outside/}); afterwards nothing outside the root may differ (not
 * a byte, mode, owner, xattr or nanosecond of mtime), and a failure must be an
 * {@link EngineException} with a message, never another exception or error.
 */
class HostileLayerTest {
    private static final String FUZZ = "berth-fuzz-x";
    @TempDir Path tempDir;
    /** A tmpfs mounted on a temp dir: fast to create and delete in, and gone with its unmount. */
    private Path tmp;
    private Path outside;
    private Path roots;
    private int rootCount;

    @BeforeEach
    void canary() throws IOException {
        tmp = Files.createDirectory(tempDir.resolve("sandbox"));
        Libc.mount("berth-test", tmp, "tmpfs", Libc.MS_NOSUID, "size=256m,mode=0755");
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("passwd"), "canary\n");
        Files.createDirectories(outside.resolve("e/deeper"));
        Files.writeString(outside.resolve("e/deeper/f"), "x");
        Libc.lsetxattr(outside.resolve("e"), "user.canary", new byte[] {1});
        Libc.symlink("passwd", outside.resolve("link"));
        Trees.setTimes(outside);
        roots = Files.createDirectory(tmp.resolve("roots"));
    }

    @AfterEach
    void unmount() throws IOException {
        Libc.umount2(tmp, Libc.MNT_DETACH);
    }

    // ---- hand-written attacks ---------------------------------------------------------------

    @Test
    void dotDotComponentsAreRefused() throws IOException {
        assertRefused(new Trees.Builder().file("../evil", "x").bytes(), "'../evil'", "'..'");
        assertRefused(new Trees.Builder().file("a/../../evil", "x").bytes(), "'a/../../evil'");
        assertRefused(new Trees.Builder().file("a/..", "x").bytes(), "'..'");
        assertRefused(new Trees.Builder().file("../.wh.x", "").bytes(), "'..'");
        assertRefused(new Trees.Builder().hardLink("h", "../outside/passwd").bytes(), "'..'");
        assertRefused(TarReaderTest.concat(TarReaderTest.pax('x', Map.of("path", "../../x")),
                TarReaderTest.header("innocent", '0', 0, "ustar\0", "00"), new byte[1024]), "'../../x'");
    }

    @Test
    void gnuLongNamesWithDotDotAreRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            TarArchiveEntry e = new TarArchiveEntry("a".repeat(120) + "/../../../" + FUZZ);
            out.putArchiveEntry(e);
            out.closeArchiveEntry();
        }
        assertRefused(bytes.toByteArray(), "'..'");
    }

    @Test
    void absoluteNamesLandInsideTheRoot() throws IOException {
        Path root = unpackOk(new Trees.Builder().file("/abs/file", "x").file("./rel/./f", "y")
                .file(outside + "/passwd", "not the canary").bytes(), LayerUnpacker.forOverlayLower());
        assertEquals("x", Files.readString(root.resolve("abs/file")));
        assertEquals("y", Files.readString(root.resolve("rel/f")));
        assertEquals("not the canary", Files.readString(root.resolve(outside.toString().substring(1) + "/passwd")));
    }

    @Test
    void nothingIsWrittenThroughASymbolicLink() throws IOException {
        assertRefused(new Trees.Builder().symlink("ln", "/").file("ln/etc/" + FUZZ, "x").bytes(), "symbolic link");
        assertRefused(new Trees.Builder().symlink("ln", outside.toString()).file("ln/passwd", "pwned").bytes(),
                "'ln/passwd' lies under 'ln', which is a symbolic link");
        assertRefused(new Trees.Builder().symlink("ln", "../../outside").dir("ln/sub/").bytes(), "symbolic link");
        assertRefused(new Trees.Builder().symlink("a", "b").symlink("b", "a").file("a/x", "loop").bytes(), "symbolic link");
        assertRefused(new Trees.Builder().symlink("ln", outside.toString())
                .entry(new TarEntry("ln/null", TarEntry.Type.CHAR_DEVICE, 0666, 0, 0, 0, time(), null, "", 1, 3, Map.of()))
                .bytes(), "symbolic link");
        assertRefused(new Trees.Builder().symlink("s", outside.toString()).hardLink("h", "s").file("h/passwd", "x").bytes(),
                "'h', which is a symbolic link");
        assertRefused(new Trees.Builder().file("f", "x").file("f/g", "y").bytes(), "'f', which is not a directory");
    }

    @Test
    void hardLinksMustPointAtAnEarlierFileInTheRoot() throws IOException {
        assertRefused(new Trees.Builder().hardLink("hl", "/etc/passwd").bytes(), "not in the layer");
        assertRefused(new Trees.Builder().hardLink("hl", outside + "/passwd").bytes(), "not in the layer");
        assertRefused(new Trees.Builder().symlink("ln", outside.toString()).hardLink("hl", "ln/passwd").bytes(),
                "symbolic link");
        assertRefused(new Trees.Builder().dir("d/").hardLink("hl", "d").bytes(), "hard link to a directory");
        assertRefused(new Trees.Builder().hardLink("hl", "").bytes(), "hard link to the layer root");
        assertRefused(new Trees.Builder().hardLink("hl", "hl").bytes(), "hard link to itself");
        Path root = unpackOk(new Trees.Builder().symlink("s", outside + "/passwd").hardLink("h", "s")
                .file("f", "x").hardLink("g", "/f").bytes(), LayerUnpacker.forOverlayLower());
        assertEquals(outside + "/passwd", Libc.readlink(root.resolve("h")), "a link to a symlink is the symlink itself");
        assertEquals(2, ((Number) Files.getAttribute(root.resolve("f"), "unix:nlink")).intValue());
    }

    @Test
    void replacingALinkNeverTouchesItsTarget() throws IOException {
        Path root = unpackOk(new Trees.Builder().symlink("ln", outside.toString()).file("ln", "now a file").bytes(),
                LayerUnpacker.forOverlayLower());
        assertEquals("now a file", Files.readString(root.resolve("ln")));
        root = unpackOk(new Trees.Builder().symlink("ln", outside.toString()).dir("ln/").file("ln/passwd", "mine").bytes(),
                LayerUnpacker.forOverlayLower());
        assertEquals("mine", Files.readString(root.resolve("ln/passwd")));
    }

    @Test
    void directoryTimesAreNotSetThroughALinkThatReplacedAParent() throws IOException {
        Path root = unpackOk(new Trees.Builder().dir("d/").dir("d/e/").symlink("d", outside.toString()).bytes(),
                LayerUnpacker.forOverlayLower());
        assertTrue(Files.isSymbolicLink(root.resolve("d")));
    }

    @Test
    void whiteoutsNeverReachThroughALink() throws IOException {
        assertRefused(new Trees.Builder().symlink("ln", outside.toString()).file("ln/.wh..wh..opq", "").bytes(),
                "symbolic link");
        assertRefused(new Trees.Builder().symlink("ln", outside.toString()).file("ln/.wh.passwd", "").bytes(),
                "symbolic link");
        for (String marker : List.of("ln/.wh.passwd", "ln/.wh..wh..opq", "ln/e/.wh.deeper")) {
            Path root = newRoot();
            Libc.symlink(outside.toString(), root.resolve("ln")); // a lower layer's link, already in the tree
            EngineException e = unpack(new Trees.Builder().file(marker, "").bytes(), LayerUnpacker.flattening(), root);
            assertTrue(e instanceof EngineException.InvalidArgument && e.getMessage().contains("symbolic link"),
                    String.valueOf(e));
        }
    }

    @Test
    void theRootItselfCannotBeReplaced() throws IOException {
        assertRefused(new Trees.Builder().file(".", "x").bytes(), "would replace the layer root");
        assertRefused(new Trees.Builder().symlink("/", outside.toString()).bytes(), "would replace the layer root");
        Path root = unpackOk(new Trees.Builder().dir("./").dir("/").file("f", "x").bytes(), LayerUnpacker.forOverlayLower());
        assertTrue(Files.exists(root.resolve("f")));
    }

    @Test
    void malformedStreamsFailCleanly() throws IOException {
        byte[] good = new Trees.Builder().file("f", "x".repeat(2000)).file("g", "y").bytes();
        assertRefused(Arrays.copyOf(good, 1000), "truncated");
        assertRefused(Arrays.copyOf(good, 100), "truncated");
        byte[] garbage = new byte[4096];
        new Random(1).nextBytes(garbage);
        assertRefused(garbage, "checksum");
        byte[] huge = TarReaderTest.header("huge", '0', 077777777777L, "ustar\0", "00");
        assertRefused(TarReaderTest.concat(huge, new byte[5000]), "truncated");
    }

    // ---- generated attacks ------------------------------------------------------------------

    @Test
    void fuzzedArchivesNeverEscapeAndFailOnlyWithEngineExceptions() throws IOException {
        long start = System.nanoTime();
        Random random = new Random(20261122);
        byte[] base = baseArchive();
        List<Integer> headerBlocks = headerOffsets(base);
        int refused = 0;
        int cases = 0;
        for (int i = 0; i < 1500; i++, cases++) {
            if (runCase("grammar #" + i, grammarArchive(random), random)) refused++;
        }
        for (int i = 0; i < 1500; i++, cases++) {
            if (runCase("mutation #" + i, mutate(base, headerBlocks, random), random)) refused++;
        }
        for (int i = 0; i < 100; i++, cases++) {
            byte[] junk = new byte[random.nextInt(4096)];
            random.nextBytes(junk);
            if (runCase("garbage #" + i, junk, random)) refused++;
        }
        assertFalse(Files.exists(Path.of("/", FUZZ)));
        assertFalse(Files.exists(Path.of("/etc", FUZZ)));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("fuzz: %d archives, %d refused, %.1f s%n", cases, refused, seconds);
        assertTrue(refused > cases / 4 && refused < cases, "the generators should produce both good and bad archives");
    }

    /** Unpacks one archive with a random mode; checks the sandbox; returns whether it was refused. */
    private boolean runCase(String what, byte[] tar, Random random) throws IOException {
        boolean flatten = random.nextBoolean();
        Path root = newRoot();
        if (flatten && random.nextBoolean()) Libc.symlink(outside.toString(), root.resolve("ln"));
        try {
            EngineException e = unpack(tar, flatten ? LayerUnpacker.flattening() : LayerUnpacker.forOverlayLower(), root);
            if (e != null && (e.getMessage() == null || e.getMessage().isBlank())) {
                fail(what + ": an error without a message: " + e.getClass());
            }
            return e != null;
        } catch (AssertionError a) {
            throw new AssertionError(what + " (" + (flatten ? "flattening" : "overlay") + "): " + a.getMessage(), a);
        }
    }

    private byte[] grammarArchive(Random r) throws IOException {
        String[] parts = {"a", "b", "ln", "..", ".", "", FUZZ, ".wh.a", ".wh.ln", ".wh..wh..opq", "e", "passwd"};
        String[] targets = {"/", "..", "../outside", "../../outside/passwd", "a", "ln", "ln/" + FUZZ, "/etc/passwd",
                "a/b", "", "/etc", "e", "passwd", "ln/passwd"};
        Trees.Builder b = new Trees.Builder();
        int entries = 1 + r.nextInt(10);
        for (int i = 0; i < entries; i++) {
            StringBuilder name = new StringBuilder(r.nextInt(4) == 0 ? "/" : "");
            int depth = 1 + r.nextInt(3);
            for (int d = 0; d < depth; d++) name.append(d == 0 ? "" : "/").append(parts[r.nextInt(parts.length)]);
            String target = r.nextInt(3) == 0 ? outside.toString() : targets[r.nextInt(targets.length)];
            TarEntry.Type type = TarEntry.Type.values()[r.nextInt(TarEntry.Type.values().length)];
            byte[] content = new byte[type == TarEntry.Type.REGULAR ? r.nextInt(700) : 0];
            r.nextBytes(content);
            Map<String, byte[]> xattrs = r.nextInt(5) == 0 ? Map.of("user.x", new byte[] {1}, "trusted.overlay.opaque", new byte[] {'y'})
                    : Map.of();
            b.entry(new TarEntry(name.toString(), type, r.nextInt(010000), r.nextInt(3) * 1000, r.nextInt(3) * 1000,
                    content.length, time(), null, target, r.nextInt(3), r.nextInt(3), xattrs));
            if (content.length > 0) b.tarWrite(content);
        }
        return b.bytes();
    }

    private byte[] baseArchive() throws IOException {
        Trees.Builder b = new Trees.Builder()
                .dir("dir/").file("dir/file", "content", Map.of("user.a", new byte[] {0, 1}))
                .symlink("dir/ln", "file").hardLink("dir/hl", "dir/file")
                .file("p".repeat(150), "pax name").symlink("long", "t".repeat(150))
                .file("dir/.wh.gone", "").file("dir/.wh..wh..opq", "")
                .entry(new TarEntry("fifo", TarEntry.Type.FIFO, 0600, 0, 0, 0, time(), null, "", 0, 0, Map.of()))
                .entry(new TarEntry("null", TarEntry.Type.CHAR_DEVICE, 0666, 0, 0, 0, time(), null, "", 1, 3, Map.of()))
                .symlink("out", outside.toString()).file("last", "z".repeat(1500));
        return b.bytes();
    }

    /** Offsets of the blocks that are headers (their checksum verifies), so mutations there can be re-signed. */
    private static List<Integer> headerOffsets(byte[] tar) {
        List<Integer> out = new ArrayList<>();
        for (int off = 0; off + 512 <= tar.length; off += 512) {
            byte[] block = Arrays.copyOfRange(tar, off, off + 512);
            byte[] resigned = block.clone();
            TarReaderTest.checksum(resigned);
            if (!isZero(block) && Arrays.equals(block, resigned)) out.add(off);
        }
        return out;
    }

    private static byte[] mutate(byte[] base, List<Integer> headers, Random r) {
        byte[] t = base.clone();
        int mutations = 1 + r.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            int length = t.length;
            List<Integer> intact = headers.stream().filter(h -> h + 512 <= length).toList();
            int kind = r.nextInt(6);
            if (intact.isEmpty() && (kind < 2 || kind == 5)) kind = 2;
            switch (kind) {
                case 0, 1 -> { // change a header byte and re-sign, so parsing goes on past the checksum
                    int h = intact.get(r.nextInt(intact.size()));
                    int off = h + r.nextInt(512);
                    t[off] = r.nextBoolean() ? (byte) r.nextInt(256) : (byte) "./\0 7x".charAt(r.nextInt(6));
                    byte[] block = Arrays.copyOfRange(t, h, h + 512);
                    TarReaderTest.checksum(block);
                    System.arraycopy(block, 0, t, h, 512);
                }
                case 2 -> t[r.nextInt(t.length)] ^= (byte) (1 << r.nextInt(8));
                case 3 -> t = Arrays.copyOf(t, r.nextInt(t.length));
                case 4 -> { // duplicate a block
                    if (t.length < 512) break;
                    int from = r.nextInt(t.length / 512) * 512;
                    int to = r.nextInt(t.length / 512) * 512;
                    byte[] out = new byte[t.length + 512];
                    System.arraycopy(t, 0, out, 0, to);
                    System.arraycopy(t, from, out, to, 512);
                    System.arraycopy(t, to, out, to + 512, t.length - to);
                    t = out;
                }
                default -> { // change the size field of a header to something large
                    int h = intact.get(r.nextInt(intact.size()));
                    byte[] size = String.format("%011o\0", Math.abs(r.nextLong()) % 077777777777L).getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(size, 0, t, h + 124, 12);
                    byte[] block = Arrays.copyOfRange(t, h, h + 512);
                    TarReaderTest.checksum(block);
                    System.arraycopy(block, 0, t, h, 512);
                }
            }
            if (t.length == 0) break;
        }
        return t;
    }

    // ---- sandbox ------------------------------------------------------------------------------

    private Path newRoot() throws IOException {
        return Files.createDirectory(roots.resolve("root-" + rootCount++));
    }

    /** Unpacks into root and checks the sandbox; returns the engine error, if any, and removes the root. */
    private EngineException unpack(byte[] tar, LayerUnpacker unpacker, Path root) throws IOException {
        String rootRel = "roots/" + root.getFileName();
        Map<String, String> before = fingerprint(rootRel);
        EngineException error = null;
        try {
            unpacker.unpack(new ByteArrayInputStream(tar), root);
        } catch (EngineException e) {
            error = e;
        } catch (Throwable t) {
            throw new AssertionError("not an EngineException: " + t, t);
        }
        assertEquals(before, fingerprint(rootRel), "something outside the root changed");
        delete(root);
        return error;
    }

    /**
     * Type, owner, mode, size, inode, mtime and ctime (nanoseconds) of every path in the sandbox
     * but the root, and of /etc and /etc/passwd. Any change through the file system (content,
     * xattrs, mode, owner, links, directory entries) moves a ctime, so this sees every change at a
     * fraction of the cost of hashing contents.
     */
    private Map<String, String> fingerprint(String skip) throws IOException {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Path p : List.of(Path.of("/etc"), Path.of("/etc/passwd"), tmp)) out.put(p.toString(), stat(p));
        Files.walkFileTree(tmp, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                String rel = tmp.relativize(d).toString();
                if (rel.equals(skip)) return FileVisitResult.SKIP_SUBTREE;
                out.put(rel, stat(d));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                out.put(tmp.relativize(f).toString(), stat(f));
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    private static String stat(Path p) throws IOException {
        return Files.readAttributes(p, "unix:mode,uid,gid,size,ino,nlink,lastModifiedTime,ctime",
                java.nio.file.LinkOption.NOFOLLOW_LINKS).entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).map(String::valueOf).toList().toString();
    }

    private Path unpackOk(byte[] tar, LayerUnpacker unpacker) throws IOException {
        Path root = newRoot();
        Path keep = Files.createDirectory(tmp.resolve("kept-" + rootCount));
        String rootRel = "roots/" + root.getFileName();
        Map<String, String> before = fingerprint(rootRel);
        unpacker.unpack(new ByteArrayInputStream(tar), root);
        assertEquals(before, fingerprint(rootRel), "something outside the root changed");
        Files.move(root, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return keep;
    }

    private void assertRefused(byte[] tar, String... messageParts) throws IOException {
        for (LayerUnpacker unpacker : List.of(LayerUnpacker.forOverlayLower(), LayerUnpacker.flattening())) {
            EngineException e = unpack(tar, unpacker, newRoot());
            if (e == null) fail("accepted, should be refused: " + String.join(", ", messageParts));
            assertTrue(e instanceof EngineException.InvalidArgument, e.toString());
            for (String part : messageParts) {
                assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain " + part);
            }
        }
    }

    private static void delete(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static FileTime time() {
        return FileTime.from(Instant.ofEpochSecond(1_600_000_000L));
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    @Test
    void theSandboxCheckSeesEveryKindOfChange() throws IOException {
        String rootRel = "roots/" + newRoot().getFileName();
        List<Runnable> changes = List.of(
                () -> io(() -> Libc.lsetxattr(outside.resolve("e"), "user.canary", new byte[] {2})),
                () -> io(() -> Files.setAttribute(outside.resolve("passwd"), "unix:mode", 0600)),
                () -> io(() -> Libc.lchown(outside.resolve("link"), 5, 5)),
                () -> io(() -> Files.writeString(outside.resolve("passwd"), "canarY\n")),
                () -> io(() -> Files.createLink(roots.resolve("x"), outside.resolve("passwd"))),
                () -> io(() -> Libc.lutimens(outside.resolve("e/deeper"), time(), time())));
        for (Runnable change : changes) {
            Map<String, String> before = fingerprint(rootRel);
            change.run();
            assertFalse(before.equals(fingerprint(rootRel)));
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction a) {
        try {
            a.run();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

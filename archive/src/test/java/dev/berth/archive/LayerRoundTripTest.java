package dev.berth.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.linux.Libc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directory → tar → directory keeps every attribute; the writer is deterministic; tars from GNU tar unpack the same. */
class LayerRoundTripTest {
    @TempDir Path tmp;

    @Test
    void everyAttributeSurvivesWriteThenUnpack() throws IOException {
        Path src = Files.createDirectory(tmp.resolve("src"));
        Trees.rich(src);
        byte[] tar = Trees.tar(src, LayerWriter.forDirectory());

        Path dst = Files.createDirectory(tmp.resolve("dst"));
        UnpackResult result = LayerUnpacker.forOverlayLower().unpack(new ByteArrayInputStream(tar), dst);

        assertEquals(TreeSnapshot.of(src, false).without("sock"), TreeSnapshot.of(dst, false));
        assertEquals(sha256(tar), result.sha256Hex());
        assertEquals(tar.length, result.tarBytes());
        assertEquals(contentBytes(src), result.contentBytes(), "regular file bytes, each inode once");
        assertArrayEquals(Trees.CAP_NET_RAW, Libc.lgetxattr(dst.resolve("bin/ping"), "security.capability").orElseThrow());
        assertEquals(04755, mode(dst.resolve("bin/su")));
        assertEquals(01777, mode(dst.resolve("tmp")));
        assertEquals("usr//lib/", Libc.readlink(dst.resolve("trail")), "link text is data, kept byte for byte");
        assertFalse(Trees.exists(dst.resolve("sock")), "sockets are not archived");
    }

    @Test
    void writingIsDeterministicAndStableAcrossARoundTrip() throws IOException {
        Path src = Files.createDirectory(tmp.resolve("src"));
        Trees.rich(src);
        byte[] first = Trees.tar(src, LayerWriter.forDirectory());
        assertArrayEquals(first, Trees.tar(src, LayerWriter.forDirectory()), "same tree, same bytes");

        Path dst = Files.createDirectory(tmp.resolve("dst"));
        LayerUnpacker.flattening().unpack(new ByteArrayInputStream(first), dst);
        assertArrayEquals(first, Trees.tar(dst, LayerWriter.forDirectory()), "unpacked tree writes the same tar");
    }

    @Test
    void writerOrderIsSortedDepthFirstWithHardLinksAfterTheirFirstName() throws IOException {
        Path src = Files.createDirectory(tmp.resolve("src"));
        Trees.rich(src);
        List<TarEntry> entries = entries(Trees.tar(src, LayerWriter.forDirectory()));
        List<String> names = entries.stream().map(TarEntry::name).toList();
        assertEquals("abs", names.getFirst());
        assertTrue(names.indexOf("bin/") < names.indexOf("bin/busybox"));
        assertTrue(names.indexOf("bin/busybox") < names.indexOf("bin/hl"));
        TarEntry hl = entries.get(names.indexOf("bin/hl"));
        assertEquals(TarEntry.Type.REGULAR, hl.type(), "bin/hl sorts before usr/bin/a, so it carries the content");
        TarEntry b = entries.get(names.indexOf("usr/bin/b"));
        assertEquals(TarEntry.Type.HARD_LINK, b.type());
        assertEquals("bin/hl", b.linkName());
        assertTrue(entries.stream().allMatch(e -> e.mtime().toInstant().getNano() == 0), "whole seconds, as Docker");
    }

    @Test
    void directoryTimesAreSetAfterTheirContentsAndLinkTimesOnTheLinks() throws IOException {
        Path src = Files.createDirectory(tmp.resolve("src"));
        Trees.rich(src);
        Path dst = Files.createDirectory(tmp.resolve("dst"));
        LayerUnpacker.forOverlayLower().unpack(new ByteArrayInputStream(Trees.tar(src, LayerWriter.forDirectory())), dst);
        for (String p : List.of("usr", "usr/bin", "deep", "locked", "dangling", "dev/null", "run/fifo")) {
            assertEquals(Files.getLastModifiedTime(src.resolve(p), LinkOption.NOFOLLOW_LINKS).toInstant().getEpochSecond(),
                    Files.getLastModifiedTime(dst.resolve(p), LinkOption.NOFOLLOW_LINKS).toInstant().getEpochSecond(), p);
        }
    }

    @Test
    void tarsMadeByGnuTarUnpackToTheSameTree() throws Exception {
        Path src = Files.createDirectory(tmp.resolve("src"));
        Trees.rich(src);
        Files.delete(src.resolve("sock"));
        for (String format : List.of("posix", "gnu")) {
            Path tarFile = tmp.resolve(format + ".tar");
            List<String> cmd = new ArrayList<>(List.of("tar", "--create", "--file", tarFile.toString(),
                    "--format=" + format, "--numeric-owner", "--sort=name", "-C", src.toString()));
            if (format.equals("posix")) cmd.addAll(List.of("--xattrs", "--xattrs-include=*"));
            cmd.add(".");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), out);

            Path dst = Files.createDirectory(tmp.resolve("dst-" + format));
            try (InputStream in = Files.newInputStream(tarFile)) {
                LayerUnpacker.flattening().unpack(in, dst);
            }
            TreeSnapshot want = TreeSnapshot.of(src, false);
            TreeSnapshot got = TreeSnapshot.of(dst, false);
            if (format.equals("gnu")) { // GNU format has no xattrs: compare the rest
                want = stripXattrs(want);
                got = stripXattrs(got);
            }
            assertEquals(want, got, format);
        }
    }

    private static TreeSnapshot stripXattrs(TreeSnapshot s) {
        var nodes = new java.util.TreeMap<String, TreeSnapshot.Node>();
        s.nodes().forEach((k, n) -> nodes.put(k, new TreeSnapshot.Node(n.type(), n.mode(), n.uid(), n.gid(), n.content(),
                n.link(), n.dev(), java.util.Map.of(), n.inodeGroup(), n.mtime())));
        return new TreeSnapshot(nodes);
    }

    static List<TarEntry> entries(byte[] tar) throws IOException {
        TarReader r = new TarReader(new ByteArrayInputStream(tar));
        List<TarEntry> out = new ArrayList<>();
        for (TarEntry e; (e = r.next()) != null; ) out.add(e);
        return out;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static long contentBytes(Path root) throws IOException {
        java.util.Set<Object> seen = new java.util.HashSet<>();
        long total = 0;
        try (var s = Files.walk(root)) {
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        && seen.add(Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS))) {
                    total += Files.size(p);
                }
            }
        }
        return total;
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }
}

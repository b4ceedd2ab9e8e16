package dev.berth.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.EngineException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tar codec against other writers (commons-compress), hand-made headers, and format corner cases. */
class TarReaderTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(ints = {TarArchiveOutputStream.LONGFILE_GNU, TarArchiveOutputStream.LONGFILE_POSIX})
    void readsLongNamesLinksAndBigNumbersFromCommonsCompress(int longFileMode) throws IOException {
        String longName = "dir/" + "n".repeat(200);
        String longLink = "target/" + "l".repeat(150);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(longFileMode);
            out.setBigNumberMode(longFileMode == TarArchiveOutputStream.LONGFILE_GNU
                    ? TarArchiveOutputStream.BIGNUMBER_STAR : TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry f = new TarArchiveEntry(longName);
            f.setSize(5);
            f.setIds(3_000_000, 70_000);
            f.setMode(0100644);
            out.putArchiveEntry(f);
            out.write("hello".getBytes(StandardCharsets.US_ASCII));
            out.closeArchiveEntry();
            TarArchiveEntry l = new TarArchiveEntry("link", TarConstants.LF_SYMLINK);
            l.setLinkName(longLink);
            out.putArchiveEntry(l);
            out.closeArchiveEntry();
        }
        TarReader r = new TarReader(new ByteArrayInputStream(bytes.toByteArray()));
        TarEntry file = r.next();
        assertEquals(longName, file.name());
        assertEquals(3_000_000, file.uid());
        assertEquals(70_000, file.gid());
        assertEquals(0644, file.mode());
        assertEquals("hello", new String(r.content().readAllBytes(), StandardCharsets.US_ASCII));
        TarEntry link = r.next();
        assertEquals(TarEntry.Type.SYMLINK, link.type());
        assertEquals(longLink, link.linkName());
        assertNull(r.next());
    }

    @Test
    void binaryXattrValuesSurviveExactly() throws IOException {
        byte[] value = {0, '\n', '=', ' ', (byte) 0xff, (byte) 0xc3, '9', 0};
        byte[] tar = new Trees.Builder().file("f", "x", Map.of("security.capability", value, "user.empty", new byte[0])).bytes();
        TarEntry e = new TarReader(new ByteArrayInputStream(tar)).next();
        assertArrayEquals(value, e.xattrs().get("security.capability"));
        assertArrayEquals(new byte[0], e.xattrs().get("user.empty"));
        assertThrows(IllegalArgumentException.class, () -> new Trees.Builder().file("f", "x", Map.of("user.a=b", value)),
                "PAX cannot carry a key with '=': the writer refuses it rather than write a different key");
    }

    @Test
    void digestCoversTrailingPaddingAndGarbageAfterTheEndMarker() throws IOException {
        byte[] tar = new Trees.Builder().file("f", "content").bytes();
        byte[] padded = Arrays.copyOf(tar, tar.length + 10_240 + 3);
        padded[padded.length - 1] = 'x'; // junk after the zero blocks is hashed, not parsed
        Path root = Files.createDirectory(tmp.resolve("root"));
        UnpackResult r = LayerUnpacker.forOverlayLower().unpack(new ByteArrayInputStream(padded), root);
        assertEquals(LayerRoundTripTest.sha256(padded), r.sha256Hex());
        assertEquals(padded.length, r.tarBytes());
        assertEquals(7, r.contentBytes());
    }

    @Test
    void aMissingEndMarkerIsAcceptedAsGoDoes() throws IOException {
        byte[] tar = new Trees.Builder().file("f", "content").bytes();
        byte[] cut = Arrays.copyOf(tar, tar.length - 1024);
        Path root = Files.createDirectory(tmp.resolve("root"));
        LayerUnpacker.forOverlayLower().unpack(new ByteArrayInputStream(cut), root);
        assertEquals("content", Files.readString(root.resolve("f")));
    }

    @Test
    void subSecondPaxTimesAndGlobalHeadersAndV7Directories() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(pax('g', Map.of("path", "ignored-global"))); // global headers are skipped, as Docker does
        out.write(pax('x', Map.of("mtime", "1600000000.123456789", "atime", "1500000000.5")));
        out.write(header("timed", '0', 0, "ustar\0", "00"));
        out.write(header("olddir/", '\0', 0, "\0\0\0\0\0\0", "\0\0")); // v7: a trailing slash marks a directory
        out.write(new byte[1024]);
        Path root = Files.createDirectory(tmp.resolve("root"));
        LayerUnpacker.forOverlayLower().unpack(new ByteArrayInputStream(out.toByteArray()), root);
        assertEquals(FileTime.from(Instant.ofEpochSecond(1_600_000_000L, 123_456_789)),
                Files.getLastModifiedTime(root.resolve("timed")));
        assertEquals(FileTime.from(Instant.ofEpochSecond(1_500_000_000L, 500_000_000)),
                Files.getAttribute(root.resolve("timed"), "lastAccessTime", LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isDirectory(root.resolve("olddir")));
        assertEquals(List.of("olddir", "timed"), Files.list(root).map(p -> p.getFileName().toString()).sorted().toList());
    }

    @Test
    void base256NumbersIncludingNegativeTimes() throws IOException {
        byte[] h = header("neg", '0', 0, "ustar\0", "00");
        Arrays.fill(h, 136, 148, (byte) 0xff); // -1 in GNU base-256
        Arrays.fill(h, 108, 116, (byte) 0);
        h[108] = (byte) 0x80;
        h[115] = 7; // uid 7 in base-256
        checksum(h);
        TarEntry e = new TarReader(new ByteArrayInputStream(concat(h, new byte[1024]))).next();
        assertEquals(Instant.ofEpochSecond(-1), e.mtime().toInstant());
        assertEquals(7, e.uid());
    }

    @Test
    void anEndRightAfterTheLastContentIsCleanAsInGo() throws IOException {
        // the docker CLI's ReplaceFileTarWrapper closes the pipe before the tar writer: no padding, no trailer
        byte[] content = "hello".getBytes(StandardCharsets.US_ASCII);
        TarReader r = new TarReader(new ByteArrayInputStream(concat(header("f", '0', 5, "ustar\0", "00"), content)));
        assertEquals("f", r.next().name());
        assertArrayEquals(content, r.content().readAllBytes());
        assertNull(r.next());
        byte[] partialPadding = concat(header("f", '0', 5, "ustar\0", "00"), content, new byte[3]);
        assertInvalid(partialPadding, "the stream ends inside the padding after 'f'");
    }

    @Test
    void malformedHeadersAreRefusedWithTheirOffset() {
        byte[] good = header("f", '0', 0, "ustar\0", "00");
        byte[] badSum = good.clone();
        badSum[0] = 'g';
        assertInvalid(concat(badSum, new byte[1024]), "invalid layer tar at byte 0: header checksum mismatch");
        assertInvalid(concat(good, good.clone(), new byte[512], good.clone()), "data follows a single end-of-archive block");
        assertInvalid(concat(header("s", 'S', 0, "ustar\0", "00"), new byte[1024]), "GNU sparse files are not supported");
        assertInvalid(concat(header("v", 'V', 0, "ustar\0", "00"), new byte[1024]), "unsupported tar entry type 'V'");
        assertInvalid(concat(header("big", '0', 100, "ustar\0", "00"), new byte[10]), "layer tar is truncated");
        assertInvalid(Arrays.copyOf(good, 300), "layer tar is truncated: the stream ends inside a header (byte 0)");
        byte[] octal = good.clone();
        octal[124] = '9';
        checksum(octal);
        assertInvalid(concat(octal, new byte[1024]), "the size field is not an octal number");
        assertInvalid(concat(pax('x', Map.of("size", "-5")), good, new byte[1024]), "invalid PAX size");
        assertInvalid(concat(pax('x', Map.of("uid", "4294967295")), good, new byte[1024]), "invalid uid 4294967295");
        assertInvalid(concat(pax('x', Map.of("GNU.sparse.major", "1")), good, new byte[1024]), "PAX sparse file");
        assertInvalid(concat(pax('x', Map.of("path", "x")), new byte[1024]), "followed by the end-of-archive marker");
        byte[] nonUtf8 = header("bad\u00ff", '0', 0, "ustar\0", "00");
        nonUtf8[3] = (byte) 0xff;
        checksum(nonUtf8);
        assertInvalid(concat(nonUtf8, new byte[1024]), "the name is not valid UTF-8");
        byte[] hugePax = header("PaxHeaders/x", 'x', 2L << 20, "ustar\0", "00");
        assertInvalid(concat(hugePax, new byte[1024]), "PAX header of 2097152 bytes exceeds the limit");
        assertInvalid(concat(withPaxBody("99 path=x\n"), good, new byte[1024]), "malformed PAX record");
    }

    @Test
    void absurdSizesAreRefusedBeforeAnythingIsRead() {
        byte[] h = header("huge", '0', 0, "ustar\0", "00");
        Arrays.fill(h, 124, 136, (byte) 0);
        h[124] = (byte) 0x80;
        h[128] = 0x40; // 2^62 in base-256
        checksum(h);
        assertInvalid(concat(h, new byte[1024]), "claims 4611686018427387904 bytes");
    }

    private void assertInvalid(byte[] tar, String message) {
        Path root = tmp.resolve("r" + System.nanoTime());
        EngineException e = assertThrows(EngineException.InvalidArgument.class, () -> {
            Files.createDirectory(root);
            LayerUnpacker.forOverlayLower().unpack(new ByteArrayInputStream(tar), root);
        });
        assertTrue(e.getMessage().contains(message), "'" + e.getMessage() + "' should contain '" + message + "'");
    }

    /** A hand-made header: name, type, size, magic and version as given, mode 0644, checksum right. */
    static byte[] header(String name, char type, long size, String magic, String version) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, h, 0, Math.min(100, n.length));
        put(h, 100, "0000644\0");
        put(h, 108, "0000000\0");
        put(h, 116, "0000000\0");
        put(h, 124, String.format("%011o\0", size));
        put(h, 136, String.format("%011o\0", 1_600_000_000L));
        h[156] = (byte) type;
        put(h, 257, magic);
        put(h, 263, version);
        checksum(h);
        return h;
    }

    static byte[] pax(char type, Map<String, String> records) {
        StringBuilder body = new StringBuilder();
        records.forEach((k, v) -> {
            String rest = " " + k + "=" + v + "\n";
            int len = rest.length() + String.valueOf(rest.length()).length();
            if (String.valueOf(len).length() != String.valueOf(rest.length()).length()) len++;
            body.append(len).append(rest);
        });
        byte[] data = body.toString().getBytes(StandardCharsets.UTF_8);
        byte[] h = header("PaxHeaders/x", type, data.length, "ustar\0", "00");
        return concat(h, Arrays.copyOf(data, (data.length + 511) / 512 * 512));
    }

    static byte[] withPaxBody(String raw) {
        byte[] data = raw.getBytes(StandardCharsets.UTF_8);
        return concat(header("PaxHeaders/x", 'x', data.length, "ustar\0", "00"),
                Arrays.copyOf(data, (data.length + 511) / 512 * 512));
    }

    static void checksum(byte[] h) {
        Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) sum += b & 0xff;
        put(h, 148, String.format("%06o\0 ", sum));
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(b, 0, h, off, b.length);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}

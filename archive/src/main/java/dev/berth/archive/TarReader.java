package dev.berth.archive;

import dev.berth.common.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads tar entries from a stream: ustar, GNU (long names and links) and PAX (local headers;
 * global headers are skipped, as Docker does). Every field is checked; anything malformed or
 * truncated ends the read with {@link EngineException.InvalidArgument} giving the byte offset.
 * Memory stays bounded: extended headers are capped at {@link #MAX_METADATA_BYTES}; content is
 * streamed through {@link #content()}.
 */
final class TarReader {
    static final int BLOCK = 512;
    /** Largest PAX header or GNU long name we read into memory (Go's archive/tar uses the same limit). */
    static final int MAX_METADATA_BYTES = 1 << 20;
    /** Largest regular file we accept in a layer. */
    static final long MAX_ENTRY_BYTES = 1L << 40;
    private static final String XATTR_PREFIX = "SCHILY.xattr.";

    private final InputStream in;
    private final byte[] block = new byte[BLOCK];
    private long offset;
    private long contentLeft;
    private long paddingLeft;
    private String currentName = "";

    TarReader(InputStream in) {
        this.in = in;
    }

    /** Bytes consumed so far. */
    long offset() {
        return offset;
    }

    /** The next entry, or null at the end-of-archive marker (or a clean end of stream between entries). */
    TarEntry next() throws IOException {
        skipContent();
        Map<String, byte[]> pax = new HashMap<>();
        String longName = null;
        String longLink = null;
        boolean extended = false;
        while (true) {
            long headerAt = offset;
            int n = readUpTo(block, BLOCK);
            if (n == 0 && !extended) return null;
            if (n < BLOCK) throw truncated("a header", headerAt);
            if (isZero(block)) {
                if (extended) throw invalid(headerAt, "an extended header is followed by the end-of-archive marker");
                // Go's archive/tar: a zero block must be followed by another zero block or the end.
                int m = readUpTo(block, BLOCK);
                if (m == BLOCK && !isZero(block)) {
                    throw invalid(headerAt, "data follows a single end-of-archive block");
                }
                return null;
            }
            verifyChecksum(headerAt);
            char flag = (char) (block[156] & 0xff);
            long size = number(124, 12, "size", headerAt);
            switch (flag) {
                case 'x' -> {
                    parsePax(readMetadata(size, "PAX header", headerAt), pax, headerAt);
                    extended = true;
                }
                case 'g' -> readMetadata(size, "PAX global header", headerAt);
                case 'L' -> {
                    longName = cString(readMetadata(size, "GNU long name", headerAt), "name", headerAt);
                    extended = true;
                }
                case 'K' -> {
                    longLink = cString(readMetadata(size, "GNU long link name", headerAt), "link name", headerAt);
                    extended = true;
                }
                default -> {
                    return entry(flag, size, pax, longName, longLink, headerAt);
                }
            }
        }
    }

    /** The unread content of the current entry; reading it to the end is optional. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (contentLeft == 0) return -1;
                int want = (int) Math.min(len, contentLeft);
                int got = in.read(b, off, want);
                if (got < 0) throw truncated("the content of '" + currentName + "'", offset);
                offset += got;
                contentLeft -= got;
                return got;
            }
        };
    }

    private TarEntry entry(char flag, long headerSize, Map<String, byte[]> pax, String longName, String longLink,
                           long headerAt) throws IOException {
        TarEntry.Type type = switch (flag) {
            case '0', '\0', '7' -> TarEntry.Type.REGULAR;
            case '1' -> TarEntry.Type.HARD_LINK;
            case '2' -> TarEntry.Type.SYMLINK;
            case '3' -> TarEntry.Type.CHAR_DEVICE;
            case '4' -> TarEntry.Type.BLOCK_DEVICE;
            case '5' -> TarEntry.Type.DIRECTORY;
            case '6' -> TarEntry.Type.FIFO;
            case 'S' -> throw invalid(headerAt, "GNU sparse files are not supported in layers");
            default -> throw invalid(headerAt, "unsupported tar entry type '" + printable(flag) + "'");
        };
        boolean ustar = block[257] == 'u' && block[258] == 's' && block[259] == 't' && block[260] == 'a'
                && block[261] == 'r' && block[262] == 0;
        String name;
        if (pax.containsKey("path")) {
            name = utf8(pax.get("path"), "name", headerAt);
        } else if (longName != null) {
            name = longName;
        } else {
            name = field(0, 100, "name", headerAt);
            String prefix = ustar ? field(345, 155, "name prefix", headerAt) : "";
            if (!prefix.isEmpty()) name = prefix + "/" + name;
        }
        if (name.isEmpty()) throw invalid(headerAt, "entry has an empty name");
        currentName = name;
        if (type == TarEntry.Type.REGULAR && flag == '\0' && name.endsWith("/")) {
            type = TarEntry.Type.DIRECTORY; // pre-POSIX archives mark directories with a trailing slash only
        }
        for (String key : pax.keySet()) {
            if (key.startsWith("GNU.sparse.")) throw invalid(headerAt, "'" + name + "' is a PAX sparse file, not supported in layers");
        }
        String link = pax.containsKey("linkpath") ? utf8(pax.get("linkpath"), "link name", headerAt)
                : longLink != null ? longLink : field(157, 100, "link name", headerAt);

        long size = pax.containsKey("size") ? paxNumber(pax, "size", headerAt) : headerSize;
        long uid = pax.containsKey("uid") ? paxNumber(pax, "uid", headerAt) : number(108, 8, "uid", headerAt);
        long gid = pax.containsKey("gid") ? paxNumber(pax, "gid", headerAt) : number(116, 8, "gid", headerAt);
        checkId(uid, "uid", name, headerAt);
        checkId(gid, "gid", name, headerAt);
        FileTime mtime = pax.containsKey("mtime") ? paxTime(pax, "mtime", headerAt)
                : FileTime.from(Instant.ofEpochSecond(clampSeconds(number(136, 12, "mtime", headerAt))));
        FileTime atime = pax.containsKey("atime") ? paxTime(pax, "atime", headerAt) : null;
        int mode = (int) (number(100, 8, "mode", headerAt) & 07777);
        int major = 0;
        int minor = 0;
        if (type == TarEntry.Type.CHAR_DEVICE || type == TarEntry.Type.BLOCK_DEVICE) {
            major = deviceNumber(number(329, 8, "device major", headerAt), name, headerAt);
            minor = deviceNumber(number(337, 8, "device minor", headerAt), name, headerAt);
        }
        if (size < 0) throw invalid(headerAt, "'" + name + "' has a negative size");
        if (type == TarEntry.Type.REGULAR) {
            if (size > MAX_ENTRY_BYTES) {
                throw invalid(headerAt, "'" + name + "' claims " + size + " bytes, more than the "
                        + MAX_ENTRY_BYTES + " a layer file may have");
            }
        } else {
            size = 0; // as Go's archive/tar: only regular files carry content
        }
        Map<String, byte[]> xattrs = new TreeMap<>();
        for (var e : pax.entrySet()) {
            if (e.getKey().startsWith(XATTR_PREFIX) && e.getKey().length() > XATTR_PREFIX.length()) {
                xattrs.put(e.getKey().substring(XATTR_PREFIX.length()), e.getValue());
            }
        }
        contentLeft = size;
        paddingLeft = padding(size);
        return new TarEntry(name, type, mode, (int) uid, (int) gid, size, mtime, atime, link, major, minor, xattrs);
    }

    private void skipContent() throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (contentLeft > 0) {
            int got = in.read(buf, 0, (int) Math.min(buf.length, contentLeft));
            if (got < 0) throw truncated("the content of '" + currentName + "'", offset);
            offset += got;
            contentLeft -= got;
        }
        boolean padded = false;
        while (paddingLeft > 0) {
            int got = in.read(buf, 0, (int) paddingLeft);
            if (got < 0 && !padded) {
                // Go's archive/tar: an end right after the content (no padding, no end-of-archive marker) is a clean
                // end, as the docker CLI sends a Dockerfile added from outside a context (ReplaceFileTarWrapper)
                paddingLeft = 0;
                break;
            }
            if (got < 0) throw truncated("the padding after '" + currentName + "'", offset);
            padded = true;
            offset += got;
            paddingLeft -= got;
        }
    }

    private byte[] readMetadata(long size, String what, long headerAt) throws IOException {
        if (size < 0 || size > MAX_METADATA_BYTES) {
            throw invalid(headerAt, what + " of " + size + " bytes exceeds the limit of " + MAX_METADATA_BYTES);
        }
        byte[] data = new byte[(int) size];
        if (readUpTo(data, data.length) < data.length) throw truncated("a " + what, headerAt);
        long pad = padding(size);
        byte[] skip = new byte[(int) pad];
        if (readUpTo(skip, skip.length) < pad) throw truncated("a " + what, headerAt);
        return data;
    }

    /** PAX records: "LEN KEY=VALUE\n", LEN counting the whole record. Values stay raw bytes (xattrs are binary). */
    private static void parsePax(byte[] data, Map<String, byte[]> into, long headerAt) {
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            long len = 0;
            while (space < data.length && data[space] >= '0' && data[space] <= '9' && len < Integer.MAX_VALUE) {
                len = len * 10 + (data[space] - '0');
                space++;
            }
            if (space == pos || space >= data.length || data[space] != ' ' || len <= space - pos + 1
                    || pos + len > data.length || data[(int) (pos + len - 1)] != '\n') {
                throw invalid(headerAt, "malformed PAX record at byte " + pos + " of the PAX header");
            }
            int end = (int) (pos + len - 1);
            int eq = space + 1;
            while (eq < end && data[eq] != '=') eq++;
            if (eq == end || eq == space + 1) throw invalid(headerAt, "malformed PAX record at byte " + pos + " of the PAX header");
            String key = utf8(Arrays.copyOfRange(data, space + 1, eq), "PAX key", headerAt);
            into.put(key, Arrays.copyOfRange(data, eq + 1, end));
            pos = end + 1;
        }
    }

    private long paxNumber(Map<String, byte[]> pax, String key, long headerAt) {
        String s = new String(pax.get(key), StandardCharsets.US_ASCII);
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(headerAt, "invalid PAX " + key + " '" + printable(s) + "'");
        }
        return Long.parseLong(s);
    }

    private FileTime paxTime(Map<String, byte[]> pax, String key, long headerAt) {
        String s = new String(pax.get(key), StandardCharsets.US_ASCII);
        if (!s.matches("-?[0-9]{1,18}(\\.[0-9]*)?")) throw invalid(headerAt, "invalid PAX " + key + " '" + printable(s) + "'");
        boolean negative = s.startsWith("-");
        int dot = s.indexOf('.');
        long seconds = Long.parseLong(s.substring(negative ? 1 : 0, dot < 0 ? s.length() : dot));
        String fraction = dot < 0 ? "" : s.substring(dot + 1);
        fraction = (fraction + "000000000").substring(0, 9);
        long nanos = Long.parseLong(fraction);
        seconds = clampSeconds(seconds);
        Instant t = negative ? Instant.ofEpochSecond(-seconds, -nanos) : Instant.ofEpochSecond(seconds, nanos);
        return FileTime.from(t);
    }

    /** Keeps times within what Instant and the file systems can hold; beyond that a time is meaningless anyway. */
    private static long clampSeconds(long s) {
        long limit = 1L << 40; // about 34,800 years
        return Math.max(-limit, Math.min(limit, s));
    }

    private void checkId(long id, String what, String name, long headerAt) {
        if (id < 0 || id > 0xFFFF_FFFEL) throw invalid(headerAt, "'" + name + "' has an invalid " + what + " " + id);
    }

    private int deviceNumber(long n, String name, long headerAt) {
        if (n < 0 || n > 0xFFFF_FFFFL) throw invalid(headerAt, "'" + name + "' has an invalid device number " + n);
        return (int) n;
    }

    private void verifyChecksum(long headerAt) {
        long stored = number(148, 8, "checksum", headerAt);
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = (i >= 148 && i < 156) ? ' ' : block[i];
            unsigned += b & 0xff;
            signed += (i >= 148 && i < 156) ? ' ' : block[i];
        }
        if (stored != unsigned && stored != signed) throw invalid(headerAt, "header checksum mismatch (not a tar archive, or damaged)");
    }

    /** A numeric header field: octal text (NUL/space padded) or, if the high bit is set, GNU base-256. */
    private long number(int off, int len, String what, long headerAt) {
        if ((block[off] & 0x80) != 0) {
            boolean negative = (block[off] & 0x40) != 0;
            int inv = negative ? 0xff : 0;
            long x = 0;
            for (int i = 0; i < len; i++) {
                int c = (block[off + i] & 0xff) ^ inv;
                if (i == 0) c &= 0x7f;
                if ((x >>> 55) != 0) throw invalid(headerAt, "the " + what + " field overflows");
                x = (x << 8) | c;
            }
            return negative ? ~x : x;
        }
        int start = off;
        int end = off + len;
        while (start < end && (block[start] == ' ' || block[start] == 0)) start++;
        while (end > start && (block[end - 1] == ' ' || block[end - 1] == 0)) end--;
        long x = 0;
        for (int i = start; i < end; i++) {
            int c = block[i];
            if (c < '0' || c > '7') throw invalid(headerAt, "the " + what + " field is not an octal number");
            x = (x << 3) | (c - '0');
        }
        return x;
    }

    /** A NUL-terminated text field of the header, as UTF-8. */
    private String field(int off, int len, String what, long headerAt) {
        int end = off;
        while (end < off + len && block[end] != 0) end++;
        return utf8(Arrays.copyOfRange(block, off, end), what, headerAt);
    }

    private static String cString(byte[] data, String what, long headerAt) {
        int end = 0;
        while (end < data.length && data[end] != 0) end++;
        return utf8(Arrays.copyOf(data, end), what, headerAt);
    }

    private static String utf8(byte[] bytes, String what, long headerAt) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw invalid(headerAt, "the " + what + " is not valid UTF-8: '"
                    + printable(new String(bytes, StandardCharsets.UTF_8)) + "'");
        }
    }

    private int readUpTo(byte[] buf, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int got = in.read(buf, total, len - total);
            if (got < 0) break;
            total += got;
        }
        offset += total;
        return total;
    }

    private static long padding(long size) {
        return (BLOCK - (size % BLOCK)) % BLOCK;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    static String printable(Object o) {
        String s = String.valueOf(o);
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) out.append(String.format("\\x%02x", c));
            else out.appendCodePoint(c);
        });
        if (s.length() > 200) out.append("...");
        return out.toString();
    }

    private static EngineException.InvalidArgument invalid(long at, String what) {
        return new EngineException.InvalidArgument("invalid layer tar at byte " + at + ": " + what);
    }

    private static EngineException.InvalidArgument truncated(String inside, long at) {
        return new EngineException.InvalidArgument("layer tar is truncated: the stream ends inside " + inside
                + " (byte " + at + ")");
    }
}

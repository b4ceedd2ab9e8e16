package dev.berth.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes tar entries the way Go's archive/tar does in PAX format (as Docker's layers are): a ustar
 * header, preceded by a PAX header only for what ustar cannot hold (long or non-ASCII names, big
 * numbers, xattrs, sub-second times are not written). Output is deterministic: same entries, same bytes.
 */
final class TarWriter {
    private static final int BLOCK = TarReader.BLOCK;
    private static final long MAX_OCTAL_7 = 07777777L;
    private static final long MAX_OCTAL_11 = 077777777777L;

    private final OutputStream out;
    private long contentLeft;
    private long paddingLeft;

    TarWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes an entry's headers; for a regular file, exactly {@code entry.size()} bytes must follow via {@link #write}. */
    void putEntry(TarEntry e) throws IOException {
        if (contentLeft != 0) throw new IllegalStateException(contentLeft + " bytes of the previous entry are missing");
        Map<String, byte[]> pax = new TreeMap<>();
        byte[] header = new byte[BLOCK];

        String name = e.type() == TarEntry.Type.DIRECTORY && !e.name().endsWith("/") ? e.name() + "/" : e.name();
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (isAscii(nameBytes) && nameBytes.length <= 100) {
            put(header, 0, 100, nameBytes);
        } else {
            int split = isAscii(nameBytes) ? ustarSplit(nameBytes) : -1;
            if (split > 0) {
                put(header, 345, 155, java.util.Arrays.copyOfRange(nameBytes, 0, split));
                put(header, 0, 100, java.util.Arrays.copyOfRange(nameBytes, split + 1, nameBytes.length));
            } else {
                pax.put("path", nameBytes);
                put(header, 0, 100, truncate(nameBytes, 100));
            }
        }
        byte[] link = e.linkName().getBytes(StandardCharsets.UTF_8);
        if (isAscii(link) && link.length <= 100) {
            put(header, 157, 100, link);
        } else {
            pax.put("linkpath", link);
            put(header, 157, 100, truncate(link, 100));
        }
        octal(header, 100, 8, e.mode() & 07777);
        numberOrPax(header, 108, 8, Integer.toUnsignedLong(e.uid()), MAX_OCTAL_7, "uid", pax);
        numberOrPax(header, 116, 8, Integer.toUnsignedLong(e.gid()), MAX_OCTAL_7, "gid", pax);
        long size = e.type() == TarEntry.Type.REGULAR ? e.size() : 0;
        numberOrPax(header, 124, 12, size, MAX_OCTAL_11, "size", pax);
        long mtime = e.mtime().toInstant().getEpochSecond();
        if (mtime >= 0 && mtime <= MAX_OCTAL_11) {
            octal(header, 136, 12, mtime);
        } else {
            octal(header, 136, 12, 0);
            pax.put("mtime", Long.toString(mtime).getBytes(StandardCharsets.US_ASCII));
        }
        header[156] = (byte) switch (e.type()) {
            case REGULAR -> '0';
            case HARD_LINK -> '1';
            case SYMLINK -> '2';
            case CHAR_DEVICE -> '3';
            case BLOCK_DEVICE -> '4';
            case DIRECTORY -> '5';
            case FIFO -> '6';
        };
        put(header, 257, 8, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        header[263] = '0';
        header[264] = '0';
        if (e.type() == TarEntry.Type.CHAR_DEVICE || e.type() == TarEntry.Type.BLOCK_DEVICE) {
            deviceNumber(header, 329, Integer.toUnsignedLong(e.devMajor()));
            deviceNumber(header, 337, Integer.toUnsignedLong(e.devMinor()));
        } else {
            octal(header, 329, 8, 0);
            octal(header, 337, 8, 0);
        }
        for (var x : e.xattrs().entrySet()) {
            if (!isPaxKey(x.getKey())) throw new IllegalArgumentException("xattr name cannot go into a PAX record: " + x.getKey());
            pax.put("SCHILY.xattr." + x.getKey(), x.getValue());
        }

        if (!pax.isEmpty()) writePaxHeader(name, pax);
        checksum(header);
        out.write(header);
        contentLeft = size;
        paddingLeft = (BLOCK - size % BLOCK) % BLOCK;
        if (size == 0) paddingLeft = 0;
    }

    /** Content of the current regular file. */
    void write(byte[] b, int off, int len) throws IOException {
        if (len > contentLeft) throw new IllegalStateException("more content than the entry's size");
        out.write(b, off, len);
        contentLeft -= len;
        if (contentLeft == 0 && paddingLeft > 0) {
            out.write(new byte[(int) paddingLeft]);
            paddingLeft = 0;
        }
    }

    /** Writes the end-of-archive marker (two zero blocks, no record padding, as Go does). */
    void finish() throws IOException {
        if (contentLeft != 0) throw new IllegalStateException(contentLeft + " bytes of the last entry are missing");
        out.write(new byte[2 * BLOCK]);
        out.flush();
    }

    private void writePaxHeader(String name, Map<String, byte[]> records) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (var r : records.entrySet()) {
            byte[] key = r.getKey().getBytes(StandardCharsets.UTF_8);
            int rest = 1 + key.length + 1 + r.getValue().length + 1; // " " key "=" value "\n"
            int len = rest + Integer.toString(rest).length();
            if (Integer.toString(len).length() != Integer.toString(rest).length()) len = rest + Integer.toString(len).length();
            body.write(Integer.toString(len).getBytes(StandardCharsets.US_ASCII));
            body.write(' ');
            body.write(key);
            body.write('=');
            body.write(r.getValue());
            body.write('\n');
        }
        byte[] data = body.toByteArray();
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        int slash = trimmed.lastIndexOf('/');
        String dir = slash < 0 ? "." : trimmed.substring(0, slash);
        String base = trimmed.substring(slash + 1);
        byte[] header = new byte[BLOCK];
        put(header, 0, 100, truncate((dir + "/PaxHeaders.0/" + base).getBytes(StandardCharsets.UTF_8), 100));
        octal(header, 100, 8, 0);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, data.length);
        octal(header, 136, 12, 0);
        header[156] = 'x';
        put(header, 257, 8, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        header[263] = '0';
        header[264] = '0';
        octal(header, 329, 8, 0);
        octal(header, 337, 8, 0);
        checksum(header);
        out.write(header);
        out.write(data);
        out.write(new byte[(BLOCK - data.length % BLOCK) % BLOCK]);
    }

    /** Where to split a long ASCII name into ustar prefix (≤155) and name (≤100), or -1. */
    private static int ustarSplit(byte[] name) {
        if (name.length > 256) return -1;
        for (int i = Math.min(name.length - 2, 155); i > 0; i--) {
            if (name[i] == '/' && name.length - i - 1 <= 100 && name.length - i - 1 > 0) return i;
        }
        return -1;
    }

    private static void numberOrPax(byte[] h, int off, int len, long v, long max, String key, Map<String, byte[]> pax) {
        if (v <= max) {
            octal(h, off, len, v);
        } else {
            octal(h, off, len, 0);
            pax.put(key, Long.toString(v).getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Device numbers have no PAX key; big ones use GNU base-256, which GNU tar and Go read. */
    private static void deviceNumber(byte[] h, int off, long v) {
        if (v <= MAX_OCTAL_7) {
            octal(h, off, 8, v);
        } else {
            h[off] = (byte) 0x80;
            for (int i = 7; i >= 1; i--) {
                h[off + i] = (byte) v;
                v >>>= 8;
            }
        }
    }

    /** Zero-padded octal digits followed by a NUL, filling the field. */
    private static void octal(byte[] h, int off, int len, long v) {
        String s = Long.toOctalString(v);
        int digits = len - 1;
        for (int i = 0; i < digits; i++) {
            int from = s.length() - digits + i;
            h[off + i] = (byte) (from >= 0 ? s.charAt(from) : '0');
        }
        h[off + digits] = 0;
    }

    private static void checksum(byte[] h) {
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) sum += b & 0xff;
        String s = String.format("%06o", sum);
        for (int i = 0; i < 6; i++) h[148 + i] = (byte) s.charAt(i);
        h[154] = 0;
        h[155] = ' ';
    }

    private static void put(byte[] h, int off, int len, byte[] v) {
        System.arraycopy(v, 0, h, off, Math.min(len, v.length));
    }

    private static byte[] truncate(byte[] b, int max) {
        return b.length <= max ? b : java.util.Arrays.copyOf(b, max);
    }

    /** PAX splits a record at its first '=': a key must not hold one (nor a NUL or newline). */
    static boolean isPaxKey(String key) {
        return !key.isEmpty() && key.indexOf('=') < 0 && key.indexOf('\0') < 0 && key.indexOf('\n') < 0;
    }

    private static boolean isAscii(byte[] b) {
        for (byte x : b) if (x < 0 || x == 0) return false;
        return true;
    }
}

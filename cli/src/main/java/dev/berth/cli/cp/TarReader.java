package dev.berth.cli.cp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a tar stream entry by entry: ustar and GNU headers, GNU long names ({@code L}/{@code K}),
 * PAX extended headers (path, linkpath, size, mtime). {@link #content()} reads the current entry's data.
 */
public final class TarReader {
    private final InputStream in;
    private long remaining;
    private long padding;

    public TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, or null at the end of the archive. */
    public TarEntry next() throws IOException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
        String longName = null;
        String longLink = null;
        String paxPath = null;
        String paxLink = null;
        Long paxSize = null;
        Long paxMtime = null;
        while (true) {
            byte[] h = new byte[512];
            if (!readBlock(h)) return null;
            if (allZero(h)) {
                return null;
            }
            char type = (char) h[156];
            long size = number(h, 124, 12);
            if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
                byte[] data = readData(size);
                if (type == 'L') longName = cstring(data, 0, data.length);
                else if (type == 'K') longLink = cstring(data, 0, data.length);
                else if (type == 'x') {
                    String[] p = pax(data);
                    if (p[0] != null) paxPath = p[0];
                    if (p[1] != null) paxLink = p[1];
                    if (p[2] != null) paxSize = Long.parseLong(p[2]);
                    if (p[3] != null) paxMtime = (long) Double.parseDouble(p[3]);
                }
                continue;
            }
            String name = cstring(h, 0, 100);
            boolean ustar = new String(h, 257, 5, StandardCharsets.ISO_8859_1).equals("ustar");
            if (ustar && h[345] != 0) name = cstring(h, 345, 155) + "/" + name;
            String link = cstring(h, 157, 100);
            if (longName != null) name = longName;
            if (longLink != null) link = longLink;
            if (paxPath != null) name = paxPath;
            if (paxLink != null) link = paxLink;
            if (paxSize != null) size = paxSize;
            long mtime = paxMtime != null ? paxMtime : number(h, 136, 12);
            if (type == 0 || type == '7') type = TarEntry.FILE;
            if (type == TarEntry.FILE && name.endsWith("/")) type = TarEntry.DIRECTORY;
            long dataSize = type == TarEntry.DIRECTORY || type == TarEntry.SYMLINK || type == TarEntry.HARDLINK ? 0 : size;
            remaining = dataSize;
            padding = (512 - dataSize % 512) % 512;
            return new TarEntry(name, type, (int) number(h, 100, 8), number(h, 108, 8), number(h, 116, 8), dataSize, mtime,
                    link);
        }
    }

    /** The current entry's data; reading past it gives EOF. */
    public InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) return -1;
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) throw new EOFException("unexpected EOF in tar entry");
                remaining -= n;
                return n;
            }
        };
    }

    private byte[] readData(long size) throws IOException {
        if (size > 1 << 20) throw new IOException("tar extended header too large");
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) throw new EOFException("unexpected EOF in tar header");
        skip((512 - size % 512) % 512);
        return data;
    }

    private boolean readBlock(byte[] h) throws IOException {
        int n = in.readNBytes(h, 0, 512);
        if (n == 0) return false;
        if (n < 512) throw new EOFException("unexpected EOF in tar header");
        return true;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) throw new EOFException("unexpected EOF in tar stream");
                s = 1;
            }
            n -= s;
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private static String cstring(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    static long number(byte[] b, int off, int len) {
        if ((b[off] & 0x80) != 0) {
            long v = b[off] & 0x7f;
            for (int i = 1; i < len; i++) v = (v << 8) | (b[off + i] & 0xff);
            return v;
        }
        long v = 0;
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c == 0 || c == ' ') {
                if (v != 0 || i > off) {
                    // trailing NUL or space ends the number; leading spaces are skipped
                    boolean rest = true;
                    for (int j = i; j < off + len; j++) if (b[j] != 0 && b[j] != ' ') rest = false;
                    if (rest) break;
                }
                continue;
            }
            if (c < '0' || c > '7') break;
            v = v * 8 + (c - '0');
        }
        return v;
    }

    /** {path, linkpath, size, mtime} from PAX records ("LEN key=value\n"). */
    private static String[] pax(byte[] data) {
        String[] out = new String[4];
        int i = 0;
        while (i < data.length) {
            int sp = i;
            while (sp < data.length && data[sp] != ' ') sp++;
            if (sp >= data.length) break;
            int len = Integer.parseInt(new String(data, i, sp - i, StandardCharsets.US_ASCII));
            if (len <= 0 || i + len > data.length) break;
            String rec = new String(data, sp + 1, i + len - sp - 2, StandardCharsets.UTF_8);
            int eq = rec.indexOf('=');
            if (eq > 0) {
                String k = rec.substring(0, eq);
                String v = rec.substring(eq + 1);
                switch (k) {
                    case "path" -> out[0] = v;
                    case "linkpath" -> out[1] = v;
                    case "size" -> out[2] = v;
                    case "mtime" -> out[3] = v;
                    default -> { }
                }
            }
            i += len;
        }
        return out;
    }
}

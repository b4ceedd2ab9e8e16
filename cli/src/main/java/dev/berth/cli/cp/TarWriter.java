package dev.berth.cli.cp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes tar archives as Go's {@code archive/tar} does for {@code docker cp}: ustar headers, with a
 * PAX extended header when a name or link is too long or not ASCII, or a size too large for ustar.
 */
public final class TarWriter implements AutoCloseable {
    private final OutputStream out;
    private long toPad;

    public TarWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes a header; for files, write exactly {@code size} bytes of content next. */
    public void header(TarEntry e) throws IOException {
        pad();
        String name = e.name();
        String link = e.linkName() == null ? "" : e.linkName();
        boolean pax = !fits(name, 100) || !fits(link, 100) || e.size() > 077777777777L || e.uid() > 07777777
                || e.gid() > 07777777;
        String prefix = "";
        if (pax && fits(link, 100) && e.size() <= 077777777777L && ascii(name)) {
            // a long name may still fit as ustar prefix + name
            int slash = name.lastIndexOf('/', Math.min(name.length() - 1, 155));
            while (slash > 0) {
                String p = name.substring(0, slash);
                String n = name.substring(slash + 1);
                if (p.length() <= 155 && n.length() <= 100 && !n.isEmpty()) {
                    prefix = p;
                    name = n;
                    pax = e.uid() > 07777777 || e.gid() > 07777777;
                    break;
                }
                slash = name.lastIndexOf('/', slash - 1);
            }
        }
        if (pax) {
            StringBuilder records = new StringBuilder();
            if (!fits(e.name(), 100) && prefix.isEmpty()) record(records, "path", e.name());
            if (!fits(link, 100)) record(records, "linkpath", link);
            if (e.size() > 077777777777L) record(records, "size", Long.toString(e.size()));
            if (e.uid() > 07777777) record(records, "uid", Long.toString(e.uid()));
            if (e.gid() > 07777777) record(records, "gid", Long.toString(e.gid()));
            byte[] data = records.toString().getBytes(StandardCharsets.UTF_8);
            String paxName = "PaxHeaders.0/" + last(e.name());
            writeHeader(truncate(paxName, 100), "", 'x', 0644, 0, 0, data.length, e.mtime(), "");
            out.write(data);
            toPad = data.length;
            pad();
            if (prefix.isEmpty()) name = truncate(name, 100);
            link = truncate(link, 100);
        }
        writeHeader(name, prefix, e.type(), e.mode(), Math.min(e.uid(), 07777777), Math.min(e.gid(), 07777777),
                e.type() == TarEntry.FILE ? e.size() : 0, e.mtime(), link);
        toPad = e.type() == TarEntry.FILE ? e.size() : 0;
    }

    /** Copies an entry's content. */
    public void content(InputStream data) throws IOException {
        data.transferTo(out);
    }

    private void writeHeader(String name, String prefix, char type, int mode, long uid, long gid, long size, long mtime,
                             String link) throws IOException {
        byte[] h = new byte[512];
        put(h, 0, 100, name);
        octal(h, 100, 8, mode & 07777);
        octal(h, 108, 8, uid);
        octal(h, 116, 8, gid);
        octal(h, 124, 12, size);
        octal(h, 136, 12, Math.max(0, mtime));
        for (int i = 148; i < 156; i++) h[i] = ' ';
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        h[263] = '0';
        h[264] = '0';
        octal(h, 329, 8, 0);
        octal(h, 337, 8, 0);
        put(h, 345, 155, prefix);
        long sum = 0;
        for (byte b : h) sum += b & 0xff;
        octal(h, 148, 7, sum);
        h[155] = ' ';
        out.write(h);
    }

    private void pad() throws IOException {
        long p = (512 - toPad % 512) % 512;
        if (p > 0) out.write(new byte[(int) p]);
        toPad = 0;
    }

    /** Ends the archive (two zero blocks). */
    @Override
    public void close() throws IOException {
        pad();
        out.write(new byte[1024]);
        out.flush();
    }

    private static void record(StringBuilder sb, String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        int len = bytes + Integer.toString(bytes).length();
        if (Integer.toString(len).length() != Integer.toString(bytes).length()) len++;
        sb.append(len).append(body);
    }

    private static boolean fits(String s, int max) {
        return ascii(s) && s.length() <= max;
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= 0x80 || s.charAt(i) == 0) return false;
        return true;
    }

    private static String last(String name) {
        String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        return n.substring(n.lastIndexOf('/') + 1);
    }

    private static String truncate(String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return b.length <= max ? s : new String(b, 0, max, StandardCharsets.ISO_8859_1);
    }

    private static void put(byte[] h, int off, int len, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(b, 0, h, off, Math.min(len, b.length));
    }

    private static void octal(byte[] h, int off, int len, long v) {
        String s = Long.toOctalString(v);
        int digits = len - 1;
        StringBuilder sb = new StringBuilder();
        for (int i = s.length(); i < digits; i++) sb.append('0');
        sb.append(s);
        put(h, off, digits, sb.toString());
        h[off + digits] = 0;
    }
}

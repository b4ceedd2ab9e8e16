package dev.berth.archive;

import dev.berth.common.EngineException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What a tar holds, read in one pass without writing a file: each entry's cleaned path, type, mode, size, link target,
 * the sha256 of its content and where that content starts in the stream. The bytes read are copied to {@code copy} as
 * they pass, so the archive can be unpacked later ({@link LayerUnpacker}) only if its files are really needed: the
 * builder hashes a context this way and unpacks it only when a step misses the cache.
 *
 * <p>Names are checked as {@link LayerUnpacker} checks them ({@code ..}, NUL, lengths). An archive that names a path
 * twice is {@link #ambiguous}: what it unpacks to depends on the order of removals and merges, so callers should look
 * at the unpacked files instead.
 */
public final class TarIndex {
    /** The kinds of entry. */
    public enum Type { REGULAR, HARD_LINK, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, DIRECTORY, FIFO }

    /**
     * One entry.
     *
     * @param path          the cleaned relative path ({@code a/b}, never empty)
     * @param mode          permission bits (07777)
     * @param size          content bytes (regular files)
     * @param linkName      a link's target as written, else ""
     * @param sha256        the content's sha256, hex (regular files), else null
     * @param contentOffset where the content starts in the stream
     */
    public record Entry(String path, Type type, int mode, int uid, int gid, long size, String linkName, String sha256,
                        long contentOffset) {}

    private final Map<String, Entry> entries;
    private final boolean ambiguous;

    private TarIndex(Map<String, Entry> entries, boolean ambiguous) {
        this.entries = entries;
        this.ambiguous = ambiguous;
    }

    /** The entries by cleaned path (the root itself is left out). */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** Whether some path is named twice. */
    public boolean ambiguous() {
        return ambiguous;
    }

    /**
     * Reads {@code uncompressedTar} to its end, copying every byte to {@code copy}.
     *
     * @throws EngineException.InvalidArgument a malformed archive or a bad name
     * @throws UncheckedIOException {@code copy} failed
     */
    public static TarIndex read(InputStream uncompressedTar, OutputStream copy) throws IOException {
        InputStream tee = new FilterInputStream(uncompressedTar) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) copy.write(b, off, n);
                return n;
            }
        };
        TarReader reader = new TarReader(tee);
        Map<String, Entry> entries = new HashMap<>();
        boolean ambiguous = false;
        byte[] buf = new byte[64 * 1024];
        TarEntry e;
        while ((e = reader.next()) != null) {
            List<String> parts = RootedTree.clean(e.name(), e.name());
            if (parts.isEmpty()) continue; // the root: it stays as the caller makes it
            String path = String.join("/", parts);
            long offset = reader.offset();
            String sha256 = null;
            if (e.type() == TarEntry.Type.REGULAR) {
                MessageDigest d = sha256();
                InputStream content = reader.content();
                for (int n; (n = content.read(buf)) > 0; ) d.update(buf, 0, n);
                sha256 = HexFormat.of().formatHex(d.digest());
            }
            Entry entry = new Entry(path, Type.valueOf(e.type().name()), e.mode() & 07777, e.uid(), e.gid(), e.size(),
                    e.linkName(), sha256, offset);
            if (entries.put(path, entry) != null || path.startsWith(".wh.") || path.contains("/.wh.")) ambiguous = true;
        }
        uncompressedTar.transferTo(copy); // what follows the end marker, so the copy is the whole stream
        return new TarIndex(Map.copyOf(entries), ambiguous);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.berth.image;

import dev.berth.common.EngineException;
import dev.berth.content.ContentStore;
import dev.berth.content.Writer;
import dev.berth.oci.Digest;
import dev.berth.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads an image archive's tar stream once, in whatever order its entries come: files named
 * {@code blobs/sha256/<hex>} are checked against their name as they are written into the content
 * store, other data files are stored under the digest of their bytes, and the top-level metadata
 * ({@link SpooledArchive#METADATA}) is kept in memory up to {@link OciJson#MAX_DOCUMENT_BYTES}.
 * The legacy v1 files {@code <id>/json} and {@code <id>/VERSION} are skipped: nothing needs them.
 */
final class ArchiveSpool {
    /** More entries than this is not an image archive but an attempt to fill the disk with garbage. */
    static final int MAX_ENTRIES = 200_000;
    private static final Pattern BLOB_PATH = Pattern.compile("blobs/sha256/([a-f0-9]{64})");

    private final ContentStore content;

    ArchiveSpool(ContentStore content) {
        this.content = content;
    }

    /**
     * Spools a (possibly compressed) tar stream.
     *
     * @throws EngineException.InvalidArgument if the stream is not a readable tar, is truncated,
     *         names a path outside itself, has a blob that does not match its name, or has
     *         oversized metadata. Blobs committed before the error stay as garbage for gc.
     */
    SpooledArchive spool(InputStream archive) {
        Map<String, SpooledArchive.File> files = new HashMap<>();
        Map<String, byte[]> metadata = new HashMap<>();
        Map<String, String> links = new HashMap<>();
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(Compression.autoDecompress(archive));
            int entries = 0;
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (++entries > MAX_ENTRIES) {
                    throw new EngineException.InvalidArgument("invalid archive: more than " + MAX_ENTRIES + " entries");
                }
                String name = ArchivePaths.normalise(entry.getName());
                if (name.isEmpty() || entry.isDirectory()) continue;
                if (entry.isSymbolicLink()) {
                    links.put(name, ArchivePaths.resolveLink(name, entry.getLinkName()));
                } else if (entry.isLink()) {
                    links.put(name, ArchivePaths.normalise(entry.getLinkName()));
                } else if (!entry.isFile()) {
                    continue; // devices, fifos: nothing an image archive needs
                } else if (SpooledArchive.METADATA.contains(name)) {
                    metadata.put(name, readSmall(tar, name));
                } else if (isLegacyV1File(name)) {
                    continue;
                } else {
                    files.put(name, spoolFile(tar, name, entry.getSize()));
                }
            }
        } catch (IOException e) {
            throw new EngineException.InvalidArgument("invalid archive: cannot read it as a tar stream ("
                    + e.getMessage() + "); is it truncated or not an image archive?", e);
        }
        return new SpooledArchive(files, metadata, links);
    }

    private SpooledArchive.File spoolFile(InputStream in, String name, long size) throws IOException {
        Matcher m = BLOB_PATH.matcher(name);
        Digest expected = m.matches() ? new Digest(m.group(1)) : null;
        if (expected != null && content.exists(expected)) {
            // already stored: check the archive's copy all the same, without writing it again
            CountingInputStream counting = new CountingInputStream(in);
            counting.drain();
            if (!counting.digest().equals(expected) || counting.count() != size) {
                throw mismatch(name, counting.digest());
            }
            return new SpooledArchive.File(expected, size);
        }
        try (Writer w = content.writer()) {
            w.copyFrom(in);
            if (w.size() != size) {
                throw new EngineException.InvalidArgument("invalid archive: entry " + name + " is truncated");
            }
            if (expected != null && !expected.equals(w.digest())) throw mismatch(name, w.digest());
            var info = w.commit(size, expected);
            return new SpooledArchive.File(info.digest(), info.size());
        }
    }

    private static byte[] readSmall(InputStream in, String name) throws IOException {
        byte[] b = in.readNBytes(OciJson.MAX_DOCUMENT_BYTES + 1);
        if (b.length > OciJson.MAX_DOCUMENT_BYTES) {
            throw new EngineException.InvalidArgument("invalid archive: " + name + " is larger than "
                    + OciJson.MAX_DOCUMENT_BYTES + " bytes");
        }
        return b;
    }

    private static boolean isLegacyV1File(String name) {
        int slash = name.indexOf('/');
        if (slash < 0 || slash != name.lastIndexOf('/')) return false;
        String file = name.substring(slash + 1);
        return file.equals("json") || file.equals("VERSION");
    }

    private static EngineException.InvalidArgument mismatch(String name, Digest actual) {
        return new EngineException.InvalidArgument("invalid archive: " + name
                + " does not match its digest (its content is " + actual + ")");
    }
}

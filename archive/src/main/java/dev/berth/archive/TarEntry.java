package dev.berth.archive;

import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One tar entry after its extended headers (PAX, GNU long names) were merged in. Names are as in
 * the archive; only {@link LayerUnpacker} decides what they mean on disk.
 *
 * @param name     the entry's path in the archive, not yet cleaned
 * @param mode     permission bits including setuid, setgid and sticky (07777)
 * @param uid      numeric owner, 0 to 2^32-2
 * @param gid      numeric group, 0 to 2^32-2
 * @param size     bytes of content that follow the header (0 for all types but {@link Type#REGULAR})
 * @param atime    access time from a PAX record, or null
 * @param linkName target of a hard or symbolic link, else ""
 * @param xattrs   extended attributes from {@code SCHILY.xattr.*} records, values as raw bytes, sorted by name
 */
record TarEntry(String name, Type type, int mode, int uid, int gid, long size, FileTime mtime, FileTime atime,
                String linkName, int devMajor, int devMinor, Map<String, byte[]> xattrs) {

    /** The kinds of entry a layer may hold. */
    enum Type { REGULAR, HARD_LINK, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, DIRECTORY, FIFO }

    TarEntry {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(mtime);
        linkName = linkName == null ? "" : linkName;
        xattrs = xattrs == null || xattrs.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(xattrs));
    }
}

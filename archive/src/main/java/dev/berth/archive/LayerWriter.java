package dev.berth.archive;

import dev.berth.common.EngineException;
import dev.berth.common.linux.ErrnoException;
import dev.berth.common.linux.Libc;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * Turns a directory into an uncompressed layer tar, the way Docker writes layers: entries sorted by
 * name (bytewise), depth first, the directory itself not included; numeric owners without names;
 * modes with setuid/setgid/sticky; modification times in whole seconds; xattrs as PAX
 * {@code SCHILY.xattr.*}; the second and later names of a multiply linked file as hard links to the
 * first; devices and fifos; sockets skipped. The same tree always gives the same bytes.
 *
 * <p>{@link #forOverlayUpper()} reads an overlayfs upper dir: 0/0 character devices become
 * {@code .wh.NAME} and opaque directories get a {@code .wh..wh..opq} entry right after their own.
 * {@code trusted.overlay.*} xattrs are never written. Upper dirs with redirected directories or
 * metacopy files cannot be diffed this way and are refused; mount overlays with
 * {@code redirect_dir=off,metacopy=off} (the kernel defaults) when their upper dir will be committed.
 */
public final class LayerWriter {
    private static final String ATTRIBUTES = "unix:mode,uid,gid,ino,dev,rdev,nlink,size,lastModifiedTime";
    private static final Comparator<String> BYTEWISE = (a, b) ->
            Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private final boolean overlayUpper;
    private final BiPredicate<String, Path> skip;

    private LayerWriter(boolean overlayUpper, BiPredicate<String, Path> skip) {
        this.overlayUpper = overlayUpper;
        this.skip = skip;
    }

    /** Archives a plain directory tree (a container's flattened root file system, a build context). */
    public static LayerWriter forDirectory() {
        return new LayerWriter(false, (name, p) -> false);
    }

    /** Archives an overlayfs upper dir as an OCI layer diff, converting overlay whiteouts. */
    public static LayerWriter forOverlayUpper() {
        return new LayerWriter(true, (name, p) -> false);
    }

    /**
     * The same writer leaving out the entries (and what is below them) for which {@code skip} answers
     * true, given the entry's name (relative, without a trailing slash) and its file.
     */
    public LayerWriter skipping(BiPredicate<String, Path> skip) {
        return new LayerWriter(overlayUpper, skip);
    }

    /**
     * Writes the contents of {@code dir} as a tar to {@code out} (flushed, not closed). A problem
     * reading the tree is an {@link EngineException.FailedPrecondition} naming the file; an
     * {@link IOException} comes only from {@code out}.
     */
    public WriteResult write(Path dir, OutputStream out) throws IOException {
        return write(dir, Map.of(), out);
    }

    /**
     * As {@link #write(Path, OutputStream)}, with {@code extra} files (top-level name to contents) in place of the
     * tree's entries of the same names, at the end, as regular files of root's with mode {@code 0600} and the
     * current time (the docker CLI's {@code ReplaceFileTarWrapper} for a Dockerfile from outside a build context).
     */
    public WriteResult write(Path dir, Map<String, byte[]> extra, OutputStream out) throws IOException {
        Sha256OutputStream counted = new Sha256OutputStream(out);
        BufferedOutputStream buffered = new BufferedOutputStream(counted, 128 * 1024);
        LayerWriter writer = extra.isEmpty() ? this : new LayerWriter(overlayUpper, (name, p) -> extra.containsKey(name) || skip.test(name, p));
        Walk walk = writer.new Walk(dir, new TarWriter(buffered));
        walk.directory(dir, "");
        FileTime now = FileTime.from(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
        for (Map.Entry<String, byte[]> e : extra.entrySet()) {
            byte[] b = e.getValue();
            walk.tar.putEntry(new TarEntry(e.getKey(), TarEntry.Type.REGULAR, 0600, 0, 0, b.length, now, null, "", 0, 0, Map.of()));
            walk.tar.write(b, 0, b.length);
        }
        walk.tar.finish();
        buffered.flush();
        return new WriteResult(counted.hex(), counted.count());
    }

    /**
     * Writes one file system object as a tar to {@code out} (flushed, not closed), as {@code docker cp}
     * archives a path: {@code path} itself under {@code name} (a symbolic link is archived as a link,
     * never followed), and for a directory everything below it as {@code name/...}. {@code name} ""
     * gives Docker's entries for the root ({@code /}, {@code /etc/}...), {@code "."} gives {@code ./},
     * {@code ./x}... Errors as {@link #write}.
     */
    public WriteResult writeTree(Path path, String name, OutputStream out) throws IOException {
        Sha256OutputStream counted = new Sha256OutputStream(out);
        BufferedOutputStream buffered = new BufferedOutputStream(counted, 128 * 1024);
        Walk walk = new Walk(path, new TarWriter(buffered));
        walk.entry(path, name, name.substring(name.lastIndexOf('/') + 1));
        walk.tar.finish();
        buffered.flush();
        return new WriteResult(counted.hex(), counted.count());
    }

    private final class Walk {
        final Path root;
        final TarWriter tar;
        final Map<String, String> firstNameByInode = new HashMap<>();
        final byte[] buffer = new byte[256 * 1024];

        Walk(Path root, TarWriter tar) {
            this.root = root;
            this.tar = tar;
        }

        void directory(Path dir, String rel) throws IOException {
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) names.add(p.getFileName().toString());
            } catch (IOException e) {
                throw unreadable(dir, e);
            }
            names.sort(BYTEWISE);
            for (String name : names) entry(dir.resolve(name), rel + name, name);
        }

        void entry(Path p, String name, String baseName) throws IOException {
            if (skip.test(name, p)) return;
            Map<String, Object> a;
            try {
                a = Files.readAttributes(p, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw unreadable(p, e);
            }
            int mode = (Integer) a.get("mode");
            int type = mode & Libc.S_IFMT;
            int uid = (Integer) a.get("uid");
            int gid = (Integer) a.get("gid");
            long rdev = ((Number) a.get("rdev")).longValue();
            FileTime mtime = FileTime.from(Instant.ofEpochSecond(((FileTime) a.get("lastModifiedTime")).toInstant().getEpochSecond()));
            String parent = name.substring(0, name.length() - baseName.length());

            if (overlayUpper && type == Libc.S_IFCHR && rdev == 0) {
                tar.putEntry(new TarEntry(parent + Whiteouts.PREFIX + baseName, TarEntry.Type.REGULAR, 0600, uid, gid,
                        0, mtime, null, "", 0, 0, Map.of()));
                return;
            }
            if (type == 0140000) return; // sockets belong to a running process, not to an image
            int perm = mode & 07777;
            if (type != Libc.S_IFDIR && ((Number) a.get("nlink")).longValue() > 1) {
                String inode = a.get("dev") + ":" + a.get("ino");
                String first = firstNameByInode.putIfAbsent(inode, name);
                if (first != null) {
                    tar.putEntry(new TarEntry(name, TarEntry.Type.HARD_LINK, perm, uid, gid, 0, mtime, null, first,
                            0, 0, Map.of()));
                    return;
                }
            }
            Map<String, byte[]> xattrs = xattrs(p);
            boolean opaque = overlayUpper && type == Libc.S_IFDIR && isOpaque(p);
            switch (type) {
                case Libc.S_IFDIR -> {
                    tar.putEntry(new TarEntry(name + "/", TarEntry.Type.DIRECTORY, perm, uid, gid, 0, mtime, null, "",
                            0, 0, xattrs));
                    if (opaque) {
                        tar.putEntry(new TarEntry(name + "/" + Whiteouts.OPAQUE, TarEntry.Type.REGULAR, mode & 0777, uid,
                                gid, 0, mtime, null, "", 0, 0, Map.of()));
                    }
                    directory(p, name + "/");
                }
                case Libc.S_IFREG -> regularFile(p, new TarEntry(name, TarEntry.Type.REGULAR, perm, uid, gid,
                        ((Number) a.get("size")).longValue(), mtime, null, "", 0, 0, xattrs));
                case Libc.S_IFLNK -> tar.putEntry(new TarEntry(name, TarEntry.Type.SYMLINK, perm, uid, gid, 0, mtime, null,
                        readlink(p), 0, 0, xattrs));
                case Libc.S_IFCHR, Libc.S_IFBLK -> tar.putEntry(new TarEntry(name,
                        type == Libc.S_IFCHR ? TarEntry.Type.CHAR_DEVICE : TarEntry.Type.BLOCK_DEVICE, perm, uid, gid, 0,
                        mtime, null, "", Libc.major(rdev), Libc.minor(rdev), xattrs));
                case Libc.S_IFIFO -> tar.putEntry(new TarEntry(name, TarEntry.Type.FIFO, perm, uid, gid, 0, mtime, null, "",
                        0, 0, xattrs));
                default -> throw new EngineException.FailedPrecondition("cannot archive " + p + ": unknown file type "
                        + Integer.toOctalString(type));
            }
        }

        void regularFile(Path p, TarEntry e) throws IOException {
            FileChannel ch;
            try {
                ch = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException ex) {
                throw unreadable(p, ex);
            }
            try (ch) {
                tar.putEntry(e);
                long left = e.size();
                while (left > 0) {
                    int n;
                    try {
                        n = ch.read(ByteBuffer.wrap(buffer, 0, (int) Math.min(buffer.length, left)));
                    } catch (IOException ex) {
                        throw unreadable(p, ex);
                    }
                    if (n < 0) {
                        throw new EngineException.FailedPrecondition("cannot archive " + p
                                + ": it shrank while being read; stop what writes to it and try again");
                    }
                    tar.write(buffer, 0, n); // an IOException here is the output's
                    left -= n;
                }
            }
        }

        Map<String, byte[]> xattrs(Path p) {
            try {
                Map<String, byte[]> out = new TreeMap<>();
                for (String key : Libc.llistxattr(p)) {
                    if (key.startsWith(Whiteouts.OVERLAY_XATTR_PREFIX)) {
                        if (overlayUpper && (key.equals("trusted.overlay.redirect") || key.equals("trusted.overlay.metacopy"))) {
                            throw new EngineException.FailedPrecondition("cannot diff overlay upper dir " + root + ": "
                                    + p + " has " + key + "; mount the overlay with redirect_dir=off,metacopy=off");
                        }
                        continue;
                    }
                    if (!TarWriter.isPaxKey(key)) continue; // PAX cannot carry a name with '=': skipped
                    Libc.lgetxattr(p, key).ifPresent(v -> out.put(key, v));
                }
                return out;
            } catch (ErrnoException e) {
                if (e.errno() == Libc.EOPNOTSUPP) return Map.of();
                throw unreadable(p, e);
            } catch (IOException e) {
                throw unreadable(p, e);
            }
        }

        boolean isOpaque(Path p) {
            try {
                return Libc.lgetxattr(p, Whiteouts.OVERLAY_OPAQUE_XATTR)
                        .map(v -> new String(v, StandardCharsets.US_ASCII).equals("y")).orElse(false);
            } catch (ErrnoException e) {
                if (e.errno() == Libc.EOPNOTSUPP) return false;
                throw unreadable(p, e);
            } catch (IOException e) {
                throw unreadable(p, e);
            }
        }

        String readlink(Path p) {
            try {
                return Libc.readlink(p);
            } catch (IOException e) {
                throw unreadable(p, e);
            }
        }
    }

    private static EngineException unreadable(Path p, IOException e) {
        return new EngineException.FailedPrecondition("cannot archive " + p + ": " + e.getMessage(), e);
    }
}

package dev.berth.cli.cp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local side of {@code docker cp}, after moby's {@code archive} package: tar a local path the way
 * {@code TarResourceRebase} does, and extract a tar into a directory as {@code Untar} does for
 * cp (ownership not restored; a directory never replaced by a non-directory or the reverse; no
 * entry may land outside the destination).
 */
public final class LocalArchive {
    private LocalArchive() {}

    /** Go's {@code filepath.Clean}. */
    public static String clean(String p) {
        return dev.berth.cli.run.Devices.cleanPath(p);
    }

    /** {@code SplitPathDirEntry}: {dir, base}, keeping a trailing {@code /.}. */
    public static String[] splitPathDirEntry(String path) {
        String cleaned = clean(path);
        if (specifiesCurrentDir(path)) cleaned = cleaned + "/.";
        int slash = cleaned.lastIndexOf('/');
        String dir;
        String base;
        if (slash < 0) {
            dir = ".";
            base = cleaned;
        } else {
            dir = slash == 0 ? "/" : clean(cleaned.substring(0, slash));
            base = cleaned.substring(slash + 1);
            if (base.isEmpty()) base = "/";
        }
        return new String[] {dir, base};
    }

    public static boolean specifiesCurrentDir(String path) {
        return base(path).equals(".");
    }

    public static boolean hasTrailingSeparator(String path) {
        return !path.isEmpty() && path.charAt(path.length() - 1) == '/';
    }

    /** {@code assertsDirectory}: a trailing slash or a final {@code .}. */
    public static boolean assertsDirectory(String path) {
        return hasTrailingSeparator(path) || specifiesCurrentDir(path);
    }

    /** Go's {@code filepath.Base}. */
    public static String base(String path) {
        if (path.isEmpty()) return ".";
        while (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
        if (path.equals("/")) return "/";
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** {@code PreserveTrailingDotOrSeparator}. */
    public static String preserveTrailingDotOrSeparator(String cleaned, String original) {
        if (!specifiesCurrentDir(cleaned) && specifiesCurrentDir(original)) {
            if (!hasTrailingSeparator(cleaned)) cleaned += "/";
            cleaned += ".";
        }
        if (!hasTrailingSeparator(cleaned) && hasTrailingSeparator(original)) cleaned += "/";
        return cleaned;
    }

    /**
     * Writes a tar of {@code sourcePath} (a file, or a directory and everything in it), entries named
     * from the path's base name; {@code oldBase}, if not null, is replaced by {@code newBase} once in
     * every name ({@code RebaseArchiveEntries}).
     *
     * @return the bytes written
     */
    public static void tar(String sourcePath, String rebaseName, String oldBase, String newBase, OutputStream out)
            throws IOException {
        String[] split = splitPathDirEntry(sourcePath);
        Path dir = Path.of(split[0]);
        String base = split[1];
        Path root = base.equals(".") ? dir : dir.resolve(base);
        try (TarWriter w = new TarWriter(out)) {
            walk(w, root, base.equals(".") ? "." : base, base, rebaseName, oldBase, newBase);
        }
    }

    private static void walk(TarWriter w, Path file, String rel, String base, String rebaseName, String oldBase,
                             String newBase) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String name = rel;
        if (rebaseName != null && !rebaseName.isEmpty() && (name.equals(base) || name.startsWith(base + "/"))) {
            name = rebaseName + name.substring(base.length());
        }
        if (a.isDirectory() && !name.endsWith("/")) name += "/";
        String link = "";
        char type;
        long size = 0;
        if (a.isDirectory()) {
            type = TarEntry.DIRECTORY;
        } else if (a.isSymbolicLink()) {
            type = TarEntry.SYMLINK;
            link = Files.readSymbolicLink(file).toString();
        } else if (a.isRegularFile()) {
            type = TarEntry.FILE;
            size = a.size();
        } else {
            type = TarEntry.FIFO;
        }
        int mode = 0644;
        long uid = 0;
        long gid = 0;
        try {
            Map<String, Object> unix = Files.readAttributes(file, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
            mode = ((Integer) unix.get("mode")) & 07777;
            uid = ((Integer) unix.get("uid")) & 0xffffffffL;
            gid = ((Integer) unix.get("gid")) & 0xffffffffL;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // no unix view: defaults
        }
        if (oldBase != null) {
            name = replaceFirst(name, oldBase, newBase);
        }
        w.header(new TarEntry(name, type, mode, uid, gid, size, a.lastModifiedTime().toMillis() / 1000, link));
        if (type == TarEntry.FILE) {
            try (InputStream in = Files.newInputStream(file)) {
                long copied = copyExactly(in, out(w), size);
                if (copied != size) throw new IOException("archive/tar: write too long");
            }
        }
        if (a.isDirectory()) {
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(file)) {
                for (Path c : ds) children.add(c);
            }
            children.sort(null);
            for (Path c : children) {
                String childRel = rel.equals(".") ? c.getFileName().toString() : rel + "/" + c.getFileName();
                walk(w, c, childRel, base, rebaseName, oldBase, newBase);
            }
        }
    }

    private static OutputStream out(TarWriter w) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                w.content(new java.io.ByteArrayInputStream(new byte[] {(byte) b}));
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                w.content(new java.io.ByteArrayInputStream(b, off, len));
            }
        };
    }

    private static long copyExactly(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) break;
            out.write(buf, 0, n);
            left -= n;
        }
        return size - left;
    }

    /** Go's {@code strings.Replace(s, old, new, 1)}. */
    static String replaceFirst(String s, String old, String replacement) {
        if (old.isEmpty()) return replacement + s;
        int i = s.indexOf(old);
        return i < 0 ? s : s.substring(0, i) + replacement + s.substring(i + old.length());
    }

    /**
     * Extracts a tar into {@code dest}, renaming entries {@code oldBase} to {@code newBase} once (null:
     * no renaming).
     *
     * @throws IOException with moby's messages for entries that leave the destination or that would
     *                     replace a directory with a non-directory (or the reverse)
     */
    public static void untar(InputStream tar, Path dest, String oldBase, String newBase) throws IOException {
        if ("/".equals(oldBase)) oldBase = "";
        TarReader r = new TarReader(tar);
        Path root = dest.toAbsolutePath().normalize();
        List<Object[]> dirTimes = new ArrayList<>();
        for (TarEntry e; (e = r.next()) != null; ) {
            String name = e.name();
            if (oldBase != null) name = replaceFirst(name, oldBase, newBase);
            String cleaned = clean(name);
            if (cleaned.equals(".") || cleaned.equals("/")) {
                continue;
            }
            Path target = root.resolve(cleaned.startsWith("/") ? cleaned.substring(1) : cleaned).normalize();
            if (!target.startsWith(root)) throw new IOException("invalid tar header: " + name + " breaks out of " + root);
            Path parent = target.getParent();
            if (parent != null && !Files.isDirectory(parent)) Files.createDirectories(parent);
            boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
            if (exists) {
                boolean isDir = Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS);
                if (isDir && !e.isDirectory()) {
                    throw new IOException("cannot overwrite directory \"" + target + "\" with non-directory \"" + name + "\"");
                }
                if (!isDir && e.isDirectory()) {
                    throw new IOException("cannot overwrite non-directory \"" + target + "\" with directory \"" + name + "\"");
                }
                if (!isDir) Files.delete(target);
            }
            switch (e.type()) {
                case TarEntry.DIRECTORY -> {
                    if (!Files.isDirectory(target)) Files.createDirectory(target);
                    setMode(target, e.mode());
                    dirTimes.add(new Object[] {target, e.mtime()});
                }
                case TarEntry.FILE -> {
                    try (InputStream data = r.content()) {
                        Files.copy(data, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    setMode(target, e.mode());
                    Files.setLastModifiedTime(target, FileTime.fromMillis(e.mtime() * 1000));
                }
                case TarEntry.SYMLINK -> Files.createSymbolicLink(target, Path.of(e.linkName()));
                case TarEntry.HARDLINK -> {
                    String linkPath = clean(e.linkName());
                    if (linkPath.startsWith("/")) linkPath = linkPath.substring(1);
                    Path from = root.resolve(linkPath).normalize();
                    if (!from.startsWith(root)) throw new IOException("invalid hardlink \"" + e.linkName() + "\" in tar");
                    try {
                        Files.createLink(target, from);
                    } catch (FileAlreadyExistsException | NoSuchFileException ex) {
                        throw new IOException("cannot create hardlink " + name + ": " + ex.getMessage(), ex);
                    }
                }
                default -> {
                    // devices and fifos are not recreated by an unprivileged copy
                }
            }
        }
        for (int i = dirTimes.size() - 1; i >= 0; i--) {
            Files.setLastModifiedTime((Path) dirTimes.get(i)[0], FileTime.fromMillis((Long) dirTimes.get(i)[1] * 1000));
        }
    }

    private static void setMode(Path p, int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < 9; i++) if ((mode & (1 << i)) != 0) perms.add(all[i]);
        try {
            Files.setPosixFilePermissions(p, perms);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort, as docker's copy
        }
    }
}

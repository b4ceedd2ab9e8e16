package dev.berth.engine.container;

import dev.berth.archive.LayerUnpacker;
import dev.berth.archive.LayerWriter;
import dev.berth.common.EngineException;
import dev.berth.common.linux.ErrnoException;
import dev.berth.common.linux.Libc;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A container's files seen through the API, on host paths the caller has mounted: {@code docker diff}
 * (from the overlay upper dir), the stat, archive and extraction of {@code docker cp}, {@code docker
 * export}, and the layer of {@code docker commit}. Paths inside the container are resolved with
 * {@link RootfsPaths}: links never lead out of the root.
 *
 * <p>Docker keeps the mount points it makes in every container ({@code /etc/hosts}, {@code /proc}...)
 * in a separate init layer, so they never show up in a diff or a commit; berth has no init layer, and
 * hides them here instead while they are the empty files and directories the runtime made.
 *
 * <p>Bind mounts are not seen: the host paths are the container's own overlay only (volumes come later).
 */
final class ContainerFiles {
    /** Mount points Docker's init layer holds (see moby's {@code setupInitLayer}). */
    static final Set<String> INIT_PATHS = Set.of("/proc", "/sys", "/dev", "/dev/pts", "/dev/shm", "/dev/console",
            "/.dockerenv", "/etc/resolv.conf", "/etc/hosts", "/etc/hostname");
    private static final String ATTRIBUTES = "unix:mode,uid,gid,rdev,size,lastModifiedTime";

    private ContainerFiles() {}

    // ---- docker diff ----------------------------------------------------------------------------

    /**
     * Docker's changes of an overlay upper dir against its lower dirs (top first), in Docker's order
     * (a depth-first walk, names sorted bytewise; a changed entry's parent directory, when it is not
     * changed itself, comes right before it as modified).
     */
    static List<FileChange> changes(Path upper, List<Path> lowers) {
        List<FileChange> out = new ArrayList<>();
        if (!Files.isDirectory(upper, LinkOption.NOFOLLOW_LINKS)) return out;
        try {
            new ChangesWalk(upper, lowers, out).directory(upper, "");
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot compute the changes of " + upper + ": " + e.getMessage(), e);
        }
        return out;
    }

    private record ChangesWalk(Path upper, List<Path> lowers, List<FileChange> out, Set<String> changedDirs) {
        ChangesWalk(Path upper, List<Path> lowers, List<FileChange> out) {
            this(upper, lowers, out, new HashSet<>());
        }

        void directory(Path dir, String rel) throws IOException {
            for (String name : sortedNames(dir)) entry(dir.resolve(name), rel + "/" + name);
        }

        void entry(Path p, String path) throws IOException {
            Map<String, Object> a = Files.readAttributes(p, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            int type = (Integer) a.get("mode") & Libc.S_IFMT;
            boolean dir = type == Libc.S_IFDIR;
            if (isRuntimeMountPoint(p, path, type, a)) return;
            FileChange.Kind kind;
            if (type == Libc.S_IFCHR && ((Number) a.get("rdev")).longValue() == 0) {
                kind = FileChange.Kind.DELETED;
            } else if (dir && isOpaque(p) && lowerAttributes(path) != null) {
                kind = FileChange.Kind.DELETED; // deleted and made again: what is below is hidden (as Docker reports it)
            } else {
                Map<String, Object> lower = lowerAttributes(path);
                if (lower == null) {
                    if (dir && onlyRuntimeMountPoints(p, path)) return; // e.g. /etc made for /etc/hosts
                    kind = FileChange.Kind.ADDED;
                } else {
                    kind = FileChange.Kind.MODIFIED;
                    if (dir && ((Integer) lower.get("mode") & Libc.S_IFMT) == Libc.S_IFDIR && sameDirectory(path, a, lower)) {
                        directory(p, path); // unchanged itself: only what is inside may be
                        return;
                    }
                }
            }
            if (dir) changedDirs.add(path);
            if (kind != FileChange.Kind.MODIFIED) {
                String parent = path.substring(0, path.lastIndexOf('/'));
                if (!parent.isEmpty() && changedDirs.add(parent)) out.add(new FileChange(parent, FileChange.Kind.MODIFIED));
            }
            out.add(new FileChange(path, kind));
            if (dir) directory(p, path);
        }

        /** Docker compares mode, size and time; a directory the runtime made a mount point in is compared without its time. */
        boolean sameDirectory(String path, Map<String, Object> a, Map<String, Object> lower) {
            boolean same = a.get("mode").equals(lower.get("mode")) && a.get("uid").equals(lower.get("uid"))
                    && a.get("gid").equals(lower.get("gid"));
            if (INIT_PATHS.stream().anyMatch(i -> i.startsWith(path + "/"))) return same;
            return same && a.get("lastModifiedTime").equals(lower.get("lastModifiedTime"));
        }

        /** What the lower dirs show at {@code path} (as overlayfs stacks them), or null if nothing. */
        Map<String, Object> lowerAttributes(String path) throws IOException {
            List<String> parts = List.of(path.substring(1).split("/"));
            for (Path layer : lowers) {
                Path p = layer;
                boolean stop = false;
                for (int i = 0; i < parts.size(); i++) {
                    p = p.resolve(parts.get(i));
                    Map<String, Object> a = attributesOrNull(p);
                    if (a == null) break; // not in this layer: look below
                    int type = (Integer) a.get("mode") & Libc.S_IFMT;
                    if (type == Libc.S_IFCHR && ((Number) a.get("rdev")).longValue() == 0) return null; // whited out
                    if (i == parts.size() - 1) return a;
                    if (type != Libc.S_IFDIR) return null; // a non-directory hides everything below it
                    if (isOpaque(p)) stop = true; // the layers below do not show through this directory
                }
                if (stop) return null;
            }
            return null;
        }
    }

    /** One of the runtime's mount points ({@link #INIT_PATHS}) as it makes them: an empty file or directory. */
    private static boolean isRuntimeMountPoint(Path p, String path, int type, Map<String, Object> a) throws IOException {
        return INIT_PATHS.contains(path) && isEmptyMountPoint(p, type, a);
    }

    /** A directory holding nothing but the runtime's mount points (the runtime made it for them). */
    private static boolean onlyRuntimeMountPoints(Path dir, String path) throws IOException {
        List<String> names = sortedNames(dir);
        if (names.isEmpty()) return false;
        for (String name : names) {
            Path c = dir.resolve(name);
            String cpath = path + "/" + name;
            Map<String, Object> a = Files.readAttributes(c, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            int type = (Integer) a.get("mode") & Libc.S_IFMT;
            if (isRuntimeMountPoint(c, cpath, type, a)) continue;
            if (type == Libc.S_IFDIR && onlyRuntimeMountPoints(c, cpath)) continue;
            return false;
        }
        return true;
    }

    private static boolean isEmptyMountPoint(Path p, int type, Map<String, Object> a) throws IOException {
        if (type == Libc.S_IFREG) return ((Number) a.get("size")).longValue() == 0;
        if (type != Libc.S_IFDIR) return false;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
            return !ds.iterator().hasNext();
        }
    }

    private static boolean isOpaque(Path p) throws IOException {
        try {
            return Libc.lgetxattr(p, "trusted.overlay.opaque")
                    .map(v -> new String(v, StandardCharsets.US_ASCII).equals("y")).orElse(false);
        } catch (ErrnoException e) {
            if (e.errno() == Libc.EOPNOTSUPP) return false;
            throw e;
        }
    }

    private static Map<String, Object> attributesOrNull(Path p) throws IOException {
        try {
            return Files.readAttributes(p, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static List<String> sortedNames(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path c : ds) names.add(c.getFileName().toString());
        }
        names.sort((x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
        return names;
    }

    // ---- docker cp ------------------------------------------------------------------------------

    /**
     * A path in the container as {@code docker cp} takes it: made absolute and cleaned lexically, a
     * trailing {@code /} or {@code /.} kept (the last component is then followed if it is a link).
     *
     * @param absPath the cleaned path in the container
     * @param host    the host path: every component resolved in the root, the last one too only when
     *                the path ends with {@code /} or {@code /.}
     */
    record Resolved(String absPath, Path host) {
        /** Docker's name of the resource: the last component of the path ({@code /} for the root). */
        String baseName() {
            String p = absPath.endsWith("/.") ? "." : absPath;
            String trimmed = p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            return trimmed.equals("/") ? "/" : trimmed.substring(trimmed.lastIndexOf('/') + 1);
        }
    }

    static Resolved resolve(Path root, String path) {
        String abs = clean("/" + path);
        boolean dot = path.endsWith("/.") || path.equals(".");
        if (dot || path.endsWith("/") || abs.equals("/")) {
            String kept = dot ? (abs.equals("/") ? "/." : abs + "/.") : abs.equals("/") ? "/" : abs + "/";
            return new Resolved(kept, RootfsPaths.resolve(root, abs));
        }
        int slash = abs.lastIndexOf('/');
        Path dir = RootfsPaths.resolve(root, abs.substring(0, slash));
        return new Resolved(abs, dir.resolve(abs.substring(slash + 1)));
    }

    /** Go's {@code filepath.Clean} of an absolute path: no {@code .}, {@code ..} or repeated slashes. */
    static String clean(String abs) {
        List<String> parts = new ArrayList<>();
        for (String s : abs.split("/")) {
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..")) {
                if (!parts.isEmpty()) parts.removeLast();
            } else {
                parts.add(s);
            }
        }
        return "/" + String.join("/", parts);
    }

    /**
     * Docker's {@code ContainerPathStat} of a path (its own attributes: a link is not followed, but
     * its target is resolved in the container).
     *
     * @throws NoSuchFileException if nothing is there
     */
    static PathStat stat(Path root, String path) throws IOException {
        Resolved r = resolve(root, path);
        Map<String, Object> a = Files.readAttributes(r.host(), ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        String linkTarget = "";
        if ((mode & Libc.S_IFMT) == Libc.S_IFLNK) {
            linkTarget = "/" + root.relativize(RootfsPaths.resolve(root, r.absPath()));
        }
        return new PathStat(r.baseName(), ((Number) a.get("size")).longValue(), goFileMode(mode),
                ((FileTime) a.get("lastModifiedTime")).toInstant(), linkTarget);
    }

    /** Go's {@code os.FileMode} bits for a Unix mode, as the docker CLI decodes them. */
    static long goFileMode(int mode) {
        long m = mode & 0777;
        if ((mode & 04000) != 0) m |= 1L << 23;
        if ((mode & 02000) != 0) m |= 1L << 22;
        if ((mode & 01000) != 0) m |= 1L << 20;
        m |= switch (mode & Libc.S_IFMT) {
            case Libc.S_IFDIR -> 1L << 31;
            case Libc.S_IFLNK -> 1L << 27;
            case Libc.S_IFIFO -> 1L << 25;
            case 0140000 -> 1L << 24;
            case Libc.S_IFBLK -> 1L << 26;
            case Libc.S_IFCHR -> (1L << 26) | (1L << 21);
            default -> 0L;
        };
        return m;
    }

    /** The tar {@code docker cp CONTAINER:path -} gets: the resource under its own name (Docker's rebase). */
    static void archive(Path root, String path, OutputStream out) throws IOException {
        Resolved r = resolve(root, path);
        if (!Files.exists(r.host(), LinkOption.NOFOLLOW_LINKS)) throw new NoSuchFileException(r.absPath());
        String name = r.baseName();
        LayerWriter.forDirectory().writeTree(r.host(), name.equals("/") ? "" : name, out);
    }

    /**
     * Extracts a tar into the directory {@code path} (links followed in the container, the last one too).
     *
     * @param owner {uid, gid} for every entry, or null to keep the archive's owners
     * @throws NoSuchFileException if the directory does not exist
     * @throws EngineException.InvalidArgument if it is not a directory, or for a bad archive
     */
    static void extract(Path root, String path, InputStream tar, boolean noOverwriteDirNonDir, int[] owner)
            throws IOException {
        String abs = clean("/" + path);
        Path dir = RootfsPaths.resolve(root, abs);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) throw new NoSuchFileException(abs);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new EngineException.InvalidArgument("extraction point is not a directory");
        }
        LayerUnpacker.extracting(new LayerUnpacker.Extraction(noOverwriteDirNonDir, owner)).unpack(tar, dir);
    }

    // ---- docker export, docker commit -----------------------------------------------------------

    /** {@code docker export}: the whole merged root as a tar. */
    static void export(Path mergedRoot, OutputStream out) throws IOException {
        LayerWriter.forDirectory().write(mergedRoot, out);
    }

    /** The layer {@code docker commit} adds: the upper dir with OCI whiteouts, without the runtime's mount points. */
    static void writeLayer(Path upper, OutputStream out) throws IOException {
        LayerWriter.forOverlayUpper().skipping((name, p) -> {
            try {
                Map<String, Object> a = Files.readAttributes(p, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                int type = (Integer) a.get("mode") & Libc.S_IFMT;
                return isRuntimeMountPoint(p, "/" + name, type, a)
                        || (type == Libc.S_IFDIR && onlyRuntimeMountPoints(p, "/" + name));
            } catch (IOException e) {
                return false; // the writer reports it
            }
        }).write(upper, out);
    }
}

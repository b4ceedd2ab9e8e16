package dev.berth.archive;

import dev.berth.common.EngineException;
import dev.berth.common.linux.ErrnoException;
import dev.berth.common.linux.Libc;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The state of one {@link LayerUnpacker#unpack} call: applies entries in order, then directory times. */
final class UnpackRun {
    private final RootedTree tree;
    private final boolean applyWhiteouts;
    private final LayerUnpacker.Extraction extraction;
    /** Flattening only: paths this layer wrote, and the directories above them (whiteouts spare both). */
    private final Set<String> written = new HashSet<>();
    private final Set<String> aboveWritten = new HashSet<>();
    private final List<DirectoryTimes> directoryTimes = new ArrayList<>();
    private final byte[] buffer = new byte[256 * 1024];
    private long contentBytes;

    private record DirectoryTimes(List<String> parts, String entry, FileTime atime, FileTime mtime) {}

    UnpackRun(RootedTree tree, boolean applyWhiteouts, LayerUnpacker.Extraction extraction) {
        this.tree = tree;
        this.applyWhiteouts = applyWhiteouts;
        this.extraction = extraction;
    }

    long contentBytes() {
        return contentBytes;
    }

    void apply(TarEntry e, InputStream content) throws IOException {
        List<String> parts = RootedTree.clean(e.name(), e.name());
        if (parts.isEmpty()) {
            if (e.type() == TarEntry.Type.DIRECTORY) return; // the root itself: it stays as the caller made it
            throw invalid(e, "would replace the layer root");
        }
        String base = parts.getLast();
        if (base.startsWith(Whiteouts.PREFIX)) {
            whiteout(e, parts, base);
            return;
        }
        List<String> created = new ArrayList<>();
        Path target = tree.parentOf(parts, e.name(), true, created).resolve(base);
        if (applyWhiteouts) created.forEach(this::markWritten);
        if (e.type() == TarEntry.Type.HARD_LINK) {
            hardLink(e, parts, target);
        } else {
            BasicFileAttributes existing = RootedTree.lstat(target);
            boolean merge = e.type() == TarEntry.Type.DIRECTORY && existing != null && existing.isDirectory();
            if (existing != null && extraction != null && extraction.noOverwriteDirNonDir()) {
                String at = "/" + String.join("/", parts);
                if (existing.isDirectory() && e.type() != TarEntry.Type.DIRECTORY) {
                    throw new EngineException.InvalidArgument("cannot overwrite directory \"" + at + "\" with non-directory \"/\"");
                }
                if (!existing.isDirectory() && e.type() == TarEntry.Type.DIRECTORY) {
                    throw new EngineException.InvalidArgument("cannot overwrite non-directory \"" + at + "\" with directory \"/\"");
                }
            }
            if (existing != null && !merge) tree.remove(target);
            switch (e.type()) {
                case REGULAR -> regularFile(e, content, target);
                case DIRECTORY -> directory(e, parts, target, merge);
                case SYMLINK -> symlink(e, target);
                case CHAR_DEVICE -> node(e, target, Libc.S_IFCHR, Libc.makedev(e.devMajor(), e.devMinor()));
                case BLOCK_DEVICE -> node(e, target, Libc.S_IFBLK, Libc.makedev(e.devMajor(), e.devMinor()));
                case FIFO -> node(e, target, Libc.S_IFIFO, 0);
                case HARD_LINK -> throw new AssertionError();
            }
        }
        if (applyWhiteouts) markWritten(String.join("/", parts));
    }

    /** Sets directory times last: creating entries in a directory changes its time. */
    void finish() throws IOException {
        for (DirectoryTimes d : directoryTimes.reversed()) {
            Path parent;
            try {
                parent = tree.parentOf(d.parts(), d.entry(), false, null); // re-checked: a later entry may have replaced a parent
            } catch (EngineException.InvalidArgument replacedByLink) {
                continue;
            }
            if (parent == null) continue;
            Path dir = parent.resolve(d.parts().getLast());
            BasicFileAttributes a = RootedTree.lstat(dir);
            if (a != null && a.isDirectory()) Libc.lutimens(dir, d.atime(), d.mtime());
        }
    }

    private void regularFile(TarEntry e, InputStream content, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            long left = e.size();
            while (left > 0) {
                int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) throw new IllegalStateException("entry content ended early"); // TarReader throws first
                ByteBuffer bb = ByteBuffer.wrap(buffer, 0, n);
                while (bb.hasRemaining()) ch.write(bb);
                left -= n;
            }
        }
        contentBytes += e.size();
        ownerModeXattrs(e, target);
        Libc.lutimens(target, atime(e), e.mtime());
    }

    private void directory(TarEntry e, List<String> parts, Path target, boolean exists) throws IOException {
        if (!exists) Files.createDirectory(target);
        ownerModeXattrs(e, target);
        directoryTimes.add(new DirectoryTimes(List.copyOf(parts), e.name(), atime(e), e.mtime()));
    }

    private void symlink(TarEntry e, Path target) throws IOException {
        if (e.linkName().isEmpty() || e.linkName().indexOf('\0') >= 0) {
            throw invalid(e, "is a symbolic link with an empty or NUL-containing target");
        }
        Libc.symlink(e.linkName(), target); // the text is data: it is never followed here
        Libc.lchown(target, uid(e), gid(e));
        xattrs(e, target, true);
        Libc.lutimens(target, atime(e), e.mtime());
    }

    private void node(TarEntry e, Path target, int type, long dev) throws IOException {
        Libc.mknod(target, type | (e.mode() & 0777), dev);
        ownerModeXattrs(e, target);
        Libc.lutimens(target, atime(e), e.mtime());
    }

    /** A hard link may only point at an existing non-directory inside the root, reached without links. */
    private void hardLink(TarEntry e, List<String> parts, Path target) throws IOException {
        List<String> to = RootedTree.clean(e.linkName(), e.name());
        if (to.isEmpty()) throw invalid(e, "is a hard link to the layer root");
        if (to.equals(parts)) throw invalid(e, "is a hard link to itself");
        Path toParent = tree.parentOf(to, e.name(), false, null);
        Path source = toParent == null ? null : toParent.resolve(to.getLast());
        BasicFileAttributes a = source == null ? null : RootedTree.lstat(source);
        if (a == null) {
            throw invalid(e, "is a hard link to '" + TarReader.printable(e.linkName())
                    + "', which is not in the layer (a link may only point at an earlier entry)");
        }
        if (a.isDirectory()) throw invalid(e, "is a hard link to a directory");
        if (RootedTree.lstat(target) != null) tree.remove(target);
        Files.createLink(target, source); // link(2) does not follow a symbolic link at source
    }

    private void whiteout(TarEntry e, List<String> parts, String base) throws IOException {
        if (base.equals(Whiteouts.OPAQUE)) {
            opaque(e, parts);
            return;
        }
        if (base.startsWith(Whiteouts.META_PREFIX)) return; // other markers of the format carry nothing for us
        String name = base.substring(Whiteouts.PREFIX.length());
        if (name.isEmpty() || name.equals(".") || name.equals("..")) throw invalid(e, "is not a valid whiteout");
        List<String> hidden = new ArrayList<>(parts);
        hidden.set(hidden.size() - 1, name);
        if (applyWhiteouts) {
            if (written.contains(String.join("/", hidden))) return; // a whiteout never hides its own layer
            Path parent = tree.parentOf(hidden, e.name(), false, null);
            if (parent != null) tree.remove(parent.resolve(name));
        } else {
            Path target = tree.parentOf(hidden, e.name(), true, null).resolve(name);
            if (RootedTree.lstat(target) != null) return; // the layer has NAME itself: it wins (OCI)
            Libc.mknod(target, Libc.S_IFCHR, 0);
            Libc.lchown(target, e.uid(), e.gid());
            Libc.lutimens(target, atime(e), e.mtime());
        }
    }

    private void opaque(TarEntry e, List<String> parts) throws IOException {
        if (applyWhiteouts) {
            Path dir = tree.parentOf(parts, e.name(), false, null);
            if (dir != null) clearLower(dir, String.join("/", parts.subList(0, parts.size() - 1)));
        } else {
            Path dir = tree.parentOf(parts, e.name(), true, null);
            Libc.lsetxattr(dir, Whiteouts.OVERLAY_OPAQUE_XATTR, "y".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Flattening an opaque directory: removes everything in it that this layer did not write. */
    private void clearLower(Path dir, String rel) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(children::add);
        }
        for (Path child : children) {
            String childRel = rel.isEmpty() ? child.getFileName().toString() : rel + "/" + child.getFileName();
            if (written.contains(childRel) || aboveWritten.contains(childRel)) {
                BasicFileAttributes a = RootedTree.lstat(child);
                if (a != null && a.isDirectory()) clearLower(child, childRel);
            } else {
                tree.remove(child);
            }
        }
    }

    private void markWritten(String rel) {
        written.add(rel);
        for (int slash = rel.lastIndexOf('/'); slash > 0; slash = rel.lastIndexOf('/', slash - 1)) {
            if (!aboveWritten.add(rel.substring(0, slash))) break;
        }
    }

    /** Owner first: chown clears setuid/setgid, so the mode comes after it. */
    private void ownerModeXattrs(TarEntry e, Path p) throws IOException {
        Libc.lchown(p, uid(e), gid(e));
        Files.setAttribute(p, "unix:mode", e.mode() & 07777); // chmod(2) by path: p was just checked to be no link
        xattrs(e, p, false);
    }

    private void xattrs(TarEntry e, Path p, boolean symlink) throws IOException {
        for (var x : e.xattrs().entrySet()) {
            if (x.getKey().startsWith(Whiteouts.OVERLAY_XATTR_PREFIX)) continue; // overlayfs' own: never from an archive
            try {
                Libc.lsetxattr(p, x.getKey(), x.getValue());
            } catch (ErrnoException err) {
                boolean unsupported = err.errno() == Libc.EOPNOTSUPP;
                boolean userOnLink = symlink && err.errno() == Libc.EPERM; // Linux allows no user.* xattrs on links
                if (!unsupported && !userOnLink) throw err;
            }
        }
    }

    private int uid(TarEntry e) {
        return extraction != null && extraction.owner() != null ? extraction.owner()[0] : e.uid();
    }

    private int gid(TarEntry e) {
        return extraction != null && extraction.owner() != null ? extraction.owner()[1] : e.gid();
    }

    private static FileTime atime(TarEntry e) {
        return e.atime() != null ? e.atime() : e.mtime();
    }

    private static EngineException.InvalidArgument invalid(TarEntry e, String what) {
        return new EngineException.InvalidArgument("layer entry '" + TarReader.printable(e.name()) + "' " + what);
    }
}

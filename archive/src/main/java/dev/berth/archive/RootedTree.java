package dev.berth.archive;

import dev.berth.common.EngineException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory that hostile archive entries are written into. It owns the one rule that keeps
 * writes inside: a path is used only after each of its parent components was seen, with lstat,
 * to be a real directory, never a symbolic link. Symbolic links already in the tree (from this
 * archive or from layers unpacked before) are therefore never followed.
 *
 * <p>The check and the write that follows it are separate system calls, so the tree must not be
 * changed by anybody else while an archive is unpacked into it: unpack into a private directory.
 */
final class RootedTree {
    private static final int MAX_NAME_BYTES = 255;
    private static final int MAX_PATH_BYTES = 4000;

    private final Path root;
    /** The parent (relative) whose components were all verified last; cleared by any removal. */
    private String verifiedParent;

    RootedTree(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /**
     * Cleans an archive name into a relative path: leading {@code /} and {@code .} components and
     * repeated slashes are dropped (as Docker does), {@code ..} anywhere is refused. Returns the
     * components; none means the root itself.
     */
    static List<String> clean(String name, String entry) {
        List<String> parts = new ArrayList<>();
        int bytes = 0;
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                throw new EngineException.InvalidArgument("layer entry '" + TarReader.printable(entry)
                        + "' has a '..' component, which would leave the layer root; refusing the layer");
            }
            if (part.indexOf('\0') >= 0) {
                throw new EngineException.InvalidArgument("layer entry '" + TarReader.printable(entry) + "' has a NUL in its name");
            }
            int len = utf8Length(part);
            if (len > MAX_NAME_BYTES) {
                throw new EngineException.InvalidArgument("layer entry '" + TarReader.printable(entry)
                        + "' has a name component of " + len + " bytes; the limit is " + MAX_NAME_BYTES);
            }
            bytes += len + 1;
            parts.add(part);
        }
        if (bytes > MAX_PATH_BYTES) {
            throw new EngineException.InvalidArgument("layer entry '" + TarReader.printable(entry)
                    + "' has a path of " + bytes + " bytes; the limit is " + MAX_PATH_BYTES);
        }
        return parts;
    }

    /**
     * The directory that holds {@code parts}' last component. Every component before it must be a
     * real directory; missing ones are created (mode 0755) when {@code create}, else the result is
     * null. A symbolic link or a non-directory on the way is refused, naming the entry.
     *
     * @param created receives the relative path of each directory made, may be null
     */
    Path parentOf(List<String> parts, String entry, boolean create, List<String> created) throws IOException {
        Path dir = root;
        StringBuilder rel = new StringBuilder();
        String wanted = String.join("/", parts.subList(0, parts.size() - 1));
        if (wanted.equals(verifiedParent)) return wanted.isEmpty() ? root : root.resolve(wanted);
        for (int i = 0; i < parts.size() - 1; i++) {
            dir = dir.resolve(parts.get(i));
            if (!rel.isEmpty()) rel.append('/');
            rel.append(parts.get(i));
            BasicFileAttributes a = lstat(dir);
            if (a == null) {
                if (!create) return null;
                Files.createDirectory(dir);
                Files.setAttribute(dir, "unix:mode", 0755); // chmod(2): no open, and dir is no link
                if (created != null) created.add(rel.toString());
            } else if (a.isSymbolicLink()) {
                throw new EngineException.InvalidArgument("layer entry '" + TarReader.printable(entry)
                        + "' lies under '" + TarReader.printable(rel) + "', which is a symbolic link; refusing to write through it");
            } else if (!a.isDirectory()) {
                throw new EngineException.InvalidArgument("layer entry '" + TarReader.printable(entry)
                        + "' lies under '" + TarReader.printable(rel) + "', which is not a directory");
            }
        }
        verifiedParent = wanted;
        return dir;
    }

    /** Attributes of the path itself (a link is not followed), or null if nothing is there. */
    static BasicFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Removes a file, link or whole directory tree, never following links. */
    void remove(Path p) throws IOException {
        verifiedParent = null;
        BasicFileAttributes a = lstat(p);
        if (a == null) return;
        if (!a.isDirectory()) {
            Files.delete(p);
            return;
        }
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                try {
                    Files.delete(d);
                } catch (DirectoryNotEmptyException racing) {
                    throw new IOException("cannot remove " + d + ": it is being written to", racing);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}

package dev.berth.image;

import dev.berth.common.EngineException;
import java.util.ArrayDeque;
import java.util.Deque;

/** Names inside an archive: normalised to {@code a/b/c}, and never allowed to leave the archive. */
final class ArchivePaths {
    private ArchivePaths() {}

    /**
     * Normalises an entry name or a path named in a manifest: {@code ./a//b/} becomes {@code a/b}.
     * Absolute names and {@code ..} are rejected, as a hostile archive uses them to reach outside.
     *
     * @return the normalised path, empty for the archive root
     */
    static String normalise(String name) {
        if (name == null) throw hostile("an entry without a name");
        if (name.indexOf('\0') >= 0) throw hostile("an entry name with a NUL byte");
        if (name.startsWith("/")) throw hostile("an absolute path: " + name);
        return join(name, new ArrayDeque<>(), name);
    }

    /**
     * Resolves a symbolic link's target as Docker does inside the archive (relative to the link's
     * directory, an absolute target relative to the archive root) and refuses targets that leave it.
     */
    static String resolveLink(String linkPath, String target) {
        if (target.indexOf('\0') >= 0) throw hostile("a link target with a NUL byte");
        Deque<String> base = new ArrayDeque<>();
        if (!target.startsWith("/")) {
            String[] parts = linkPath.split("/");
            for (int i = 0; i < parts.length - 1; i++) base.addLast(parts[i]);
        }
        return join(target, base, linkPath + " -> " + target);
    }

    /** The directory part of a normalised path, empty at top level. */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String join(String path, Deque<String> parts, String shown) {
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                if (parts.isEmpty()) throw hostile("a path that leaves the archive: " + shown);
                parts.removeLast();
                continue;
            }
            parts.addLast(part);
        }
        return String.join("/", parts);
    }

    private static EngineException.InvalidArgument hostile(String what) {
        return new EngineException.InvalidArgument("invalid archive: it contains " + what);
    }
}

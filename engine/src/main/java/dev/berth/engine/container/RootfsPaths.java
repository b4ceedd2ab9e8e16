package dev.berth.engine.container;

import dev.berth.common.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Paths inside a container's root filesystem seen from the host, resolved the way the container
 * would resolve them: symbolic links (absolute ones too) and {@code ..} never leave the root. The
 * daemon runs as root, so a careless {@code rootfs.resolve("/etc/passwd")} would follow an image's
 * {@code /etc/passwd -> /host/file} link onto the host (moby's and runc's {@code securejoin}).
 */
final class RootfsPaths {
    private static final int MAX_LINKS = 40;

    private RootfsPaths() {}

    /** The host path of {@code path} in {@code root}; it may not exist. */
    static Path resolve(Path root, String path) {
        Deque<String> todo = new ArrayDeque<>();
        push(todo, path);
        List<String> current = new java.util.ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pop();
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                if (!current.isEmpty()) current.removeLast();
                continue;
            }
            Path candidate = join(root, current).resolve(part);
            if (Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) {
                    throw new EngineException.InvalidArgument("too many levels of symbolic links resolving " + path + " in the container");
                }
                String target;
                try {
                    target = Files.readSymbolicLink(candidate).toString();
                } catch (IOException e) {
                    throw new EngineException.Unavailable("cannot read the link " + candidate + ": " + e.getMessage(), e);
                }
                if (target.startsWith("/")) current.clear();
                push(todo, target);
                continue;
            }
            current.add(part);
        }
        return join(root, current);
    }

    /** The text of a file in the container, empty if it does not exist (or is not a regular file). */
    static Optional<String> read(Path root, String path) {
        Path p = resolve(root, path);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        try {
            return Optional.of(Files.readString(p, java.nio.charset.StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot read " + path + " in the container: " + e.getMessage(), e);
        }
    }

    private static void push(Deque<String> todo, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) todo.push(parts[i]);
    }

    private static Path join(Path root, List<String> parts) {
        Path p = root;
        for (String s : parts) p = p.resolve(s);
        return p;
    }
}

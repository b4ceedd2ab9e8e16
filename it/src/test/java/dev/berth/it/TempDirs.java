package dev.berth.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Short temp dirs for daemons (unix socket paths must stay below 108 bytes, and daemons nest sockets under
 * their exec root) and their safe removal (never through a mount).
 */
public final class TempDirs {
    /** sun_path is 108 bytes including the terminating NUL. */
    public static final int MAX_SOCKET_PATH = 107;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TempDirs() {}

    /** Base for daemon temp dirs: {@code -Dit.tmp=DIR}, else {@code /tmp}. */
    public static Path base() {
        return Path.of(System.getProperty("it.tmp", "/tmp")).toAbsolutePath().normalize();
    }

    /** Creates {@code <base>/<prefix>-<8 hex>} (mode 0711 as the umask allows). */
    public static Path create(String prefix) {
        Path base = base();
        try {
            Files.createDirectories(base);
            for (int i = 0; i < 100; i++) {
                byte[] b = new byte[4];
                RANDOM.nextBytes(b);
                Path dir = base.resolve(prefix + "-" + HexFormat.of().formatHex(b));
                try {
                    return Files.createDirectory(dir);
                } catch (FileAlreadyExistsException retry) {
                    // try another name
                }
            }
        } catch (IOException e) {
            throw ProcessRunner.unchecked("cannot create a temp dir under " + base, e);
        }
        throw new AssertionError("cannot find a free temp dir name under " + base);
    }

    /** Fails when {@code socket}'s path would not fit in a sockaddr_un. */
    public static Path checkSocketPath(Path socket) {
        int len = socket.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
        if (len > MAX_SOCKET_PATH) {
            throw new AssertionError("unix socket path " + socket + " is " + len + " bytes, over the limit of "
                    + MAX_SOCKET_PATH + ": use a shorter -Dit.tmp");
        }
        return socket;
    }

    /**
     * Deletes {@code dir} recursively without following symlinks. Refuses (AssertionError) while anything is
     * still mounted below it, so a leftover bind or overlay mount can never make it delete outside files.
     */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        var mounts = Leaks.mountsUnder(dir);
        if (!mounts.isEmpty()) {
            throw new AssertionError("not deleting " + dir + ": still mounted below it: " + mounts);
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw exc;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    if (exc != null && !(exc instanceof NoSuchFileException)) {
                        throw exc;
                    }
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw ProcessRunner.unchecked("cannot delete " + dir, e);
        }
    }
}

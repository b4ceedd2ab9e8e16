package dev.berth.engine.build;

import dev.berth.common.AtomicFiles;
import dev.berth.common.EngineException;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The build cache: for each step built, {@code <dir>/<sha256 of parent image and step key>} holds the image it made.
 * An entry whose image is gone is a miss (the caller checks); entries are small files written atomically, so the
 * cache survives restarts and a crash loses at most the entry being written.
 */
final class BuildCache {
    private final Path dir;

    BuildCache(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot create the build cache " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The image a step with {@code key} made on {@code parent} (null: scratch), or null. */
    Digest get(Digest parent, String key) {
        try {
            return Digest.parse(Files.readString(file(parent, key), StandardCharsets.UTF_8).strip());
        } catch (NoSuchFileException miss) {
            return null;
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    void put(Digest parent, String key, Digest image) {
        AtomicFiles.write(file(parent, key), image.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Forgets every entry; returns how many there were. */
    int clear() {
        int n = 0;
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                Files.deleteIfExists(p);
                n++;
            }
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot clear the build cache: " + e.getMessage(), e);
        }
        return n;
    }

    private Path file(Digest parent, String key) {
        String text = (parent == null ? "scratch" : parent.toString()) + "\n" + key;
        return dir.resolve(Digest.of(text.getBytes(StandardCharsets.UTF_8)).hex());
    }
}

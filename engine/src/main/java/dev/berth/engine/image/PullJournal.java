package dev.berth.engine.image;

import dev.berth.common.AtomicFiles;
import dev.berth.common.Ids;
import dev.berth.image.GcRoots;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Pulls in progress, one file each ({@code pulls/<random>}: the digests of the blobs the pull
 * fetches), so that the blobs of a pull interrupted by a crash survive the start-up garbage
 * collection and the next pull of that image goes on where it stopped. A pull removes its file
 * when it ends; files older than a day are dropped at start.
 */
public final class PullJournal implements GcRoots {
    static final Duration KEEP = Duration.ofDays(1);
    private final Path dir;

    public PullJournal(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            Instant oldest = Instant.now().minus(KEEP);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    if (Files.getLastModifiedTime(f).toInstant().isBefore(oldest) || f.getFileName().toString().startsWith(".")) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the pull journal " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Records a pull's blobs; close the entry when the pull ends, however it ends. */
    public Entry start(List<Digest> blobs) {
        Path file = dir.resolve(Ids.newId());
        StringBuilder sb = new StringBuilder();
        blobs.forEach(d -> sb.append(d).append('\n'));
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
        return new Entry(file);
    }

    /**
     * A pull of these blobs has ended well: earlier, interrupted pulls of the same blobs (files
     * listing none but these) are done with too.
     */
    public void completed(List<Digest> blobs) {
        Set<Digest> done = new HashSet<>(blobs);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (f.getFileName().toString().startsWith(".")) continue;
                if (done.containsAll(read(f))) Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // left for a later start to expire
        }
    }

    private static Set<Digest> read(Path f) {
        Set<Digest> out = new HashSet<>();
        try {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (Digest.isDigest(line)) out.add(Digest.parse(line));
            }
        } catch (IOException gone) {
            // finished meanwhile
        }
        return out;
    }

    /** One pull's record. */
    public static final class Entry implements AutoCloseable {
        private final Path file;

        Entry(Path file) {
            this.file = file;
        }

        @Override
        public void close() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // dropped at a later start
            }
        }
    }

    @Override
    public Set<Digest> chainIds() {
        return Set.of();
    }

    @Override
    public Set<Digest> blobs() {
        Set<Digest> out = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (!f.getFileName().toString().startsWith(".")) out.addAll(read(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pull journal " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }
}

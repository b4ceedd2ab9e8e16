package dev.berth.content.local;

import dev.berth.common.AtomicFiles;
import dev.berth.common.EngineException;
import dev.berth.common.Ids;
import dev.berth.content.ContentStore;
import dev.berth.content.Info;
import dev.berth.content.Writer;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The content store on a local file system, laid out as containerd's:
 * <pre>
 * root/blobs/sha256/&lt;hex&gt;   committed blobs, read-only, never partially written
 * root/ingest/&lt;random&gt;      writes in progress (one file each)
 * </pre>
 * A write goes to its ingest file, is forced to disk, checked (size and digest) and renamed into
 * {@code blobs/} in one atomic step, so a kill -9 at any point leaves either no blob or the whole
 * blob; what is left in {@code ingest/} is removed by {@link #recover()}. Both directories live under
 * one root so the rename never crosses file systems. Thread-safe; writers of the same blob may race,
 * and the loser's ingest is discarded.
 */
public final class LocalContentStore implements ContentStore {
    private static final Pattern HEX = Pattern.compile("[a-f0-9]{64}");

    private final Path blobs;
    private final Path ingest;
    /** Ingest files of writers open in this process: {@link #recover()} must not pull them from under a writer. */
    private final Set<Path> activeIngests = ConcurrentHashMap.newKeySet();

    public LocalContentStore(Path root) {
        this.blobs = root.resolve("blobs").resolve("sha256");
        this.ingest = root.resolve("ingest");
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(ingest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create content store at " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(Digest digest) {
        try {
            return Files.newInputStream(blobPath(digest));
        } catch (NoSuchFileException e) {
            throw new EngineException.NotFound("content " + digest + " not found in the content store");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open blob " + digest + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Info> info(Digest digest) {
        return info(digest, blobPath(digest));
    }

    @Override
    public Writer writer() {
        Path file = ingest.resolve(Ids.newId());
        activeIngests.add(file); // before the file exists, so a concurrent recover() never sees it unclaimed
        try {
            return new LocalWriter(this, file);
        } catch (RuntimeException e) {
            activeIngests.remove(file);
            throw e;
        }
    }

    @Override
    public List<Info> list() {
        List<Info> all = new ArrayList<>();
        walk(all::add);
        all.sort(Comparator.comparing(Info::digest));
        return all;
    }

    @Override
    public void walk(Consumer<Info> visitor) {
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(blobs)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (!HEX.matcher(name).matches()) continue;
                info(new Digest(name), p).ifPresent(visitor);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list blobs in " + blobs + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(Digest digest) {
        try {
            boolean deleted = Files.deleteIfExists(blobPath(digest));
            if (deleted) AtomicFiles.syncDirectory(blobs);
            return deleted;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete blob " + digest + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int recover() {
        int removed = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(ingest)) {
            for (Path p : dir) {
                if (activeIngests.contains(p)) continue;
                AtomicFiles.deleteTree(p);
                removed++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + ingest + ": " + e.getMessage(), e);
        }
        return removed;
    }

    /**
     * Where a committed blob lives (whether or not it exists), for readers that hand files to the kernel (sendfile).
     * Read-only: writing to it would corrupt the store.
     */
    public Path blobPath(Digest digest) {
        return blobs.resolve(digest.hex());
    }

    Path blobsDir() {
        return blobs;
    }

    void ingestClosed(Path file) {
        activeIngests.remove(file);
    }

    private static Optional<Info> info(Digest digest, Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            if (!a.isRegularFile()) return Optional.empty();
            return Optional.of(new Info(digest, a.size(), a.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat blob " + digest + ": " + e.getMessage(), e);
        }
    }
}

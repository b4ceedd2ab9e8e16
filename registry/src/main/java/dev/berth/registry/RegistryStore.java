package dev.berth.registry;

import dev.berth.common.AtomicFiles;
import dev.berth.content.ContentStore;
import dev.berth.content.Info;
import dev.berth.content.local.LocalContentStore;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

/**
 * The registry's storage, in one directory, laid out as the CNCF registry's (a blob belongs to the registry, a
 * repository only links to it):
 * <pre>
 * root/blobs/sha256/&lt;hex&gt;                      every blob and manifest (the content store: verified, atomic)
 * root/ingest/&lt;random&gt;                          uploads in progress
 * root/repositories/&lt;name&gt;/_layers/&lt;hex&gt;        a blob that the repository may serve (pushed or mounted)
 * root/repositories/&lt;name&gt;/_manifests/revisions/&lt;hex&gt;   a manifest of the repository (the file holds its media type)
 * root/repositories/&lt;name&gt;/_manifests/tags/&lt;tag&gt;      a tag (the file holds the manifest digest)
 * root/repositories/&lt;name&gt;/_referrers/&lt;subject hex&gt;/&lt;hex&gt;   a manifest whose subject is that digest
 * root/registry.lock                            held by the process using the directory
 * </pre>
 * Names are checked by {@link Names} before they get here; none can start with {@code _}, so a repository never
 * collides with the directories above. Writes follow one order (blob, then the repository's link, then the tag), each
 * atomic, so a crash leaves at most unreferenced blobs for {@link GarbageCollector}.
 */
public final class RegistryStore implements AutoCloseable {
    /** Manifests are limited when pushed; this only bounds reading one back. */
    private static final int MAX_STORED_MANIFEST = 64 << 20;
    /** Touches are remembered this long at least, and forgotten beyond it once there are many. */
    private static final java.time.Duration TOUCH_MEMORY = java.time.Duration.ofHours(1);
    private static final int MAX_TOUCHED = 100_000;

    private final Path root;
    private final Path repositories;
    private final LocalContentStore content;
    private final FileLock lock;
    /** Held shared by writes that add references, exclusively by garbage collection. */
    private final ReadWriteLock gcLock = new ReentrantReadWriteLock();
    /** When blobs were last uploaded, mounted or found by a client, which may reference them in a manifest soon. */
    private final Map<Digest, Instant> recent = new ConcurrentHashMap<>();

    private RegistryStore(Path root, FileLock lock) {
        this.root = root;
        this.lock = lock;
        this.repositories = root.resolve("repositories");
        this.content = new LocalContentStore(root);
        try {
            Files.createDirectories(repositories);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + repositories + ": " + e.getMessage(), e);
        }
        content.recover();
    }

    /**
     * Opens (creating) the storage directory and locks it: one process at a time.
     *
     * @throws IOException if the directory cannot be made, or another process uses it
     */
    public static RegistryStore open(Path root) throws IOException {
        Path dir = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot make the registry storage " + dir + ": " + RegistryServer.reason(e), e);
        }
        FileChannel ch = FileChannel.open(dir.resolve("registry.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("the registry storage " + dir + " is in use by another process (a running registry?)");
        }
        try {
            return new RegistryStore(dir, lock);
        } catch (RuntimeException e) {
            lock.release();
            ch.close();
            throw e;
        }
    }

    public Path root() {
        return root;
    }

    ContentStore content() {
        return content;
    }

    /** The file of a committed blob, to be sent as it is (see {@link LocalContentStore#blobPath}). */
    Path blobFile(Digest digest) {
        return content.blobPath(digest);
    }

    ReadWriteLock gcLock() {
        return gcLock;
    }

    /** Notes that a client has just uploaded, mounted or checked the blob: garbage collection spares it for a while. */
    void touch(Digest digest, Instant now) {
        recent.put(digest, now);
        if (recent.size() > MAX_TOUCHED) recent.values().removeIf(t -> t.isBefore(now.minus(TOUCH_MEMORY)));
    }

    /** Whether the blob was touched at or after {@code since}; forgets older touches. */
    boolean touchedSince(Digest digest, Instant since) {
        recent.values().removeIf(t -> t.isBefore(since));
        Instant t = recent.get(digest);
        return t != null && !t.isBefore(since);
    }

    // ---- repositories ----

    private Path repo(String name) {
        Path p = repositories.resolve(name).normalize();
        if (!p.startsWith(repositories) || p.equals(repositories)) throw new IllegalArgumentException("bad repository " + name);
        return p;
    }

    boolean repositoryExists(String name) {
        return Files.isDirectory(repo(name));
    }

    /** Repositories with at least one manifest (the catalog), sorted. */
    List<String> repositories() {
        return repositories(Set.of("_manifests"));
    }

    /** Every repository directory: with manifests, blobs or referrers. */
    List<String> allRepositories() {
        return repositories(Set.of("_manifests", "_layers", "_referrers"));
    }

    private List<String> repositories(Set<String> markers) {
        Set<String> names = new TreeSet<>();
        collectRepositories(repositories, "", markers, names);
        return List.copyOf(names);
    }

    private static void collectRepositories(Path dir, String prefix, Set<String> markers, Set<String> out) {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (name.startsWith("_")) {
                    if (markers.contains(name) && !prefix.isEmpty()) out.add(prefix.substring(0, prefix.length() - 1));
                    continue;
                }
                collectRepositories(child, prefix + name + "/", markers, out);
            }
        } catch (NoSuchFileException gone) {
            // removed meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    // ---- blobs ----

    /** The blob, if the repository links it and it is stored. */
    Optional<Info> blob(String name, Digest digest) {
        if (!Files.exists(layerLink(name, digest))) return Optional.empty();
        return content.info(digest);
    }

    /** Makes a stored blob part of the repository. */
    void link(String name, Digest digest) {
        Path link = layerLink(name, digest);
        if (!Files.exists(link)) AtomicFiles.write(link, new byte[0]);
    }

    /** Removes a blob from the repository (the blob stays until garbage collection). */
    boolean unlink(String name, Digest digest) {
        return delete(layerLink(name, digest));
    }

    private Path layerLink(String name, Digest digest) {
        return repo(name).resolve("_layers").resolve(digest.hex());
    }

    // ---- manifests ----

    /** A manifest of a repository: its digest, media type and bytes. */
    record StoredManifest(Digest digest, String mediaType, byte[] bytes) {}

    Optional<StoredManifest> manifest(String name, Digest digest) {
        Optional<String> type = readString(revision(name, digest));
        if (type.isEmpty() || !content.exists(digest)) return Optional.empty();
        return Optional.of(new StoredManifest(digest, type.get(), content.readAll(digest, MAX_STORED_MANIFEST)));
    }

    boolean hasManifest(String name, Digest digest) {
        return Files.exists(revision(name, digest));
    }

    Optional<Digest> tag(String name, String tag) {
        return readString(tagFile(name, tag)).filter(Digest::isDigest).map(Digest::parse);
    }

    /** Stores a checked manifest: its blob, its revision, its referrer entry, then its tags. */
    void putManifest(String name, byte[] bytes, ManifestDoc doc, List<String> tags) {
        Digest digest = content.put(bytes);
        AtomicFiles.write(revision(name, digest), doc.mediaType().getBytes(StandardCharsets.UTF_8));
        if (doc.subject() != null) {
            Path ref = repo(name).resolve("_referrers").resolve(doc.subject().hex()).resolve(digest.hex());
            if (!Files.exists(ref)) AtomicFiles.write(ref, new byte[0]);
        }
        for (String tag : tags) AtomicFiles.write(tagFile(name, tag), digest.toString().getBytes(StandardCharsets.UTF_8));
    }

    boolean deleteTag(String name, String tag) {
        return delete(tagFile(name, tag));
    }

    /** Deletes a manifest from the repository, with every tag that points at it and its referrer entry. */
    boolean deleteManifest(String name, Digest digest) {
        if (!delete(revision(name, digest))) return false;
        for (String tag : tags(name)) {
            if (tag(name, tag).filter(digest::equals).isPresent()) delete(tagFile(name, tag));
        }
        Path referrers = repo(name).resolve("_referrers");
        for (Path subject : list(referrers)) delete(subject.resolve(digest.hex()));
        return true;
    }

    /** The repository's tags in ASCII order. */
    List<String> tags(String name) {
        return list(repo(name).resolve("_manifests").resolve("tags")).stream()
                .map(p -> p.getFileName().toString())
                .filter(Names::isTag)
                .sorted()
                .toList();
    }

    /** Digests of the repository's manifests. */
    List<Digest> manifests(String name) {
        return hexNames(repo(name).resolve("_manifests").resolve("revisions"));
    }

    /** Digests of the repository's manifests whose subject is {@code subject}. */
    List<Digest> referrers(String name, Digest subject) {
        return hexNames(repo(name).resolve("_referrers").resolve(subject.hex()));
    }

    /** Digests of the blobs the repository links. */
    List<Digest> layers(String name) {
        return hexNames(repo(name).resolve("_layers"));
    }

    private Path revision(String name, Digest digest) {
        return repo(name).resolve("_manifests").resolve("revisions").resolve(digest.hex());
    }

    private Path tagFile(String name, String tag) {
        return repo(name).resolve("_manifests").resolve("tags").resolve(tag);
    }

    // ---- files ----

    private static List<Digest> hexNames(Path dir) {
        List<Digest> out = new ArrayList<>();
        for (Path p : list(dir)) {
            String n = p.getFileName().toString();
            if (Digest.isDigest("sha256:" + n)) out.add(new Digest(n));
        }
        out.sort(null);
        return out;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> readString(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean delete(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    /** Releases the directory for another process. */
    @Override
    public void close() {
        try {
            lock.release();
            lock.channel().close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }
}

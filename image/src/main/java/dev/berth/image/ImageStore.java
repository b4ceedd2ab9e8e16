package dev.berth.image;

import dev.berth.common.EngineException;
import dev.berth.content.ContentStore;
import dev.berth.content.Info;
import dev.berth.content.Writer;
import dev.berth.image.ImageIndex.Entry;
import dev.berth.image.RecordStore.ImageRecord;
import dev.berth.image.RecordStore.Reference;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageRef;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.OciJson;
import dev.berth.snapshot.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The images of one engine: their records and names on disk, their configs and layer blobs in the
 * {@link ContentStore}, their unpacked layers in the {@link LayerStore}; and the ways images come and
 * go ({@code import}, {@code load}, {@code save}, {@code tag}, {@code rmi}, {@code prune}).
 *
 * <p>Every change writes blobs first, then layers, then the image record, then the names, so a
 * kill -9 at any point leaves a store where every name points at a whole image; what is left
 * unreferenced is removed by {@link #gc()}. Call {@link #recover()} once at start-up.
 *
 * <p>Policy stays with the engine: whether an image is in use by a container, and Docker's
 * {@code rmi} rules (untag vs delete, {@code --force}), are decided there; this class does what it is told.
 *
 * <p>Thread-safe. Reads and name changes are short and serialised; imports, loads and saves run
 * concurrently with each other and with reads, and hold off {@link #gc()} while they run.
 */
public final class ImageStore {
    private final ContentStore content;
    private final LayerStore layers;
    private final GcRoots extraRoots;
    private final RecordStore disk;
    private final LayerUnpacker unpacker;
    private final Collector collector;

    /** Held shared while content is added that no record references yet (a lease); exclusively by gc. */
    private final ReentrantReadWriteLock gcLock = new ReentrantReadWriteLock();
    /** Guards {@link #index} and the record and name files. */
    private final Object lock = new Object();
    private final ImageIndex index;
    private final List<RecordStore.Problem> problems = new ArrayList<>();
    private final Set<Digest> unreadable = new HashSet<>();

    public ImageStore(Path root, ContentStore content, LayerStore layers) {
        this(root, content, layers, GcRoots.none());
    }

    /**
     * Opens (or creates) the store and reads its records and names. Nothing is repaired here:
     * call {@link #recover()} at start-up.
     *
     * @param root the directory of the store's own files (records and names)
     * @param extraRoots what keeps layers and blobs alive besides images (containers, builds)
     */
    public ImageStore(Path root, ContentStore content, LayerStore layers, GcRoots extraRoots) {
        this.content = content;
        this.layers = layers;
        this.extraRoots = extraRoots;
        this.disk = new RecordStore(root);
        this.unpacker = new LayerUnpacker(content, layers);
        this.collector = new Collector(content, layers);
        this.index = new ImageIndex(disk.readReferences(problems));
        for (ImageRecord r : disk.readRecords(problems)) {
            try {
                index.put(new Entry(r, readConfig(r.config())));
            } catch (EngineException e) {
                unreadable.add(r.id());
                problems.add(new RecordStore.Problem(null, "image " + r.id() + " is unusable: " + e.getMessage()));
            }
        }
    }

    // ---- reading -------------------------------------------------------------------------------

    /** All images, newest first. */
    public List<Image> list() {
        synchronized (lock) {
            return index.images().stream()
                    .sorted(Comparator.comparing((Image i) -> i.created().orElse(Instant.MIN)).reversed()
                            .thenComparing(Image::id))
                    .toList();
        }
    }

    /** Untagged images (Docker's dangling images), newest first. */
    public List<Image> dangling() {
        return list().stream().filter(Image::dangling).toList();
    }

    public Optional<Image> get(Digest id) {
        synchronized (lock) {
            return index.entry(id).map(index::image);
        }
    }

    /**
     * Finds an image the ways Docker does: {@code name[:tag]} (normalised, {@code latest} by default),
     * {@code name@sha256:<manifest digest>}, {@code sha256:<id>}, a bare 64-hex id, or a unique prefix
     * of the id ({@code sha256:} optional).
     *
     * @throws EngineException.NotFound "No such image: " + input
     * @throws EngineException.InvalidArgument for an ambiguous id prefix, or an invalid name that is no id prefix
     */
    public Image resolve(String nameOrId) {
        synchronized (lock) {
            return index.image(index.entry(index.resolveId(nameOrId)).orElseThrow());
        }
    }

    /** The config exactly as stored: its sha256 is the image id. */
    public byte[] configBytes(Digest id) {
        Image image = get(id).orElseThrow(() -> ImageIndex.noSuchImage(id.toString()));
        return content.readAll(image.configBlob().digest(), OciJson.MAX_DOCUMENT_BYTES);
    }

    /**
     * Docker's image history: one entry per config history step, newest first; steps that added a
     * layer carry its size. The newest entry carries the image's id and tags, and so do entries of
     * local parents the store knows; the others are {@code <missing>}.
     */
    public List<HistoryEntry> history(Digest id) {
        synchronized (lock) {
            Entry entry = index.entry(id).orElseThrow(() -> ImageIndex.noSuchImage(id.toString()));
            List<ImageLayer> imageLayers = entry.record().layers();
            Deque<HistoryEntry> steps = new ArrayDeque<>();
            int layer = 0;
            for (ImageConfig.History h : entry.config().history()) {
                long size = 0;
                if (!h.isEmptyLayer()) {
                    if (layer >= imageLayers.size()) {
                        throw new EngineException.DataCorruption("image " + id
                                + " has more non-empty steps in its history than layers", null);
                    }
                    size = imageLayers.get(layer++).size();
                }
                steps.addFirst(new HistoryEntry(Optional.empty(), Timestamps.parse(h.created()), h.createdBy(),
                        List.of(), size, h.comment()));
            }
            List<HistoryEntry> out = new ArrayList<>(steps);
            Optional<Digest> current = Optional.of(id);
            for (int i = 0; i < out.size() && current.isPresent(); i++) {
                HistoryEntry h = out.get(i);
                Digest at = current.get();
                out.set(i, new HistoryEntry(current, h.created(), h.createdBy(), index.familiarTags(at), h.size(),
                        h.comment()));
                current = index.entry(at).map(e -> e.record().parent()).filter(index::contains);
            }
            return List.copyOf(out);
        }
    }

    // ---- names ---------------------------------------------------------------------------------

    /**
     * Points a name at an image, moving it from another image if needed. A tagged reference
     * becomes a repo tag; a digest-only reference ({@code name@sha256:...}, as a pull sets) a repo
     * digest; a reference with neither gets {@code latest}.
     *
     * @throws EngineException.NotFound if there is no such image
     * @throws EngineException.InvalidArgument for a reference with both tag and digest
     */
    public void tag(Digest imageId, ImageRef ref) {
        ImageRef name = ImageIndex.storedForm(ref);
        synchronized (lock) {
            if (!index.contains(imageId)) throw ImageIndex.noSuchImage(imageId.toString());
            changeNames(refs -> refs.put(name.toString(), new Reference(imageId, Timestamps.format(Instant.now()))));
        }
    }

    /**
     * Removes a name (a tag, or a repo digest); the image stays, even if it has no name left.
     *
     * @return whether the name existed
     */
    public boolean untag(ImageRef ref) {
        ImageRef name = ImageIndex.storedForm(ref);
        synchronized (lock) {
            if (!index.refs().containsKey(name.toString())) return false;
            changeNames(refs -> refs.remove(name.toString()));
            return true;
        }
    }

    // ---- removal -------------------------------------------------------------------------------

    /**
     * Removes an image: its names, then its record; then (unless content is being added right now,
     * in which case the next {@link #gc()} does it) the layers and blobs nothing references any
     * more. In-use checks and Docker's rmi rules are the caller's.
     *
     * @return Docker's rmi report: an {@code Untagged} per name, {@code Deleted} for the image and
     *         for each of its layers that went
     * @throws EngineException.NotFound if there is no such image
     */
    public List<ImageRemoval> delete(Digest imageId) {
        Removed removed = remove(imageId);
        List<ImageRemoval> report = new ArrayList<>(removed.report());
        for (Digest chain : collectIfIdle().layers()) {
            if (removed.chainIds().contains(chain)) report.add(new ImageRemoval.Deleted(chain));
        }
        return List.copyOf(report);
    }

    /**
     * Docker's image prune: removes the dangling images (with {@code all}, every image) that
     * {@code inUse} does not protect, then collects garbage.
     */
    public PruneResult prune(boolean all, Predicate<Image> inUse) {
        List<ImageRemoval> report = new ArrayList<>();
        for (Image image : list()) {
            if ((all || image.dangling()) && !inUse.test(image)) {
                try {
                    report.addAll(remove(image.id()).report());
                } catch (EngineException.NotFound raced) {
                    // removed by someone else meanwhile
                }
            }
        }
        GcResult gc = gc();
        gc.layers().forEach(chain -> report.add(new ImageRemoval.Deleted(chain)));
        return new PruneResult(report, gc.bytesReclaimed());
    }

    /**
     * Removes every layer and blob that no image record, no {@link GcRoots extra root} and no
     * layer above them references. Waits for running imports, loads, saves and leases to finish;
     * never call it inside {@link #withLease}.
     */
    public GcResult gc() {
        gcLock.writeLock().lock();
        try {
            return collect();
        } finally {
            gcLock.writeLock().unlock();
        }
    }

    /**
     * Start-up repair after a crash: removes unfinished blob writes and layer unpacks, temporary
     * files, image records that cannot be used (missing config or layer blobs; a missing layer is
     * unpacked again from its blob when possible) and names of images that are gone.
     * Run {@link #gc()} afterwards to remove what this leaves unreferenced.
     *
     * @return warnings for the daemon's log, one per repair
     */
    public List<String> recover() {
        List<String> warnings = new ArrayList<>();
        gcLock.writeLock().lock();
        try {
            int ingests = content.recover();
            if (ingests > 0) warnings.add("removed " + ingests + " unfinished blob writes");
            layers.recover();
            disk.removeTemporaryFiles();
            synchronized (lock) {
                for (RecordStore.Problem p : problems) {
                    warnings.add(p.message());
                    if (p.file() != null) disk.delete(p.file());
                }
                problems.clear();
                Set<Digest> drop = new HashSet<>(unreadable);
                unreadable.clear();
                for (Entry e : index.entries()) {
                    String why = repair(e.record());
                    if (why != null) {
                        warnings.add("dropped image " + e.id() + ": " + why);
                        drop.add(e.id());
                    }
                }
                if (index.refs().values().stream().anyMatch(r -> drop.contains(r.id()) || !index.contains(r.id()))) {
                    warnings.add("removed names of images that no longer exist");
                    changeNames(refs -> refs.values().removeIf(r -> drop.contains(r.id()) || !index.contains(r.id())));
                }
                for (Digest id : drop) {
                    disk.deleteRecord(id);
                    index.remove(id);
                }
            }
        } finally {
            gcLock.writeLock().unlock();
        }
        return warnings;
    }

    // ---- import, load, save, create ------------------------------------------------------------

    /**
     * {@code docker import}: a root file system tarball (plain, gzip, bzip2, xz or zstd, recognised
     * by its magic bytes) becomes a one-layer image. The layer is stored uncompressed (its blob
     * digest is its diff id), the config gets {@code rootfs}, one history step with the message,
     * {@code created} (RFC 3339, UTC), the platform and {@code docker_version}.
     *
     * @throws EngineException.InvalidArgument if the input cannot be read or is not a tar
     */
    public Image importRootfs(InputStream tarMaybeCompressed, ImportOptions opts) {
        return withLease(() -> {
            Info layerBlob;
            try (Writer w = content.writer()) {
                w.copyFrom(Compression.autoDecompress(tarMaybeCompressed));
                layerBlob = w.commit();
            } catch (IOException e) {
                throw new EngineException.InvalidArgument("cannot read the root file system tarball: " + e.getMessage(), e);
            }
            Digest diffId = layerBlob.digest();
            String created = Timestamps.format(opts.created().orElseGet(Instant::now));
            ImageConfig config = new ImageConfig(opts.platform().architecture(), opts.platform().os(),
                    opts.platform().osVersion(), opts.platform().variant(), created, null, opts.message(), null, null,
                    opts.engineVersion(), opts.config(), null, ImageConfig.RootFs.layers(List.of(diffId)),
                    List.of(new ImageConfig.History(created, null, null, opts.message(), null)));
            byte[] configBytes = OciJson.write(config);
            Digest id = content.put(configBytes);
            ImageCandidate candidate = new ImageCandidate(
                    new Descriptor(MediaTypes.DOCKER_CONFIG, id, configBytes.length), config,
                    List.of(new ImageCandidate.Layer(new Descriptor(MediaTypes.OCI_LAYER, diffId, layerBlob.size()), diffId)),
                    opts.tag().stream().toList());
            store(List.of(candidate), line -> { });
            return get(id).orElseThrow();
        });
    }

    /**
     * {@code docker load}: reads a docker-archive ({@code manifest.json}; Docker 20.10's
     * {@code <id>/layer.tar} or Docker 25's {@code blobs/sha256/...}) or an OCI image layout
     * ({@code index.json}), plain or compressed. The stream is read once, each file going straight
     * into the content store; everything is checked and every layer unpacked before any record or
     * name is written, so a bad archive leaves no image and moves no name (its blobs are garbage).
     *
     * @param progress receives Docker's lines: "Loaded image: busybox:latest",
     *                 "Loaded image ID: sha256:..." for unnamed images, and a note when a name moves
     * @throws EngineException.InvalidArgument with what is wrong with the archive
     */
    public LoadResult load(InputStream archive, Consumer<String> progress) {
        return withLease(() -> {
            SpooledArchive spooled = new ArchiveSpool(content).spool(archive);
            List<ImageCandidate> candidates;
            if (DockerArchiveReader.accepts(spooled)) {
                candidates = new DockerArchiveReader(spooled, content).read();
            } else if (OciLayoutReader.accepts(spooled)) {
                candidates = new OciLayoutReader(spooled, content, ImportOptions.hostPlatform()).read();
            } else {
                throw new EngineException.InvalidArgument(spooled.isEmpty() ? "invalid archive: it is empty"
                        : "invalid archive: it has neither manifest.json (docker save) nor index.json (OCI image layout)");
            }
            return store(candidates, progress);
        });
    }

    /**
     * {@code docker save}: writes the named images as one tar that Docker 20.10, Docker 25+ and OCI
     * tools load (see {@link ArchiveWriter} for the layout). A {@code name:tag} saves that image
     * under that tag; a bare repository name saves every tag of it; an id or digest saves the image
     * without a name. The caller's stream is not closed.
     *
     * @throws EngineException.NotFound for a name that matches nothing
     */
    public void save(List<String> namesOrIds, OutputStream out) {
        if (namesOrIds.isEmpty()) throw new EngineException.InvalidArgument("nothing to save: name at least one image");
        withLease(() -> {
            List<ArchiveWriter.SavedImage> selection = new ArrayList<>();
            synchronized (lock) {
                index.selectForSave(namesOrIds).forEach((id, tags) -> selection.add(
                        new ArchiveWriter.SavedImage(index.image(index.entry(id).orElseThrow()), tags)));
            }
            try {
                new ArchiveWriter(content).write(selection, out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the image archive: " + e.getMessage(), e);
            }
            return null;
        });
    }

    /**
     * Adds an image from blobs already in the content store (a pull, a build step, a commit): the
     * layers are unpacked (each checked against its diff id), then the record and names are written.
     * Write the blobs and call this inside one {@link #withLease} so gc cannot take them meanwhile.
     * Adding an image that exists only adds the names.
     *
     * @throws EngineException.NotFound if a blob or the parent is missing
     * @throws EngineException.InvalidArgument if the config is invalid, the layers do not match it,
     *         or a layer media type is not a (gzip or zstd) tar
     */
    public Image create(ImageSpec spec) {
        return withLease(() -> {
            Descriptor configBlob = spec.config();
            String what = "image config " + configBlob.digest();
            ImageConfig config = ImageCandidate.parseConfig(
                    content.readAll(configBlob.digest(), OciJson.MAX_DOCUMENT_BYTES), what);
            ImageCandidate.checkLayerCount(config, spec.layers().size(), what);
            List<ImageCandidate.Layer> layerBlobs = new ArrayList<>();
            for (int i = 0; i < spec.layers().size(); i++) {
                Descriptor blob = spec.layers().get(i);
                OciLayoutReader.checkLayerMediaType(blob);
                if (!content.exists(blob.digest())) {
                    throw new EngineException.NotFound("layer blob " + blob.digest() + " is not in the content store");
                }
                layerBlobs.add(new ImageCandidate.Layer(blob, config.diffIds().get(i)));
            }
            synchronized (lock) {
                spec.parent().filter(p -> !index.contains(p)).ifPresent(p -> {
                    throw ImageIndex.noSuchImage(p.toString());
                });
            }
            store(List.of(new ImageCandidate(configBlob, config, layerBlobs, spec.names(), spec.parent())), line -> { });
            return get(configBlob.digest()).orElseThrow();
        });
    }

    /**
     * {@code docker commit}: a new image of {@code spec.parent()} plus the layer {@code spec.layer()}
     * writes. The layer is stored uncompressed (its blob digest is its diff id) and unpacked like any
     * other; a layer without entries is not added (the history step is then an {@code empty_layer}).
     * The config takes the parent's platform, {@code rootfs} and history plus one step with the
     * comment and author. Crash-safe as {@link #create}: blobs, layer, record, then the name.
     *
     * @throws EngineException.NotFound if the parent is gone
     */
    public Image commit(CommitSpec spec) {
        return withLease(() -> {
            Optional<Image> parent = spec.parent().map(id -> get(id).orElseThrow(() -> ImageIndex.noSuchImage(id.toString())));
            Info layerBlob;
            try (Writer w = content.writer()) {
                spec.layer().writeTo(w.asOutputStream());
                layerBlob = w.size() <= 1024 && isAllZero(w) ? null : w.commit();
            } catch (IOException e) {
                throw new EngineException.Unavailable("cannot write the new layer: " + e.getMessage(), e);
            }
            String created = Timestamps.format(spec.created());
            ImageConfig base = parent.map(Image::config).orElse(null);
            var platform = ImportOptions.hostPlatform();
            List<Digest> diffIds = new ArrayList<>(base == null ? List.of() : base.diffIds());
            List<Descriptor> layerBlobs = new ArrayList<>(parent.map(p -> p.layers().stream().map(ImageLayer::blob).toList())
                    .orElse(List.of()));
            if (layerBlob != null) {
                diffIds.add(layerBlob.digest());
                layerBlobs.add(new Descriptor(MediaTypes.OCI_LAYER, layerBlob.digest(), layerBlob.size()));
            }
            List<ImageConfig.History> history = new ArrayList<>(base == null ? List.of() : base.history());
            history.add(new ImageConfig.History(created, emptyToNull(spec.createdBy()), emptyToNull(spec.author()),
                    emptyToNull(spec.comment()), layerBlob == null ? Boolean.TRUE : null));
            ImageConfig config = new ImageConfig(
                    base == null ? platform.architecture() : base.architecture(), base == null ? platform.os() : base.os(),
                    base == null ? null : base.osVersion(), base == null ? platform.variant() : base.variant(), created,
                    emptyToNull(spec.author()), emptyToNull(spec.comment()),
                    parent.map(p -> p.id().toString()).orElse(null), emptyToNull(spec.containerId()),
                    spec.engineVersion(), spec.config(), spec.containerConfig(), ImageConfig.RootFs.layers(diffIds), history);
            byte[] configBytes = OciJson.write(config);
            Digest id = content.put(configBytes);
            return create(new ImageSpec(new Descriptor(MediaTypes.DOCKER_CONFIG, id, configBytes.length), layerBlobs,
                    spec.parent(), spec.tag().stream().toList()));
        });
    }

    /** An uncompressed tar of only its end-of-archive blocks: Docker's empty layer. */
    private static boolean isAllZero(Writer w) {
        return w.digest().toString().equals(EMPTY_TAR) || w.size() == 0;
    }

    /** sha256 of 1024 zero bytes (the tar with no entries). */
    private static final String EMPTY_TAR = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /**
     * Runs work that writes blobs or layers nothing references yet (a pull, a build) and keeps
     * {@link #gc()} from removing them until it returns (gc waits). Nestable; a {@link #delete}
     * inside leaves its garbage to the next gc.
     */
    public <T> T withLease(Supplier<T> work) {
        gcLock.readLock().lock();
        try {
            return work.get();
        } finally {
            gcLock.readLock().unlock();
        }
    }

    // ---- internals -----------------------------------------------------------------------------

    /**
     * Stores checked candidates, the caller holding a lease: the layers of all of them first, then
     * their records, then all their names in one write.
     */
    private LoadResult store(List<ImageCandidate> candidates, Consumer<String> progress) {
        Map<Digest, ImageRecord> records = new LinkedHashMap<>();
        for (ImageCandidate c : candidates) {
            if (records.containsKey(c.id())) continue;
            Optional<Entry> existing;
            synchronized (lock) {
                existing = index.entry(c.id());
            }
            if (existing.isPresent() && layersPresent(existing.get().record())) {
                records.put(c.id(), existing.get().record());
                continue;
            }
            if (!content.exists(c.id())) {
                throw new IllegalStateException("config " + c.id() + " vanished from the content store during a lease");
            }
            List<ImageLayer> unpacked = unpacker.unpack(c.layers(), this::knownTarSize);
            records.put(c.id(), new ImageRecord(RecordStore.VERSION, c.id(), c.configBlob(), unpacked,
                    c.parent().orElse(null)));
        }
        List<LoadResult.Loaded> loaded = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        synchronized (lock) {
            for (ImageCandidate c : candidates) {
                if (!index.contains(c.id())) {
                    disk.writeRecord(records.get(c.id()));
                    index.put(new Entry(records.get(c.id()), c.config()));
                }
            }
            String now = Timestamps.format(Instant.now());
            changeNames(refs -> {
                for (ImageCandidate c : candidates) {
                    for (ImageRef name : c.tags()) {
                        Reference previous = refs.put(name.toString(), new Reference(c.id(), now));
                        if (previous != null && !previous.id().equals(c.id()) && name.tag() != null) {
                            lines.add("The image " + name.familiar() + " already exists, renaming the old one with ID "
                                    + previous.id() + " to empty string");
                        }
                        if (name.tag() != null) lines.add("Loaded image: " + name.familiar());
                    }
                    if (c.tags().stream().noneMatch(n -> n.tag() != null)) lines.add("Loaded image ID: " + c.id());
                    loaded.add(new LoadResult.Loaded(c.id(), c.tags()));
                }
            });
        }
        lines.forEach(progress);
        return new LoadResult(loaded);
    }

    /** Changes the names and writes them out; on a failed write the names in memory stay as they were. */
    private void changeNames(Consumer<SortedMap<String, Reference>> change) {
        SortedMap<String, Reference> before = index.copyOfRefs();
        change.accept(index.refs());
        if (before.equals(index.refs())) return;
        try {
            disk.writeReferences(index.refs());
        } catch (RuntimeException e) {
            index.restoreRefs(before);
            throw e;
        }
    }

    private boolean layersPresent(ImageRecord r) {
        return r.layers().stream().allMatch(l -> layers.get(l.chainId()).isPresent());
    }

    private long knownTarSize(Digest diffId) {
        synchronized (lock) {
            return index.entries().stream().flatMap(e -> e.record().layers().stream())
                    .filter(l -> l.diffId().equals(diffId) && l.tarSize() >= 0)
                    .mapToLong(ImageLayer::tarSize).findFirst().orElse(-1);
        }
    }

    /** What removing one image did: the rmi report so far, and the layers the image used. */
    private record Removed(List<ImageRemoval> report, Set<Digest> chainIds) {}

    /** Removes an image's names, then its record. */
    private Removed remove(Digest imageId) {
        synchronized (lock) {
            Entry entry = index.entry(imageId).orElseThrow(() -> ImageIndex.noSuchImage(imageId.toString()));
            List<ImageRemoval> report = new ArrayList<>();
            index.refs().forEach((name, ref) -> {
                if (ref.id().equals(imageId)) report.add(new ImageRemoval.Untagged(ImageRef.parseNamed(name)));
            });
            changeNames(refs -> refs.values().removeIf(ref -> ref.id().equals(imageId)));
            disk.deleteRecord(imageId);
            index.remove(imageId);
            report.add(new ImageRemoval.Deleted(imageId));
            Set<Digest> chains = new HashSet<>();
            entry.record().layers().forEach(l -> chains.add(l.chainId()));
            return new Removed(report, chains);
        }
    }

    private GcResult collectIfIdle() {
        if (!gcLock.writeLock().tryLock()) return GcResult.nothing();
        try {
            return collect();
        } finally {
            gcLock.writeLock().unlock();
        }
    }

    /** Mark and sweep; the caller holds the gc lock exclusively. */
    private GcResult collect() {
        Set<Digest> liveBlobs = new HashSet<>();
        Set<Digest> liveChains = new HashSet<>();
        synchronized (lock) {
            for (Entry e : index.entries()) {
                liveBlobs.add(e.record().config().digest());
                for (ImageLayer l : e.record().layers()) {
                    liveBlobs.add(l.blob().digest());
                    liveChains.add(l.chainId());
                }
            }
        }
        liveChains.addAll(extraRoots.chainIds());
        liveBlobs.addAll(extraRoots.blobs());
        return collector.sweep(liveBlobs, liveChains);
    }

    /** Checks an image's blobs and layers; re-unpacks missing layers from their blobs. Null if fine, else why not. */
    private String repair(ImageRecord r) {
        if (!content.exists(r.config().digest())) return "its config blob " + r.config().digest() + " is missing";
        for (ImageLayer l : r.layers()) {
            if (!content.exists(l.blob().digest())) return "its layer blob " + l.blob().digest() + " is missing";
        }
        if (layersPresent(r)) return null;
        try {
            unpacker.unpack(r.layers().stream().map(l -> new ImageCandidate.Layer(l.blob(), l.diffId())).toList(),
                    d -> -1);
            return null;
        } catch (RuntimeException ex) {
            return "its layers are missing and cannot be unpacked again: " + ex.getMessage();
        }
    }

    private ImageConfig readConfig(Descriptor configBlob) {
        byte[] bytes = content.readAll(configBlob.digest(), OciJson.MAX_DOCUMENT_BYTES);
        return ImageCandidate.parseConfig(bytes, "image config " + configBlob.digest());
    }
}

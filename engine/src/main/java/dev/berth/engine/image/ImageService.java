package dev.berth.engine.image;

import dev.berth.common.EngineException;
import dev.berth.common.Labels;
import dev.berth.engine.events.EventBus;
import dev.berth.distribution.Credentials;
import dev.berth.distribution.Progress;
import dev.berth.distribution.PullPlan;
import dev.berth.distribution.PullResult;
import dev.berth.distribution.PushRequest;
import dev.berth.distribution.PushResult;
import dev.berth.image.HistoryEntry;
import dev.berth.image.ImageLayer;
import dev.berth.image.ImageSpec;
import dev.berth.image.Image;
import dev.berth.image.ImageRemoval;
import dev.berth.image.ImageStore;
import dev.berth.image.ImportOptions;
import dev.berth.image.LoadResult;
import dev.berth.image.PruneResult;
import dev.berth.oci.Descriptor.Platform;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageRef;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Image use cases with Docker's semantics on top of the {@link ImageStore}: which images a listing
 * shows, when {@code rmi} untags and when it deletes (moby's image_delete rules), what prune
 * removes, and the events each operation publishes.
 */
public final class ImageService {
    private final ImageStore store;
    private final EventBus events;
    private final Registries registries;
    private volatile ImageUsers users = ImageUsers.NONE;

    public ImageService(ImageStore store, EventBus events) {
        this(store, events, null);
    }

    /** @param registries for pull, push and login; null for none (they then fail as not implemented) */
    public ImageService(ImageStore store, EventBus events, Registries registries) {
        this.store = store;
        this.events = events;
        this.registries = registries;
    }

    /** Set once by the container subsystem, which is wired after images. */
    public void setUsers(ImageUsers users) {
        this.users = users;
    }

    public int count() {
        return store.list().size();
    }

    public Image inspect(String nameOrId) {
        return store.resolve(nameOrId);
    }

    public static Instant created(Image i) {
        return i.created().orElse(Instant.EPOCH);
    }

    public List<Image> list(ImageQuery q) {
        Instant before = q.before() == null ? null : created(store.resolve(q.before()));
        Instant since = q.since() == null ? null : created(store.resolve(q.since()));
        Set<Digest> parents = parents();
        return store.list().stream()
                .filter(i -> q.all() || !i.dangling() || !parents.contains(i.id())) // a build's intermediate images: -a only
                .filter(i -> q.dangling() == null || q.dangling() == (i.dangling() && !parents.contains(i.id())))
                .filter(i -> before == null || created(i).isBefore(before))
                .filter(i -> since == null || created(i).isAfter(since))
                .filter(i -> q.labels().stream().allMatch(l -> hasLabel(i, l)))
                .map(i -> q.references().isEmpty() ? i : withMatchingTags(i, q.references()))
                .filter(i -> q.references().isEmpty() || !i.repoTags().isEmpty())
                .sorted(Comparator.comparing(ImageService::created).reversed())
                .toList();
    }

    /** The images that are another's parent (a build's intermediate images, while their children exist). */
    private Set<Digest> parents() {
        Set<Digest> out = new HashSet<>();
        for (Image i : store.list()) i.parent().ifPresent(out::add);
        return out;
    }

    private static boolean hasLabel(Image i, String filter) {
        Map<String, String> labels = i.config().config() == null ? null : i.config().config().labels();
        return labels != null && Labels.matches(labels, filter);
    }

    /**
     * Docker's {@code reference} filter keeps the names that match one of the patterns (a glob on
     * {@code name:tag}, else on {@code name}), and so lists an image with just those names.
     */
    private static Image withMatchingTags(Image i, List<String> patterns) {
        List<ImageRef> kept = i.repoTags().stream().filter(r -> patterns.stream().anyMatch(p -> matches(p, r))).toList();
        return new Image(i.id(), i.configBlob(), i.config(), i.layers(), kept, i.repoDigests(), i.parent(), i.lastTagTime());
    }

    private static boolean matches(String pattern, ImageRef ref) {
        var glob = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        return glob.matches(Path.of(ref.familiar())) || glob.matches(Path.of(ref.familiarName()));
    }

    public List<HistoryEntry> history(String nameOrId) {
        return store.history(store.resolve(nameOrId).id());
    }

    public void tag(String source, String target) {
        Image img = store.resolve(source);
        ImageRef ref = ImageRef.parse(target);
        if (ref.digest() != null) throw new EngineException.InvalidArgument("refusing to create a tag with a digest reference");
        store.tag(img.id(), ref);
        events.publish("image", "tag", img.id().toString(), Map.of("name", ref.familiar()));
    }

    /** {@code docker rmi}: untag, and delete the image when nothing else names or uses it. */
    public synchronized List<ImageRemoval> remove(String nameOrId, boolean force) {
        Image img = store.resolve(nameOrId);
        List<ImageRemoval> report = new ArrayList<>();
        if (!isIdReference(img, nameOrId)) {
            ImageRef ref = ImageRef.parse(nameOrId);
            untag(img, ref, report);
            if (!store.get(img.id()).map(Image::dangling).orElse(true)) return report;
            // the last name is gone; an image still used by a container stays, quietly (as moby does)
            if (!users.runningContainers(img.id()).isEmpty() || (!force && !users.stoppedContainers(img.id()).isEmpty())) {
                return report;
            }
        } else if (img.repoTags().size() <= 1) {
            checkUsers(img, force);
            img.repoTags().forEach(r -> untag(img, r, report));
        }
        Image current = store.get(img.id()).orElseThrow();
        checkUsers(current, force);
        if (!current.dangling()) {
            if (!force) {
                throw new EngineException.Conflict("conflict: unable to delete " + img.id().shortHex()
                        + " (must be forced) - image is referenced in multiple repositories");
            }
            current.repoTags().forEach(r -> untag(img, r, report));
        }
        report.addAll(store.delete(img.id()));
        events.publish("image", "delete", img.id().toString(), Map.of("name", img.id().toString()));
        deleteIdleParents(img, report);
        return report;
    }

    /** As dockerd: the untagged parents (a build's intermediate images) that nothing else uses go with their last child. */
    private void deleteIdleParents(Image img, List<ImageRemoval> report) {
        Optional<Digest> parent = img.parent();
        while (parent.isPresent()) {
            Optional<Image> p = store.get(parent.get());
            if (p.isEmpty() || !p.get().dangling() || parents().contains(p.get().id()) || isUsed(p.get())) return;
            report.addAll(store.delete(p.get().id()));
            events.publish("image", "delete", p.get().id().toString(), Map.of("name", p.get().id().toString()));
            parent = p.get().parent();
        }
    }

    private void untag(Image img, ImageRef ref, List<ImageRemoval> report) {
        store.untag(ref);
        report.add(new ImageRemoval.Untagged(ref));
        events.publish("image", "untag", img.id().toString(), Map.of("name", ref.familiar()));
    }

    private static boolean isIdReference(Image img, String input) {
        String hex = input.startsWith("sha256:") ? input.substring(7) : input;
        return hex.matches("[a-f0-9]+") && img.id().hex().startsWith(hex);
    }

    private void checkUsers(Image img, boolean force) {
        String shortId = img.id().shortHex();
        List<String> running = users.runningContainers(img.id());
        if (!running.isEmpty()) {
            throw new EngineException.Conflict("conflict: unable to delete " + shortId
                    + " (cannot be forced) - image is being used by running container " + running.getFirst().substring(0, 12));
        }
        List<String> stopped = users.stoppedContainers(img.id());
        if (!force && !stopped.isEmpty()) {
            throw new EngineException.Conflict("conflict: unable to delete " + shortId
                    + " (must be forced) - image is being used by stopped container " + stopped.getFirst().substring(0, 12));
        }
    }

    /** {@code docker image prune}: dangling images, or with {@code all} every image no container uses. */
    public synchronized PruneResult prune(boolean all, Instant until, List<String> labels) {
        Set<Digest> parents = parents();
        PruneResult r = store.prune(all, img -> isUsed(img) || (!all && parents.contains(img.id()))
                || (until != null && !created(img).isBefore(until))
                || !labels.stream().allMatch(l -> hasLabel(img, l)));
        if (!all && r.removed().stream().anyMatch(x -> x instanceof ImageRemoval.Deleted)) {
            PruneResult more = prune(false, until, labels); // their parents are dangling now
            List<ImageRemoval> removed = new ArrayList<>(r.removed());
            removed.addAll(more.removed());
            r = new PruneResult(removed, r.spaceReclaimed() + more.spaceReclaimed());
        }
        for (ImageRemoval removal : r.removed()) {
            switch (removal) {
                case ImageRemoval.Untagged u -> events.publish("image", "untag", "", Map.of("name", u.ref().familiar()));
                case ImageRemoval.Deleted d -> events.publish("image", "delete", d.id().toString(), Map.of("name", d.id().toString()));
            }
        }
        return r;
    }

    private boolean isUsed(Image img) {
        return !users.runningContainers(img.id()).isEmpty() || !users.stoppedContainers(img.id()).isEmpty();
    }

    /** {@code docker import}: a rootfs tarball becomes a one-layer image. */
    public Image importImage(InputStream tar, String repoAndTag, List<String> changes, String message, String platform) {
        ImportOptions opts = ImportOptions.defaults()
                .withConfig(ImageChanges.apply(dev.berth.oci.ContainerConfig.empty(), changes));
        if (message != null && !message.isBlank()) opts = opts.withMessage(message);
        if (repoAndTag != null && !repoAndTag.isBlank()) opts = opts.withTag(ImageRef.parse(repoAndTag));
        if (platform != null && !platform.isBlank()) opts = opts.withPlatform(parsePlatform(platform));
        Image img = store.importRootfs(tar, opts);
        opts.tag().ifPresent(r -> events.publish("image", "tag", img.id().toString(), Map.of("name", r.familiar())));
        events.publish("image", "import", img.id().toString(), Map.of("name", img.id().toString()));
        return img;
    }

    // ---- registries ----------------------------------------------------------------------------

    private Registries registries() {
        if (registries == null) throw new EngineException.NotImplemented("this engine has no registry client");
        return registries;
    }

    /**
     * {@code docker pull}: fetches the image's blobs (those the content store lacks) and stores
     * the image with its tag and its repo digest, writing progress as dockerd does: {@code Pulling
     * from}, per layer {@code Pulling fs layer} ... {@code Pull complete}, {@code Digest:},
     * {@code Status:}. Crash-safe: blobs are verified before they are committed, the image record
     * is written last, and the blobs of an interrupted pull outlive the start-up gc (the journal).
     *
     * @param ref a reference with a tag or a digest
     * @param platform {@code os/arch[/variant]}, or null for the host's
     */
    public Image pull(ImageRef ref, String platform, Credentials credentials, Progress.Listener progress) {
        return pull(ref, platform, credentials, progress, true);
    }

    /**
     * {@code docker pull --all-tags} (a reference without tag or digest, as dockerd takes it):
     * every tag of the repository, then one {@code Status:} line for the repository.
     */
    public void pullAllTags(ImageRef name, String platform, Credentials credentials, Progress.Listener progress) {
        ImageRef repo = new ImageRef(name.domain(), name.path(), null, null);
        List<String> tags = registries().client().tags(repo, credentials);
        boolean changed = false;
        for (String tag : tags) {
            ImageRef ref = repo.withTag(tag);
            Optional<Digest> before = currentId(ref);
            Image img = pull(ref, platform, credentials, progress, false);
            changed |= before.isEmpty() || !before.get().equals(img.id());
        }
        progress.progress(Progress.plain(null, "Status: " + (changed ? "Downloaded newer image for " : "Image is up to date for ")
                + repo.familiarName()));
    }

    private Image pull(ImageRef ref, String platform, Credentials credentials, Progress.Listener progress, boolean status) {
        Registries r = registries();
        if (ref.tag() == null && ref.digest() == null) ref = ref.withTag(ImageRef.DEFAULT_TAG);
        if (ref.tag() != null && ref.digest() != null) ref = ref.withTag(null);
        ImageRef wanted = ref;
        Platform p = platform == null || platform.isBlank() ? ImportOptions.hostPlatform() : parsePlatform(platform);
        Optional<Digest> before = currentId(ref);
        return store.withLease(() -> {
            PullPlan plan = r.client().resolve(wanted, p, credentials);
            // after the manifest, as dockerd: an unknown tag or repository is then an error status, not in-band
            progress.progress(Progress.plain(wanted.digest() != null ? wanted.digest().toString() : wanted.tag(),
                    "Pulling from " + wanted.path()));
            PullResult result;
            Image img;
            try (PullJournal.Entry _ = r.journal().start(plan.blobs())) {
                result = plan.fetch(r.content(), progress);
                List<ImageRef> names = new ArrayList<>();
                if (wanted.tag() != null) names.add(wanted);
                names.add(new ImageRef(wanted.domain(), wanted.path(), null, result.digest()));
                img = store.create(new ImageSpec(result.config(), result.layers(), Optional.empty(), names));
            }
            r.journal().completed(plan.blobs());
            for (var layer : result.layers()) {
                if (!result.downloaded().contains(layer.digest())) continue;
                String id = layer.digest().shortHex();
                progress.progress(Progress.bytes(id, "Extracting", layer.size(), layer.size()));
                progress.progress(Progress.of(id, "Pull complete"));
            }
            progress.progress(Progress.plain(null, "Digest: " + result.digest()));
            boolean upToDate = before.isPresent() && before.get().equals(img.id());
            if (status) {
                progress.progress(Progress.plain(null, "Status: " + (upToDate ? "Image is up to date for "
                        : "Downloaded newer image for ") + wanted.familiar()));
            }
            events.publish("image", "pull", wanted.familiar(), Map.of("name", wanted.familiar()));
            return img;
        });
    }

    private Optional<Digest> currentId(ImageRef ref) {
        try {
            return Optional.of(store.resolve(ref.toString()).id());
        } catch (EngineException.NotFound | EngineException.InvalidArgument e) {
            return Optional.empty();
        }
    }

    /**
     * {@code docker push}: the image named {@code ref} (with its tag; without one, every tag of
     * the repository) goes to its registry; its repo digest is recorded. Progress as dockerd's:
     * {@code The push refers to repository [...]}, per layer {@code Preparing} ... {@code Pushed}
     * (or {@code Layer already exists}, {@code Mounted from}); each pushed tag is reported to
     * {@code pushed} (dockerd's {@code TAG: digest: ... size: N} line and aux message).
     *
     * @throws EngineException.NotFound "An image does not exist locally with the tag: ..."
     */
    public void push(ImageRef ref, Credentials credentials, Progress.Listener progress, Consumer<PushResult> pushed) {
        Registries r = registries();
        if (ref.digest() != null) throw new EngineException.InvalidArgument("cannot push a digest reference");
        List<ImageRef> targets = new ArrayList<>();
        if (ref.tag() != null) {
            targets.add(ref);
        } else {
            for (Image i : store.list()) {
                for (ImageRef t : i.repoTags()) if (t.name().equals(ref.name())) targets.add(t);
            }
            targets.sort(Comparator.comparing(ImageRef::tag));
        }
        progress.progress(Progress.plain(null, "The push refers to repository [" + ref.name() + "]"));
        if (targets.isEmpty() || currentId(targets.getFirst()).isEmpty()) {
            throw new EngineException.NotFound("An image does not exist locally with the tag: " + ref.familiarName());
        }
        for (ImageRef target : targets) {
            Image img = store.resolve(target.toString());
            List<String> mountFrom = new ArrayList<>();
            for (ImageRef other : concat(img.repoTags(), img.repoDigests())) {
                if (other.domain().equals(target.domain()) && !other.path().equals(target.path())
                        && !mountFrom.contains(other.path())) {
                    mountFrom.add(other.path());
                }
            }
            List<dev.berth.oci.Descriptor> blobs = img.layers().stream().map(ImageLayer::blob).toList();
            List<String> ids = img.layers().stream().map(l -> l.diffId().shortHex()).toList();
            PushResult result = store.withLease(() -> r.client().push(
                    new PushRequest(target, img.configBlob(), blobs, ids, mountFrom), credentials, r.content(), progress));
            store.tag(img.id(), new ImageRef(target.domain(), target.path(), null, result.digest()));
            pushed.accept(result);
            events.publish("image", "push", target.familiar(), Map.of("name", target.familiar()));
        }
    }

    private static List<ImageRef> concat(List<ImageRef> a, List<ImageRef> b) {
        List<ImageRef> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The daemon's {@code --insecure-registry} entries (for {@code docker info}). */
    public List<String> insecureRegistries() {
        return registries == null ? List.of() : registries.client().options().insecureRegistries();
    }

    /** {@code docker login}: checks the credentials against the registry ({@code POST /auth}). */
    public void login(String serverAddress, Credentials credentials) {
        registries().client().login(serverAddress, credentials);
    }

    private static Platform parsePlatform(String platform) {
        String[] p = platform.split("/");
        if (!p[0].equals("linux") || p.length < 2 || p.length > 3) {
            throw new EngineException.InvalidArgument("unsupported platform " + platform + " (want linux/<arch>[/<variant>])");
        }
        return new Platform(p[1], "linux", null, p.length == 3 ? p[2] : null);
    }

    /** {@code docker commit}'s image (the container service writes the layer); publishes the image's {@code tag}. */
    public Image commit(dev.berth.image.CommitSpec spec) {
        Image img = store.commit(spec);
        spec.tag().ifPresent(r -> events.publish("image", "tag", img.id().toString(), Map.of("name", r.familiar())));
        return img;
    }

    /** {@code docker load}: every image of a docker-archive or OCI layout tar. */
    public LoadResult load(InputStream archive, Consumer<String> progress) {
        LoadResult r = store.load(archive, progress);
        for (Digest id : r.ids()) events.publish("image", "load", id.toString(), Map.of("name", id.toString()));
        return r;
    }

    /** {@code docker save}: the named images as one archive that Docker and OCI tools load. */
    public void save(List<String> namesOrIds, OutputStream out) {
        if (namesOrIds.isEmpty()) throw new EngineException.InvalidArgument("no image names given");
        List<Image> imgs = namesOrIds.stream().map(store::resolve).toList();
        store.save(namesOrIds, out);
        for (Image i : imgs) events.publish("image", "save", i.id().toString(), Map.of("name", i.id().toString()));
    }
}

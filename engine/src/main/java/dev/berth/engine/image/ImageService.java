package dev.berth.engine.image;

import dev.berth.common.EngineException;
import dev.berth.engine.events.EventBus;
import dev.berth.image.Image;
import dev.berth.image.ImageStore;
import dev.berth.image.ImportOptions;
import dev.berth.image.LoadResult;
import dev.berth.oci.ContainerConfig;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageRef;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
    private final String hostArch;
    private volatile ImageUsers users = ImageUsers.NONE;

    public ImageService(ImageStore store, EventBus events, String hostArch) {
        this.store = store;
        this.events = events;
        this.hostArch = hostArch;
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

    public List<Image> list(ImageQuery q) {
        Instant before = q.before() == null ? null : store.resolve(q.before()).created();
        Instant since = q.since() == null ? null : store.resolve(q.since()).created();
        return store.list().stream()
                .filter(i -> q.dangling() == null || q.dangling() == i.repoTags().isEmpty())
                .filter(i -> before == null || i.created().isBefore(before))
                .filter(i -> since == null || i.created().isAfter(since))
                .filter(i -> q.labels().stream().allMatch(l -> hasLabel(i, l)))
                .filter(i -> q.references().isEmpty() || q.references().stream().anyMatch(p -> matchesReference(i, p)))
                .sorted(Comparator.comparing(Image::created).reversed())
                .toList();
    }

    private static boolean hasLabel(Image i, String filter) {
        Map<String, String> labels = i.config().config() == null ? null : i.config().config().labels();
        if (labels == null) return false;
        int eq = filter.indexOf('=');
        return eq < 0 ? labels.containsKey(filter) : filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }

    /** Docker's {@code reference} filter: a glob on the familiar name, or on {@code name:tag} when it has a tag. */
    private static boolean matchesReference(Image i, String pattern) {
        var glob = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        for (ImageRef r : i.repoTags()) {
            String target = pattern.contains(":") ? r.familiar() : r.familiarName();
            if (glob.matches(java.nio.file.Path.of(target))) return true;
        }
        return false;
    }

    public List<dev.berth.image.HistoryEntry> history(String nameOrId) {
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
    public synchronized List<ImageDeletion> remove(String nameOrId, boolean force, boolean noPrune) {
        Image img = store.resolve(nameOrId);
        List<ImageDeletion> report = new ArrayList<>();
        if (!isIdReference(img, nameOrId)) {
            ImageRef ref = ImageRef.parse(nameOrId);
            store.untag(ref);
            report.add(ImageDeletion.untagged(ref.familiar()));
            events.publish("image", "untag", img.id().toString(), Map.of("name", ref.familiar()));
            if (!store.resolve(img.id().toString()).repoTags().isEmpty()) return report;
            // the last name is gone; an image still used by a container stays, quietly (as moby does)
            if (!users.runningContainers(img.id()).isEmpty() || (!force && !users.stoppedContainers(img.id()).isEmpty())) {
                return report;
            }
        } else if (img.repoTags().size() <= 1) {
            checkUsers(img, force);
            untagAll(img, report);
        }
        deleteImage(store.resolve(img.id().toString()), force, report);
        return report;
    }

    private static boolean isIdReference(Image img, String input) {
        String hex = input.startsWith("sha256:") ? input.substring(7) : input;
        return img.id().hex().startsWith(hex) && hex.matches("[a-f0-9]+");
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

    private void deleteImage(Image img, boolean force, List<ImageDeletion> report) {
        checkUsers(img, force);
        if (!img.repoTags().isEmpty()) {
            if (!force) {
                throw new EngineException.Conflict("conflict: unable to delete " + img.id().shortHex()
                        + " (must be forced) - image is referenced in multiple repositories");
            }
            untagAll(img, report);
        }
        store.delete(img.id());
        events.publish("image", "delete", img.id().toString(), Map.of("name", img.id().toString()));
        report.add(ImageDeletion.deleted(img.id().toString()));
        store.gc();
    }

    private void untagAll(Image img, List<ImageDeletion> report) {
        for (ImageRef r : img.repoTags()) {
            store.untag(r);
            report.add(ImageDeletion.untagged(r.familiar()));
            events.publish("image", "untag", img.id().toString(), Map.of("name", r.familiar()));
        }
    }

    /** What {@code image prune} removed, and how many bytes that freed. */
    public record PruneReport(List<ImageDeletion> deleted, long spaceReclaimed) {}

    /** {@code docker image prune}: dangling images, or with {@code all} every image no container uses. */
    public synchronized PruneReport prune(boolean all, Instant until, List<String> labels) {
        List<ImageDeletion> report = new ArrayList<>();
        long reclaimed = 0;
        for (Image img : store.list()) {
            if (!all && !img.repoTags().isEmpty()) continue;
            if (until != null && !img.created().isBefore(until)) continue;
            if (!labels.stream().allMatch(l -> hasLabel(img, l))) continue;
            if (!users.runningContainers(img.id()).isEmpty() || !users.stoppedContainers(img.id()).isEmpty()) continue;
            untagAll(img, report);
            store.delete(img.id());
            events.publish("image", "delete", img.id().toString(), Map.of("name", img.id().toString()));
            report.add(ImageDeletion.deleted(img.id().toString()));
            reclaimed += img.size();
        }
        store.gc();
        if (!report.isEmpty()) events.publish("image", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
        return new PruneReport(report, reclaimed);
    }

    /** {@code docker import}: a rootfs tarball becomes a one-layer image. */
    public Image importImage(InputStream tar, String repoAndTag, List<String> changes, String message, String platform) {
        ContainerConfig config = ImageChanges.apply(ContainerConfig.empty(), changes);
        ImageRef ref = repoAndTag == null || repoAndTag.isBlank() ? null : ImageRef.parse(repoAndTag);
        String arch = platform == null || platform.isBlank() ? hostArch : platformArch(platform);
        Image img = store.importRootfs(tar, new ImportOptions(config, message, ref, arch));
        events.publish("image", "import", img.id().toString(), Map.of("name", img.id().toString()));
        return img;
    }

    private static String platformArch(String platform) {
        String[] p = platform.split("/");
        if (!p[0].equals("linux") || p.length < 2) {
            throw new EngineException.InvalidArgument("unsupported platform " + platform + " (want linux/<arch>)");
        }
        return p[1];
    }

    /** {@code docker load}: every image of a docker-archive or OCI layout tar. */
    public LoadResult load(InputStream archive, Consumer<String> progress) {
        LoadResult r = store.load(archive, progress);
        for (Digest id : r.imageIds()) events.publish("image", "load", id.toString(), Map.of("name", id.toString()));
        return r;
    }

    /** {@code docker save}: the named images as one archive that Docker and OCI tools load. */
    public void save(List<String> namesOrIds, OutputStream out) {
        if (namesOrIds.isEmpty()) throw new EngineException.InvalidArgument("no image names given");
        List<Image> imgs = namesOrIds.stream().map(store::resolve).toList();
        store.save(namesOrIds, out);
        for (Image i : imgs) events.publish("image", "save", i.id().toString(), Map.of("name", i.id().toString()));
    }

    public Descriptor.Platform hostPlatform() {
        return new Descriptor.Platform(hostArch, "linux", null, null);
    }
}

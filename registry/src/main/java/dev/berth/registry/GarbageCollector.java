package dev.berth.registry;

import dev.berth.content.Info;
import dev.berth.oci.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * Mark and sweep over a registry's storage: a blob is live if a manifest of some repository is that blob or
 * references it (an image manifest's config and layers, an index's manifests); every other blob is removed, and so
 * are repository links to removed blobs. Blobs do not keep each other alive through {@code subject} (a referrer keeps
 * its own blobs, not its subject).
 * <p>
 * Two ways to run it. Offline, {@code berth registry gc}: the storage lock ({@link RegistryStore#open}) makes it refuse
 * a directory that a registry serves, and every unreferenced blob goes. Online, in a serving registry
 * ({@code --gc-interval}): it holds the store's garbage-collection lock exclusively while uploads, mounts and manifest
 * pushes take it shared, so a sweep never interleaves with a commit; and a blob uploaded, mounted or checked (HEAD/GET)
 * within {@code grace} before the sweep is kept, for the manifest that references it may come next (so is one committed
 * within it, which covers a restart of the registry between a blob and its manifest).
 */
public final class GarbageCollector {
    private static final System.Logger LOG = System.getLogger("dev.berth.registry");

    /** What a collection found and did. */
    public record Result(int blobsKept, List<Digest> blobsRemoved, long bytesFreed, int linksRemoved) {
        public Result {
            blobsRemoved = List.copyOf(blobsRemoved);
        }
    }

    private GarbageCollector() {}

    /**
     * Collects garbage.
     *
     * @param grace  blobs committed, or touched by a client, this recently are kept (zero offline)
     * @param dryRun only report what would be removed
     */
    public static Result collect(RegistryStore store, Instant now, Duration grace, boolean dryRun) {
        Lock exclusive = store.gcLock().writeLock();
        exclusive.lock();
        try {
            Set<Digest> live = mark(store);
            Instant since = now.minus(grace);
            List<Digest> removed = new ArrayList<>();
            long[] freed = {0};
            int[] kept = {0};
            store.content().walk(info -> {
                boolean recent = !grace.isZero() && (info.committedAt().isAfter(since) || store.touchedSince(info.digest(), since));
                if (live.contains(info.digest()) || recent) {
                    kept[0]++;
                    return;
                }
                removed.add(info.digest());
                freed[0] += info.size();
            });
            removed.sort(null);
            int links = 0;
            if (!dryRun) {
                for (Digest d : removed) store.content().delete(d);
                links = dropDanglingLinks(store);
            }
            return new Result(kept[0], removed, freed[0], links);
        } finally {
            exclusive.unlock();
        }
    }

    /** Every manifest of every repository, and what those manifests reference. */
    private static Set<Digest> mark(RegistryStore store) {
        Set<Digest> live = new HashSet<>();
        for (String repo : store.allRepositories()) {
            for (Digest m : store.manifests(repo)) {
                var stored = store.manifest(repo, m);
                if (stored.isEmpty()) continue; // a revision whose blob is gone: nothing to keep
                live.add(m);
                ManifestDoc doc;
                try {
                    doc = ManifestDoc.parse(stored.get().mediaType(), stored.get().bytes());
                } catch (RegistryError unreadable) { // stored only after it parsed; keep what we can't read
                    LOG.log(System.Logger.Level.WARNING, "gc: cannot read manifest " + m + " of " + repo + ": "
                            + unreadable.getMessage());
                    continue;
                }
                for (ManifestDoc.Ref r : doc.blobs()) live.add(r.digest());
                for (ManifestDoc.Ref r : doc.manifests()) live.add(r.digest());
            }
        }
        return live;
    }

    private static int dropDanglingLinks(RegistryStore store) {
        int n = 0;
        for (String repo : store.allRepositories()) {
            for (Digest d : store.layers(repo)) {
                if (store.content().info(d).map(Info::size).isEmpty() && store.unlink(repo, d)) n++;
            }
        }
        return n;
    }
}

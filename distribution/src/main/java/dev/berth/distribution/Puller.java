package dev.berth.distribution;

import dev.berth.common.EngineException;
import dev.berth.content.ContentStore;
import dev.berth.content.Info;
import dev.berth.content.Writer;
import dev.berth.distribution.Manifests.Fetched;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Descriptor.Platform;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageRef;
import dev.berth.oci.Manifest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * One pull: the manifest (through an index to the platform's), the config, then the layers in
 * parallel, each streamed into a content store ingest and committed only once its size and digest
 * match the manifest. Blobs the store has already are not fetched again, so a pull that was
 * interrupted goes on where it stopped. Nothing here writes an image: the caller does, last.
 */
final class Puller {
    private final RegistryOptions options;
    private final Session session;
    private final ImageRef ref;
    private ContentStore content;
    private Progress.Listener listener = Progress.Listener.NONE;

    Puller(RegistryOptions options, Session session, ImageRef ref) {
        this.options = options;
        this.session = session;
        this.ref = ref;
    }

    /** Reads the manifest (through an index to the platform's): what the pull will fetch. */
    PullPlan resolve(Platform platform) {
        session.ping();
        String reference = ref.digest() != null ? ref.digest().toString() : ref.tag();
        Fetched top = fetchManifest(reference, ref.digest());
        Fetched chosen = top;
        if (MediaTypes.isIndex(top.mediaType())) {
            Descriptor d = Manifests.choose(Manifests.index(top, "manifest list " + top.digest()), platform);
            chosen = fetchManifest(d.digest().toString(), d.digest());
            if (MediaTypes.isIndex(chosen.mediaType())) {
                throw new EngineException.InvalidArgument("manifest list " + top.digest() + " names another list for "
                        + platform.os() + "/" + platform.architecture() + ", not an image manifest");
            }
        }
        Manifest manifest = Manifests.manifest(chosen, "manifest " + chosen.digest());
        return new PullPlan(this, top.digest(), chosen.digest(), manifest.config(), manifest.layers());
    }

    /** Fetches the plan's config and the layers the store lacks. */
    PullResult fetch(PullPlan plan, ContentStore store, Progress.Listener progress) {
        this.content = store;
        this.listener = progress;
        fetchConfig(plan.config());
        Set<Digest> downloaded = fetchLayers(plan.layers());
        return new PullResult(plan.digest(), plan.manifestDigest(), plan.config(), plan.layers(), downloaded);
    }

    private String manifestPath(String reference) {
        return "/v2/" + ref.path() + "/manifests/" + reference;
    }

    private Fetched fetchManifest(String reference, Digest expected) {
        HttpResponse<InputStream> r = session.send("GET", manifestPath(reference), Map.of("Accept", Manifests.ACCEPT), null);
        int status = r.statusCode();
        if (status == 404) {
            String why = RegistryErrors.describe(r);
            if (why.startsWith("name unknown")) throw accessDenied(why);
            throw new EngineException.NotFound("manifest for " + ref.familiar() + " not found: " + why);
        }
        if (status == 401 || status == 403) throw accessDenied(RegistryErrors.describe(r));
        if (status != 200) {
            throw new EngineException.Unavailable("cannot get the manifest of " + ref.familiar() + ": "
                    + RegistryErrors.describe(r), null);
        }
        long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        int max = options.maxManifestBytes();
        if (declared > max) {
            RegistryErrors.discard(r);
            throw tooLarge(declared);
        }
        byte[] bytes;
        try (InputStream in = r.body()) {
            bytes = in.readNBytes(max + 1);
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot read the manifest of " + ref.familiar() + ": " + Session.describe(e), e);
        }
        if (bytes.length > max) throw tooLarge(bytes.length);
        Digest digest = Digest.of(bytes);
        if (expected != null && !expected.equals(digest)) {
            throw new EngineException.InvalidArgument("manifest verification failed for digest " + expected
                    + ": the registry sent content of digest " + digest);
        }
        r.headers().firstValue("Docker-Content-Digest").filter(Digest::isDigest).map(Digest::parse)
                .filter(d -> expected == null && !d.equals(digest)).ifPresent(d -> {
                    throw new EngineException.InvalidArgument("manifest verification failed for " + ref.familiar()
                            + ": the registry says digest " + d + " but sent content of digest " + digest);
                });
        String mediaType = Manifests.mediaType(r.headers().firstValue("Content-Type").orElse(null), bytes,
                "manifest for " + ref.familiar());
        return new Fetched(bytes, digest, mediaType);
    }

    private EngineException tooLarge(long size) {
        return new EngineException.InvalidArgument("manifest for " + ref.familiar() + " is too large: " + size
                + " bytes, at most " + options.maxManifestBytes() + " accepted");
    }

    private EngineException accessDenied(String why) {
        return new EngineException.NotFound("pull access denied for " + ref.familiarName()
                + ", repository does not exist or may require 'docker login': " + why);
    }

    private void fetchConfig(Descriptor config) {
        if (config.size() > OciJson.MAX_DOCUMENT_BYTES) {
            throw new EngineException.InvalidArgument("image config " + config.digest() + " is too large: " + config.size() + " bytes");
        }
        if (stored(config)) return;
        session.retrying(() -> download(config, null));
    }

    private boolean stored(Descriptor d) {
        Optional<Info> info = content.info(d.digest());
        return info.isPresent() && info.get().size() == d.size();
    }

    /** Downloads the missing layers, a few at once; returns the digests fetched now. */
    private Set<Digest> fetchLayers(List<Descriptor> layers) {
        Map<Digest, Descriptor> unique = new LinkedHashMap<>();
        for (Descriptor l : layers) unique.putIfAbsent(l.digest(), l);
        List<Descriptor> missing = new ArrayList<>();
        for (Descriptor l : unique.values()) {
            if (MediaTypes.DOCKER_FOREIGN_LAYER_GZIP.equals(l.mediaType())) {
                throw new EngineException.InvalidArgument("layer " + l.digest() + " is a foreign layer, which berth cannot pull");
            }
            if (stored(l)) {
                listener.progress(Progress.of(l.digest().shortHex(), "Already exists"));
            } else {
                listener.progress(Progress.of(l.digest().shortHex(), "Pulling fs layer"));
                missing.add(l);
            }
        }
        for (int i = options.concurrentDownloads(); i < missing.size(); i++) {
            listener.progress(Progress.of(missing.get(i).digest().shortHex(), "Waiting"));
        }
        Semaphore slots = new Semaphore(options.concurrentDownloads());
        Set<Digest> done = new HashSet<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (Descriptor l : missing) {
                futures.add(pool.submit(() -> {
                    slots.acquire();
                    try {
                        session.retrying(() -> download(l, l.digest().shortHex()));
                        listener.progress(Progress.of(l.digest().shortHex(), "Download complete"));
                    } finally {
                        slots.release();
                    }
                    return null;
                }));
            }
            RuntimeException failure = null;
            for (Future<?> f : futures) {
                try {
                    if (failure == null) f.get();
                    else f.cancel(true);
                } catch (ExecutionException e) {
                    failure = e.getCause() instanceof RuntimeException re ? re
                            : new EngineException.Unavailable(e.getCause().getMessage(), e.getCause());
                    futures.forEach(x -> x.cancel(true));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    futures.forEach(x -> x.cancel(true));
                    throw new EngineException.Unavailable("pull interrupted", e);
                }
            }
            if (failure != null) throw failure;
        }
        missing.forEach(l -> done.add(l.digest()));
        return done;
    }

    /**
     * Streams one blob into an ingest and commits it if its size and digest are the descriptor's.
     * A connection that breaks midway is a {@link Session.TransientException} (the caller tries
     * again from the start); wrong content is an error at once. The ingest never outlives a failure.
     */
    private Void download(Descriptor d, String progressId) {
        HttpResponse<InputStream> r = session.send("GET", "/v2/" + ref.path() + "/blobs/" + d.digest(), Map.of(), null);
        int status = r.statusCode();
        if (status == 401 || status == 403) throw accessDenied(RegistryErrors.describe(r));
        if (status == 404) {
            throw new EngineException.NotFound("blob " + d.digest() + " of " + ref.familiar() + " not found: "
                    + RegistryErrors.describe(r));
        }
        if (status != 200) {
            throw new EngineException.Unavailable("cannot download blob " + d.digest() + ": " + RegistryErrors.describe(r), null);
        }
        ProgressMeter meter = progressId == null ? null : new ProgressMeter(listener, progressId, "Downloading", d.size());
        long total = 0;
        try (Writer w = content.writer(); InputStream in = r.body()) {
            byte[] buf = new byte[128 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > d.size()) {
                    throw new EngineException.InvalidArgument("blob " + d.digest() + " is larger than the "
                            + d.size() + " bytes its descriptor says");
                }
                w.write(buf, 0, n);
                if (meter != null) meter.update(total);
            }
            if (total < d.size()) {
                throw new Session.TransientException("blob " + d.digest() + " was truncated: got " + total + " of "
                        + d.size() + " bytes", null);
            }
            if (meter != null) meter.finish(total);
            if (progressId != null) listener.progress(Progress.of(progressId, "Verifying Checksum"));
            if (!w.digest().equals(d.digest())) {
                throw new EngineException.InvalidArgument("filesystem layer verification failed for digest " + d.digest()
                        + ": the registry sent content of digest " + w.digest());
            }
            w.commit(d.size(), d.digest());
            return null;
        } catch (IOException e) {
            throw new Session.TransientException("blob " + d.digest() + " was truncated: got " + total + " of " + d.size()
                    + " bytes before the connection failed (" + Session.describe(e) + ")", e);
        }
    }
}

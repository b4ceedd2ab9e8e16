package dev.berth.distribution;

import dev.berth.common.EngineException;
import dev.berth.content.Provider;
import dev.berth.distribution.Manifests.Fetched;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageRef;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * One push: each layer that the registry lacks (HEAD) is mounted from another repository of the
 * same registry when possible, else uploaded (in one PUT, or in PATCH chunks when larger than the
 * chunk size); then the config; then the manifest, last, so the tag never names missing blobs.
 */
final class Pusher {
    private final RegistryOptions options;
    private final Session session;
    private final PushRequest request;
    private final Provider content;
    private final Progress.Listener listener;

    Pusher(RegistryOptions options, Session session, PushRequest request, Provider content, Progress.Listener listener) {
        this.options = options;
        this.session = session;
        this.request = request;
        this.content = content;
        this.listener = listener;
    }

    private ImageRef target() {
        return request.target();
    }

    PushResult push() {
        session.ping();
        Map<Digest, String> ids = new LinkedHashMap<>();
        Map<Digest, Descriptor> layers = new LinkedHashMap<>();
        for (int i = 0; i < request.layers().size(); i++) {
            Descriptor l = request.layers().get(i);
            if (ids.putIfAbsent(l.digest(), request.layerIds().get(i)) == null) layers.put(l.digest(), l);
        }
        ids.values().forEach(id -> listener.progress(Progress.of(id, "Preparing")));
        List<Digest> order = new ArrayList<>(layers.keySet());
        for (int i = options.concurrentUploads(); i < order.size(); i++) {
            listener.progress(Progress.of(ids.get(order.get(i)), "Waiting"));
        }
        Semaphore slots = new Semaphore(options.concurrentUploads());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (Digest d : order) {
                futures.add(pool.submit(() -> {
                    slots.acquire();
                    try {
                        pushBlob(layers.get(d), ids.get(d));
                    } finally {
                        slots.release();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    futures.forEach(x -> x.cancel(true));
                    throw e.getCause() instanceof RuntimeException re ? re
                            : new EngineException.Unavailable(e.getCause().getMessage(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    futures.forEach(x -> x.cancel(true));
                    throw new EngineException.Unavailable("push interrupted", e);
                }
            }
        }
        pushBlob(request.config(), null);
        Fetched manifest = Manifests.forPush(request.config(), request.layers());
        HttpResponse<InputStream> r = session.send("PUT", "/v2/" + target().path() + "/manifests/" + target().tag(),
                Map.of("Content-Type", manifest.mediaType()), () -> HttpRequest.BodyPublishers.ofByteArray(manifest.bytes()));
        if (r.statusCode() != 201 && r.statusCode() != 200) throw failure(r, "manifest");
        RegistryErrors.discard(r);
        return new PushResult(target().tag(), manifest.digest(), manifest.bytes().length);
    }

    /** One blob: already there, mounted, or uploaded. A null progress id pushes quietly (the config). */
    private void pushBlob(Descriptor blob, String id) {
        if (exists(blob.digest())) {
            if (id != null) listener.progress(Progress.of(id, "Layer already exists"));
            return;
        }
        String location = null;
        for (String from : request.mountFrom()) {
            if (from.equals(target().path())) continue;
            HttpResponse<InputStream> r = session.send("POST", uploads() + "?mount=" + Session.encode(blob.digest().toString())
                    + "&from=" + Session.encode(from), Map.of(), null);
            if (r.statusCode() == 201) {
                RegistryErrors.discard(r);
                if (id != null) listener.progress(Progress.of(id, "Mounted from " + from));
                return;
            }
            if (r.statusCode() == 202) {
                location = location(r);
                break;
            }
            RegistryErrors.discard(r);
        }
        String started = location;
        session.retrying(() -> {
            upload(blob, id, started);
            return null;
        });
        if (id != null) listener.progress(Progress.of(id, "Pushed"));
    }

    private String uploads() {
        return "/v2/" + target().path() + "/blobs/uploads/";
    }

    private boolean exists(Digest digest) {
        HttpResponse<InputStream> r = session.send("HEAD", "/v2/" + target().path() + "/blobs/" + digest, Map.of(), null);
        RegistryErrors.discard(r);
        if (r.statusCode() == 401 || r.statusCode() == 403) throw failure(r, "blob");
        return r.statusCode() == 200;
    }

    /** POST (unless a mount answered with a session), then one PUT or PATCH chunks and a closing PUT. */
    private void upload(Descriptor blob, String id, String startedLocation) {
        String location = startedLocation;
        if (location == null) {
            HttpResponse<InputStream> r = session.send("POST", uploads(), Map.of(), null);
            if (r.statusCode() != 202) throw failure(r, "upload");
            location = location(r);
        }
        ProgressMeter meter = id == null ? null : new ProgressMeter(listener, id, "Pushing", blob.size());
        if (blob.size() <= options.chunkSize()) {
            HttpResponse<InputStream> r = session.send("PUT", withDigest(location, blob.digest()),
                    Map.of("Content-Type", "application/octet-stream"), body(blob, 0, blob.size(), meter));
            if (r.statusCode() != 201) throw failure(r, "blob");
            RegistryErrors.discard(r);
        } else {
            for (long offset = 0; offset < blob.size(); offset += options.chunkSize()) {
                long length = Math.min(options.chunkSize(), blob.size() - offset);
                HttpResponse<InputStream> r = session.send("PATCH", location, Map.of("Content-Type", "application/octet-stream",
                        "Content-Range", offset + "-" + (offset + length - 1)), body(blob, offset, length, meter));
                if (r.statusCode() != 202) throw failure(r, "blob chunk");
                location = location(r);
            }
            HttpResponse<InputStream> r = session.send("PUT", withDigest(location, blob.digest()), Map.of(), null);
            if (r.statusCode() != 201) throw failure(r, "blob");
            RegistryErrors.discard(r);
        }
        if (meter != null) meter.finish(blob.size());
    }

    /** A fresh body of {@code length} bytes from {@code offset} of the blob, for each try. */
    private Supplier<HttpRequest.BodyPublisher> body(Descriptor blob, long offset, long length, ProgressMeter meter) {
        return () -> HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            InputStream in = content.open(blob);
            try {
                in.skipNBytes(offset);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new FilterInputStream(new BoundedStream(in, length)) {
                long sent;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0 && meter != null) {
                        sent += n;
                        meter.update(offset + sent);
                    }
                    return n;
                }
            };
        }), length);
    }

    private String location(HttpResponse<InputStream> r) {
        String loc = r.headers().firstValue("Location").orElse(null);
        RegistryErrors.discard(r);
        if (loc == null) throw new EngineException.Unavailable("the registry started an upload without a Location", null);
        return r.uri().resolve(URI.create(loc)).toString();
    }

    private static String withDigest(String location, Digest digest) {
        return location + (location.contains("?") ? "&" : "?") + "digest=" + Session.encode(digest.toString());
    }

    private EngineException failure(HttpResponse<InputStream> r, String what) {
        String why = RegistryErrors.describe(r);
        return switch (r.statusCode()) {
            case 401 -> new EngineException.Unauthorized(why);
            case 403 -> new EngineException.Forbidden(why);
            case 404 -> new EngineException.NotFound(why);
            default -> new EngineException.Unavailable("cannot push " + what + " to " + target().name() + ": " + why, null);
        };
    }

    /** At most {@code limit} bytes of a stream. */
    private static final class BoundedStream extends FilterInputStream {
        private long left;

        BoundedStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) return -1;
            int b = super.read();
            if (b >= 0) left--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) left -= n;
            return n;
        }
    }
}

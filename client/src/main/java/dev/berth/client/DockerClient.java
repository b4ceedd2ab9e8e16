package dev.berth.client;

import dev.berth.api.ApiVersion;
import dev.berth.api.Filters;
import dev.berth.api.HistoryItem;
import dev.berth.api.ImageDeleteItem;
import dev.berth.api.ImageInspect;
import dev.berth.api.ImagePruneReport;
import dev.berth.api.ImageSummary;
import dev.berth.api.InfoResponse;
import dev.berth.api.SystemDf;
import dev.berth.api.VersionResponse;
import dev.berth.common.EngineException;
import dev.berth.client.transport.HttpRequest;
import dev.berth.client.transport.HttpResponse;
import dev.berth.client.transport.Transport;
import dev.berth.oci.ImageRef;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A typed client for the Docker Engine API (version {@value #API_VERSION}) over a {@link Transport}.
 * Every path is sent with the {@code /v1.41} prefix, except {@code /_ping}.
 *
 * <p>Errors: a non-2xx answer becomes an {@link EngineException} subclass chosen by status
 * ({@link ApiErrors}) with the daemon's message; a daemon that cannot be reached becomes
 * {@link ConnectionFailedException}; an error reported inside a progress stream becomes
 * {@link JsonStreamException}; other I/O failures are {@link UncheckedIOException}.
 *
 * <p>Thread-safe as far as the transport is. Streams returned ({@link JsonMessageStream},
 * {@link EventStream}, {@link #saveImages} bodies, {@link LoadResponse}) must be closed.
 */
public final class DockerClient implements AutoCloseable {
    /** The Engine API version this client speaks. */
    public static final String API_VERSION = ApiVersion.CURRENT;
    /** The path prefix of every versioned request. */
    public static final String API_PREFIX = "/v" + API_VERSION;

    private final Transport transport;
    private final String host;

    /**
     * @param transport the connection to the daemon
     * @param host      the address it connects to ({@code unix:///run/berth/berth.sock}), for messages
     */
    public DockerClient(Transport transport, String host) {
        this.transport = transport;
        this.host = host;
    }

    /** The daemon address this client talks to. */
    public String host() {
        return host;
    }

    // ---- system ----

    /** {@code GET /_ping}: checks the daemon answers and reads its API version and OS from the headers. */
    public Ping ping() {
        try (HttpResponse r = send(HttpRequest.of("GET", "/_ping"))) {
            return new Ping(r.header("Api-Version"), r.header("Ostype"),
                    "true".equalsIgnoreCase(r.header("Docker-Experimental")), r.header("Builder-Version"));
        }
    }

    /** {@code GET /version}. */
    public VersionResponse version() {
        return ApiDecoders.version(getTree("/version", Map.of()));
    }

    /** {@code GET /info}. */
    public InfoResponse info() {
        return getJson("/info", Map.of(), InfoResponse.class);
    }

    /** {@code GET /system/df}: disk usage of images, containers, volumes and build cache. */
    public SystemDf systemDf() {
        return ApiDecoders.systemDf(getTree("/system/df", Map.of()));
    }

    /**
     * {@code GET /events}: a live stream of events, filtered; it ends at {@code until} or on close.
     *
     * @throws IllegalArgumentException if {@code since} or {@code until} is not a time docker accepts
     */
    public EventStream events(EventsOptions options) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        Instant now = Instant.now();
        if (options.since() != null && !options.since().isEmpty()) {
            q.put("since", List.of(Timestamps.toApi(options.since(), now, ZoneId.systemDefault())));
        }
        if (options.until() != null && !options.until().isEmpty()) {
            q.put("until", List.of(Timestamps.toApi(options.until(), now, ZoneId.systemDefault())));
        }
        putFilters(q, options.filters());
        return new EventStream(sendOk(new HttpRequest("GET", API_PREFIX + "/events", q, null, null, null)));
    }

    /** Delivers events to {@code consumer} until the stream ends; blocks the calling thread. */
    public void events(EventsOptions options, Consumer<? super dev.berth.api.EventMessage> consumer) {
        try (EventStream s = events(options)) {
            s.forEachRemaining(consumer);
        }
    }

    // ---- images ----

    /** {@code GET /images/json}. */
    public List<ImageSummary> listImages(ImageListOptions options) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (options.all()) q.put("all", List.of("1"));
        putFilters(q, options.filters());
        return ApiDecoders.imageSummaries(getTree("/images/json", q));
    }

    /** {@code GET /images/{ref}/json}, by name, full id or short id. */
    public ImageInspect inspectImage(String ref) {
        return ClientJson.decode(inspectImageRaw(ref), ImageInspect.class);
    }

    /** {@code GET /images/{ref}/json} as the daemon sent it (docker prints this form). */
    public byte[] inspectImageRaw(String ref) {
        if (ref.isEmpty()) throw new EngineException.NotFound("No such image: ");
        return getBytes("/images/" + ref + "/json", Map.of());
    }

    /** {@code GET /images/{ref}/history}, newest layer first. */
    public List<HistoryItem> imageHistory(String ref) {
        return ApiDecoders.history(getTree("/images/" + ref + "/history", Map.of()));
    }

    /**
     * {@code POST /images/{source}/tag?repo=&tag=}: names {@code source} as {@code target}
     * ({@code repo[:tag]}, tag {@code latest} when absent).
     *
     * @throws IllegalArgumentException if either reference is malformed or target has a digest (checked
     *                                  here, before anything is sent, as docker's client does)
     */
    public void tagImage(String source, String target) {
        checkReference(source, true);
        ImageRef ref = checkReference(target, false);
        if (ref.digest() != null) throw new IllegalArgumentException("refusing to create a tag with a digest reference");
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("repo", List.of(ref.name()));
        q.put("tag", List.of(ref.tag() == null ? ImageRef.DEFAULT_TAG : ref.tag()));
        sendOk(new HttpRequest("POST", API_PREFIX + "/images/" + source + "/tag", q, null, null, null)).close();
    }

    /** {@code DELETE /images/{ref}?force=&noprune=}: the untag and delete steps the daemon took. */
    public List<ImageDeleteItem> removeImage(String ref, boolean force, boolean noPrune) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (force) q.put("force", List.of("1"));
        if (noPrune) q.put("noprune", List.of("1"));
        try (HttpResponse r = sendOk(new HttpRequest("DELETE", API_PREFIX + "/images/" + ref, q, null, null, null))) {
            return ApiDecoders.deleteItems(tree(readAll(r)));
        }
    }

    /** {@code POST /images/prune?filters=}: removes dangling images, or all unused with {@code dangling=false}. */
    public ImagePruneReport pruneImages(Filters filters) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        putFilters(q, filters);
        try (HttpResponse r = sendOk(new HttpRequest("POST", API_PREFIX + "/images/prune", q, null, null, null))) {
            return ApiDecoders.pruneReport(tree(readAll(r)));
        }
    }

    /**
     * {@code POST /images/create?fromSrc=...}: imports a file system tarball. The body streams from
     * {@link ImportOptions#source()} (sent chunked) unless a URL is given for the daemon to fetch.
     * The answer is a message stream whose last status is the new image id.
     */
    public JsonMessageStream importImage(ImportOptions options) {
        if (options.repository() != null && !options.repository().isEmpty()) checkReference(options.repository(), false);
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("fromSrc", List.of(options.source() != null ? "-" : options.sourceUrl()));
        if (options.repository() != null && !options.repository().isEmpty()) q.put("repo", List.of(options.repository()));
        if (options.tag() != null && !options.tag().isEmpty()) q.put("tag", List.of(options.tag()));
        if (options.message() != null && !options.message().isEmpty()) q.put("message", List.of(options.message()));
        if (options.platform() != null && !options.platform().isEmpty()) {
            q.put("platform", List.of(options.platform().toLowerCase()));
        }
        if (!options.changes().isEmpty()) q.put("changes", options.changes());
        return new JsonMessageStream(sendOk(new HttpRequest("POST", API_PREFIX + "/images/create", q, null, null,
                options.source())));
    }

    /**
     * {@code POST /images/load?quiet=}: loads images from a {@code docker save} tarball, streamed
     * as the request body.
     */
    public LoadResponse loadImage(InputStream tar, boolean quiet) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (quiet) q.put("quiet", List.of("1"));
        return new LoadResponse(sendOk(new HttpRequest("POST", API_PREFIX + "/images/load", q,
                Map.of("Content-Type", "application/x-tar"), null, tar)));
    }

    /** {@code GET /images/get?names=...}: a tarball of the images; closing the stream ends the request. */
    public InputStream saveImages(List<String> names) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("names", List.copyOf(names));
        HttpResponse r = sendOk(new HttpRequest("GET", API_PREFIX + "/images/get", q, null, null, null));
        return new FilterInputStream(r.body()) {
            @Override
            public void close() {
                r.close();
            }
        };
    }

    @Override
    public void close() {
        transport.close();
    }

    // ---- plumbing ----

    private HttpResponse send(HttpRequest request) {
        try {
            return transport.send(request);
        } catch (IOException e) {
            if (ConnectionFailedException.isConnectFailure(e)) throw new ConnectionFailedException(host, e);
            throw new UncheckedIOException("error during connect: " + e.getMessage(), e);
        }
    }

    /** Sends and returns a 2xx response; otherwise reads the error body and throws. */
    private HttpResponse sendOk(HttpRequest request) {
        HttpResponse r = send(request);
        if (!ApiErrors.isError(r.status())) return r;
        byte[] body;
        try {
            body = r.readAll();
        } catch (IOException e) {
            body = new byte[0];
        } finally {
            r.close();
        }
        throw ApiErrors.toException(r.status(), body);
    }

    private byte[] getBytes(String path, Map<String, List<String>> query) {
        try (HttpResponse r = sendOk(new HttpRequest("GET", API_PREFIX + path, query, null, null, null))) {
            return readAll(r);
        }
    }

    private <T> T getJson(String path, Map<String, List<String>> query, Class<T> type) {
        return ClientJson.decode(getBytes(path, query), type);
    }

    private Object getTree(String path, Map<String, List<String>> query) {
        return tree(getBytes(path, query));
    }

    private static Object tree(byte[] body) {
        try {
            return JsonTree.parse(body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode response: " + e.getMessage(), e);
        }
    }

    private static byte[] readAll(HttpResponse r) {
        try {
            return r.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException("error reading response: " + e.getMessage(), e);
        }
    }

    private static void putFilters(Map<String, List<String>> q, Filters filters) {
        if (filters != null && !filters.isEmpty()) q.put("filters", List.of(filtersJson(filters)));
    }

    /**
     * The CLI's encoding of filters, {@code {"label":{"a=1":true}}} with keys sorted as Go writes
     * maps; written here rather than with Jackson, which the CLI otherwise need not load.
     */
    static String filtersJson(Filters filters) {
        StringBuilder sb = new StringBuilder("{");
        List<String> keys = new ArrayList<>(filters.values().keySet());
        keys.sort(null);
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) sb.append(',');
            jsonString(sb, keys.get(i));
            sb.append(":{");
            List<String> vals = new ArrayList<>(filters.values().get(keys.get(i)));
            vals.sort(null);
            for (int j = 0; j < vals.size(); j++) {
                if (j > 0) sb.append(',');
                jsonString(sb, vals.get(j));
                sb.append(":true");
            }
            sb.append('}');
        }
        return sb.append('}').toString();
    }

    private static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        sb.append('"');
    }

    private static ImageRef checkReference(String ref, boolean anyReference) {
        if (anyReference && ref.matches("(sha256:)?[a-f0-9]{12,64}")) return null;
        try {
            return ImageRef.parseNamed(ref);
        } catch (EngineException.InvalidArgument e) {
            throw new IllegalArgumentException("Error parsing reference: \"" + ref
                    + "\" is not a valid repository/tag: " + e.getMessage(), e);
        }
    }
}

package dev.berth.client;

import dev.berth.api.ApiVersion;
import dev.berth.api.ContainerChange;
import dev.berth.api.ContainerCreateRequest;
import dev.berth.api.ContainerCreateResponse;
import dev.berth.api.ContainerInspect;
import dev.berth.api.ContainerPathStat;
import dev.berth.api.ContainerPruneReport;
import dev.berth.api.ContainerSummary;
import dev.berth.api.ContainerTopResponse;
import dev.berth.api.ContainerUpdateRequest;
import dev.berth.api.ContainerUpdateResponse;
import dev.berth.api.ExecCreateRequest;
import dev.berth.api.ExecInspect;
import dev.berth.api.ExecStartRequest;
import dev.berth.api.Filters;
import dev.berth.api.NetworkConnectRequest;
import dev.berth.api.NetworkCreateRequest;
import dev.berth.api.NetworkCreateResponse;
import dev.berth.api.NetworkPruneReport;
import dev.berth.api.NetworkResource;
import dev.berth.api.VolumeResource;
import dev.berth.api.HistoryItem;
import dev.berth.api.ImageDeleteItem;
import dev.berth.api.ImageInspect;
import dev.berth.api.ImagePruneReport;
import dev.berth.api.ImageSummary;
import dev.berth.api.InfoResponse;
import dev.berth.api.SystemDf;
import dev.berth.api.VersionResponse;
import dev.berth.common.EngineException;
import dev.berth.client.transport.Hijack;
import dev.berth.client.transport.HttpRequest;
import dev.berth.client.transport.HttpResponse;
import dev.berth.client.transport.Transport;
import dev.berth.client.transport.UnexpectedStatusException;
import dev.berth.oci.ImageRef;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
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

    /**
     * {@code POST /build}: the context tar (streamed) in, the classic builder's message stream out.
     *
     * @param query the build's query parameters ({@code t}, {@code dockerfile}, {@code buildargs}...)
     */
    public JsonMessageStream build(InputStream context, Map<String, List<String>> query) {
        return build(context, query, Map.<String, String>of());
    }

    /** As {@link #build(InputStream, Map)} with {@code X-Registry-Config} (base64url JSON of the credentials per registry). */
    public JsonMessageStream build(InputStream context, Map<String, List<String>> query, String registryConfig) {
        return build(context, query, registryConfig == null ? Map.of() : Map.of("X-Registry-Config", registryConfig));
    }

    /** As {@link #build(InputStream, Map)} with more headers ({@code X-Registry-Config}, berth's secrets). */
    public JsonMessageStream build(InputStream context, Map<String, List<String>> query, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("Content-Type", "application/x-tar");
        return new JsonMessageStream(sendOk(new HttpRequest("POST", API_PREFIX + "/build", query, headers, null, context)));
    }

    /** {@code POST /build/prune}: the bytes the daemon freed. */
    public long pruneBuildCache() {
        try (HttpResponse r = sendOk(new HttpRequest("POST", API_PREFIX + "/build/prune", Map.of(), null, null, null))) {
            var tree = tree(readAll(r));
            return tree instanceof Map<?, ?> m && m.get("SpaceReclaimed") instanceof Number n ? n.longValue() : 0;
        }
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

    // ---- containers ----

    /**
     * {@code POST /containers/create?name=&platform=}: creates a container.
     *
     * @param name     the container name, or null for a generated one
     * @param platform {@code os[/arch[/variant]]}, or null
     */
    public ContainerCreateResponse createContainer(ContainerCreateRequest request, String name, String platform) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (platform != null && !platform.isEmpty()) q.put("platform", List.of(platform));
        if (name != null && !name.isEmpty()) q.put("name", List.of(name));
        try (HttpResponse r = sendOk(new HttpRequest("POST", API_PREFIX + "/containers/create", q, JSON,
                ContainerEncoders.create(request), null))) {
            return ContainerDecoders.createResponse(tree(readAll(r)));
        }
    }

    /** {@code POST /containers/{id}/start}; an already running container (304) is not an error. */
    public void startContainer(String id) {
        postAllowingNotModified(containerPath(id) + "/start", Map.of());
    }

    /**
     * {@code POST /containers/{id}/stop?t=}: stops with the container's stop signal, then SIGKILL after
     * {@code timeout} seconds (null: the container's or the daemon's default). {@code signal} is only
     * sent from API 1.42 on, as docker's client does. A stopped container (304) is not an error.
     */
    public void stopContainer(String id, Integer timeout, String signal) {
        postAllowingNotModified(containerPath(id) + "/stop", stopQuery(timeout, signal));
    }

    /** {@code POST /containers/{id}/restart?t=}: as {@link #stopContainer}, then start. */
    public void restartContainer(String id, Integer timeout, String signal) {
        post(containerPath(id) + "/restart", stopQuery(timeout, signal));
    }

    /** {@code POST /containers/{id}/kill?signal=}: null or empty for SIGKILL. */
    public void killContainer(String id, String signal) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (signal != null && !signal.isEmpty()) q.put("signal", List.of(signal));
        post(containerPath(id) + "/kill", q);
    }

    /** {@code POST /containers/{id}/pause}. */
    public void pauseContainer(String id) {
        post(containerPath(id) + "/pause", Map.of());
    }

    /** {@code POST /containers/{id}/unpause}. */
    public void unpauseContainer(String id) {
        post(containerPath(id) + "/unpause", Map.of());
    }

    /** {@code DELETE /containers/{id}?v=&force=&link=}. */
    public void removeContainer(String id, boolean volumes, boolean force, boolean link) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (volumes) q.put("v", List.of("1"));
        if (link) q.put("link", List.of("1"));
        if (force) q.put("force", List.of("1"));
        sendOk(new HttpRequest("DELETE", API_PREFIX + containerPath(id), q, null, null, null)).close();
    }

    /** {@code POST /containers/{id}/rename?name=}. */
    public void renameContainer(String id, String newName) {
        post(containerPath(id) + "/rename", Map.of("name", List.of(newName)));
    }

    /**
     * {@code POST /containers/{id}/wait?condition=}: returns once the daemon accepted the wait (its
     * headers come at once); {@link ContainerWait#await()} gives the exit status.
     *
     * @param condition {@code not-running} (the daemon's default when null), {@code next-exit} or {@code removed}
     */
    public ContainerWait waitContainer(String id, String condition) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (condition != null && !condition.isEmpty()) q.put("condition", List.of(condition));
        return new ContainerWait(sendOk(new HttpRequest("POST", API_PREFIX + containerPath(id) + "/wait", q, null,
                null, null)));
    }

    /** {@code GET /containers/json}. */
    public List<ContainerSummary> listContainers(ContainerListOptions options) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (options.all()) q.put("all", List.of("1"));
        if (options.limit() > 0) q.put("limit", List.of(Integer.toString(options.limit())));
        if (options.size()) q.put("size", List.of("1"));
        putFilters(q, options.filters());
        return ContainerDecoders.summaries(getTree("/containers/json", q));
    }

    /** {@code GET /containers/{id}/json?size=}. */
    public ContainerInspect inspectContainer(String id, boolean size) {
        return ContainerDecoders.inspect(tree(inspectContainerRaw(id, size)));
    }

    /** Decodes a container inspect body, e.g. one from {@link #inspectContainerRaw}. */
    public static ContainerInspect parseContainerInspect(byte[] raw) {
        return ContainerDecoders.inspect(tree(raw));
    }

    /** {@code GET /networks?filters=}. */
    public List<NetworkResource> listNetworks(Filters filters) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        putFilters(q, filters);
        return List.of(decode(getBytes("/networks", q), NetworkResource[].class));
    }

    /** {@code POST /networks/create}. */
    public NetworkCreateResponse createNetwork(NetworkCreateRequest request) {
        try (HttpResponse r = sendOk(new HttpRequest("POST", API_PREFIX + "/networks/create", Map.of(), JSON, encode(request), null))) {
            return decode(readAll(r), NetworkCreateResponse.class);
        }
    }

    /** {@code DELETE /networks/{id}}. */
    public void removeNetwork(String id) {
        sendOk(new HttpRequest("DELETE", API_PREFIX + "/networks/" + trimId(id), Map.of(), null, null, null)).close();
    }

    /** {@code POST /networks/prune?filters=}. */
    public NetworkPruneReport pruneNetworks(Filters filters) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        putFilters(q, filters);
        try (HttpResponse r = sendOk(new HttpRequest("POST", API_PREFIX + "/networks/prune", q, null, null, null))) {
            return decode(readAll(r), NetworkPruneReport.class);
        }
    }

    /** {@code POST /networks/{id}/connect} or {@code /disconnect}. */
    public void connectNetwork(String network, NetworkConnectRequest request, boolean connect) {
        sendOk(new HttpRequest("POST", API_PREFIX + "/networks/" + trimId(network) + (connect ? "/connect" : "/disconnect"),
                Map.of(), JSON, encode(request), null)).close();
    }

    /** {@code GET /volumes?filters=}. */
    public List<VolumeResource> listVolumes(Filters filters) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        putFilters(q, filters);
        VolumeResource.ListResponse r = decode(getBytes("/volumes", q), VolumeResource.ListResponse.class);
        return r.volumes() == null ? List.of() : r.volumes();
    }

    /** {@code POST /volumes/create}. */
    public VolumeResource createVolume(VolumeResource.CreateRequest request) {
        try (HttpResponse r = sendOk(new HttpRequest("POST", API_PREFIX + "/volumes/create", Map.of(), JSON, encode(request), null))) {
            return decode(readAll(r), VolumeResource.class);
        }
    }

    /** {@code DELETE /volumes/{name}?force=}. */
    public void removeVolume(String name, boolean force) {
        Map<String, List<String>> q = force ? Map.of("force", List.of("1")) : Map.of();
        sendOk(new HttpRequest("DELETE", API_PREFIX + "/volumes/" + trimId(name), q, null, null, null)).close();
    }

    /** {@code POST /volumes/prune?filters=}. */
    public VolumeResource.PruneReport pruneVolumes(Filters filters) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        putFilters(q, filters);
        try (HttpResponse r = sendOk(new HttpRequest("POST", API_PREFIX + "/volumes/prune", q, null, null, null))) {
            return decode(readAll(r), VolumeResource.PruneReport.class);
        }
    }

    private static byte[] encode(Object body) {
        try {
            return dev.berth.api.ApiJson.mapper().writeValueAsBytes(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static <T> T decode(byte[] raw, Class<T> type) {
        try {
            return dev.berth.api.ApiJson.mapper().readValue(raw, type);
        } catch (java.io.IOException e) {
            throw new EngineException.DataCorruption("the daemon's answer is not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** {@code GET /networks/{name}} as the daemon sent it (for {@code inspect}, which tries every object type). */
    public byte[] inspectNetworkRaw(String name) {
        return getBytes("/networks/" + name, Map.of());
    }

    /** {@code GET /volumes/{name}} as the daemon sent it. */
    public byte[] inspectVolumeRaw(String name) {
        return getBytes("/volumes/" + name, Map.of());
    }

    /** {@code GET /plugins/{name}/json} as the daemon sent it. */
    public byte[] inspectPluginRaw(String name) {
        return getBytes("/plugins/" + name + "/json", Map.of());
    }

    /** {@code GET /containers/{id}/json?size=} as the daemon sent it (what docker inspect prints). */
    public byte[] inspectContainerRaw(String id, boolean size) {
        return getBytes(containerPath(id) + "/json", size ? Map.of("size", List.of("1")) : Map.of());
    }

    /**
     * {@code GET /containers/{id}/logs}: the raw body, multiplexed (see {@link StdCopy}) unless the
     * container has a tty. With {@code follow} it ends when the container stops or on close.
     *
     * @throws IllegalArgumentException if {@code since} or {@code until} is not a time docker accepts
     */
    public InputStream containerLogs(String id, LogsOptions options) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (options.stdout()) q.put("stdout", List.of("1"));
        if (options.stderr()) q.put("stderr", List.of("1"));
        Instant now = Instant.now();
        if (options.since() != null && !options.since().isEmpty()) {
            q.put("since", List.of(timestamp("since", options.since(), now)));
        }
        if (options.until() != null && !options.until().isEmpty()) {
            q.put("until", List.of(timestamp("until", options.until(), now)));
        }
        if (options.timestamps()) q.put("timestamps", List.of("1"));
        if (options.details()) q.put("details", List.of("1"));
        if (options.follow()) q.put("follow", List.of("1"));
        q.put("tail", List.of(options.tail() == null ? "" : options.tail()));
        return closingBody(sendOk(new HttpRequest("GET", API_PREFIX + containerPath(id) + "/logs", q, null, null, null)));
    }

    private static String timestamp(String what, String value, Instant now) {
        try {
            return Timestamps.toApi(value, now, ZoneId.systemDefault());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid value for \"" + what + "\": " + e.getMessage(), e);
        }
    }

    /**
     * {@code POST /containers/{id}/attach}: hijacks a connection (101 Upgrade) carrying stdin to the
     * container and its output back, multiplexed unless it has a tty. The caller must
     * {@link Hijack#closeWrite()} when stdin ends (at once without stdin) and close it.
     */
    public Hijack attachContainer(String id, AttachOptions options) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (options.stream()) q.put("stream", List.of("1"));
        if (options.stdin()) q.put("stdin", List.of("1"));
        if (options.stdout()) q.put("stdout", List.of("1"));
        if (options.stderr()) q.put("stderr", List.of("1"));
        if (options.detachKeys() != null && !options.detachKeys().isEmpty()) {
            q.put("detachKeys", List.of(options.detachKeys()));
        }
        if (options.logs()) q.put("logs", List.of("1"));
        return hijack(new HttpRequest("POST", API_PREFIX + containerPath(id) + "/attach", q,
                Map.of("Content-Type", "text/plain"), new byte[0], null));
    }

    /** {@code POST /containers/{id}/resize?h=&w=}. */
    public void resizeContainer(String id, int height, int width) {
        post(containerPath(id) + "/resize", resizeQuery(height, width));
    }

    /** {@code POST /containers/{id}/exec}: creates an exec instance; returns its id. */
    public String createExec(String containerId, ExecCreateRequest request) {
        ExecCreateRequest r = request;
        if (r.consoleSize() != null && ApiVersion.compare(API_VERSION, "1.42") < 0) {
            r = new ExecCreateRequest(r.user(), r.privileged(), r.tty(), null, r.attachStdin(), r.attachStderr(),
                    r.attachStdout(), r.detach(), r.detachKeys(), r.env(), r.workingDir(), r.cmd());
        }
        try (HttpResponse resp = sendOk(new HttpRequest("POST", API_PREFIX + containerPath(containerId) + "/exec", null,
                JSON, ContainerEncoders.execCreate(r), null))) {
            String id = ContainerDecoders.str(ContainerDecoders.map(tree(readAll(resp))), "Id");
            if (id == null || id.isEmpty()) throw new IllegalStateException("exec ID empty");
            return id;
        }
    }

    /** {@code POST /exec/{id}/start} with {@code Detach: true}: starts the process and returns. */
    public void startExecDetached(String execId, ExecStartRequest request) {
        sendOk(new HttpRequest("POST", API_PREFIX + "/exec/" + execId + "/start", null, JSON,
                ContainerEncoders.execStart(execStart(request)), null)).close();
    }

    /**
     * {@code POST /exec/{id}/start}: hijacks a connection to the process, as {@link #attachContainer}.
     */
    public Hijack startExec(String execId, ExecStartRequest request) {
        return hijack(new HttpRequest("POST", API_PREFIX + "/exec/" + execId + "/start", null, JSON,
                ContainerEncoders.execStart(execStart(request)), null));
    }

    private static ExecStartRequest execStart(ExecStartRequest r) {
        if (r.consoleSize() != null && ApiVersion.compare(API_VERSION, "1.42") < 0) {
            return new ExecStartRequest(r.detach(), r.tty(), null);
        }
        return r;
    }

    /** {@code GET /exec/{id}/json}. */
    public ExecInspect inspectExec(String execId) {
        return ContainerDecoders.execInspect(getTree("/exec/" + execId + "/json", Map.of()));
    }

    /** {@code POST /exec/{id}/resize?h=&w=}. */
    public void resizeExec(String execId, int height, int width) {
        post("/exec/" + execId + "/resize", resizeQuery(height, width));
    }

    /** {@code GET /containers/{id}/top?ps_args=}: {@code psArgs} joined with spaces, none for ps's default. */
    public ContainerTopResponse top(String id, List<String> psArgs) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (psArgs != null && !psArgs.isEmpty()) q.put("ps_args", List.of(String.join(" ", psArgs)));
        return ContainerDecoders.top(getTree(containerPath(id) + "/top", q));
    }

    /** {@code GET /containers/{id}/stats?stream=}: one sample, or a sample about every second until closed. */
    public StatsStream stats(String id, boolean stream) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("stream", List.of(stream ? "1" : "0"));
        return new StatsStream(sendOk(new HttpRequest("GET", API_PREFIX + containerPath(id) + "/stats", q, null, null,
                null)));
    }

    /** {@code GET /containers/{id}/changes}: files changed in the container's layer. */
    public List<ContainerChange> containerChanges(String id) {
        return ContainerDecoders.changes(getTree(containerPath(id) + "/changes", Map.of()));
    }

    /**
     * {@code POST /commit?container=&repo=&tag=&comment=&author=&changes=&pause=}: makes an image of the
     * container; returns its id.
     *
     * @throws IllegalArgumentException if the reference is malformed or has a digest (checked before sending)
     */
    public String commit(String containerId, CommitOptions options) {
        String repo = "";
        String tag = "";
        if (options.reference() != null && !options.reference().isEmpty()) {
            ImageRef ref;
            try {
                ref = ImageRef.parseNamed(options.reference());
            } catch (EngineException.InvalidArgument e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            if (ref.digest() != null) throw new IllegalArgumentException("refusing to create a tag with a digest reference");
            repo = ref.name();
            tag = ref.tag() == null ? ImageRef.DEFAULT_TAG : ref.tag();
        }
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("container", List.of(trimId(containerId)));
        q.put("repo", List.of(repo));
        q.put("tag", List.of(tag));
        q.put("comment", List.of(options.comment() == null ? "" : options.comment()));
        q.put("author", List.of(options.author() == null ? "" : options.author()));
        if (!options.changes().isEmpty()) q.put("changes", options.changes());
        if (!options.pause()) q.put("pause", List.of("0"));
        try (HttpResponse r = sendOk(new HttpRequest("POST", API_PREFIX + "/commit", q, null, null, null))) {
            return ContainerDecoders.str(ContainerDecoders.map(tree(readAll(r))), "Id");
        }
    }

    /** {@code GET /containers/{id}/export}: the container's file system as a tar stream; closing ends the request. */
    public InputStream exportContainer(String id) {
        return closingBody(sendOk(new HttpRequest("GET", API_PREFIX + containerPath(id) + "/export", null, null, null,
                null)));
    }

    /** {@code HEAD /containers/{id}/archive?path=}: what is at {@code path} in the container. */
    public ContainerPathStat statContainerPath(String id, String path) {
        try (HttpResponse r = sendOk(new HttpRequest("HEAD", API_PREFIX + containerPath(id) + "/archive",
                Map.of("path", List.of(path)), null, null, null))) {
            return pathStat(r.header(ContainerPathStat.HEADER));
        }
    }

    /** {@code GET /containers/{id}/archive?path=}: a tar of {@code path} and its stat. */
    public ArchiveResponse getArchive(String id, String path) {
        HttpResponse r = sendOk(new HttpRequest("GET", API_PREFIX + containerPath(id) + "/archive",
                Map.of("path", List.of(path)), null, null, null));
        try {
            return new ArchiveResponse(pathStat(r.header(ContainerPathStat.HEADER)), r);
        } catch (RuntimeException e) {
            r.close();
            throw new UncheckedIOException(new IOException("unable to get resource stat from response: "
                    + e.getMessage(), e));
        }
    }

    /**
     * {@code PUT /containers/{id}/archive?path=&noOverwriteDirNonDir=&copyUIDGID=}: extracts a tar stream
     * (sent chunked) into directory {@code path}.
     */
    public void putArchive(String id, String path, InputStream tar, boolean allowOverwriteDirWithFile, boolean copyUidGid) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("path", List.of(path));
        if (!allowOverwriteDirWithFile) q.put("noOverwriteDirNonDir", List.of("true"));
        if (copyUidGid) q.put("copyUIDGID", List.of("true"));
        sendOk(new HttpRequest("PUT", API_PREFIX + containerPath(id) + "/archive", q,
                Map.of("Content-Type", "application/x-tar"), null, tar)).close();
    }

    private static ContainerPathStat pathStat(String header) {
        if (header == null || header.isEmpty()) {
            throw new UncheckedIOException(new IOException("unable to decode container path stat header: EOF"));
        }
        try {
            return ContainerDecoders.pathStat(JsonTree.parse(Base64.getDecoder().decode(header.strip())));
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException("unable to decode container path stat header: "
                    + e.getMessage(), e));
        }
    }

    /** {@code POST /containers/{id}/update}: changes resource limits and the restart policy of a container. */
    public ContainerUpdateResponse updateContainer(String id, ContainerUpdateRequest request) {
        try (HttpResponse r = sendOk(new HttpRequest("POST", API_PREFIX + containerPath(id) + "/update", null, JSON,
                ContainerEncoders.update(request), null))) {
            return ContainerDecoders.updateResponse(tree(readAll(r)));
        }
    }

    /** {@code POST /containers/prune?filters=}: removes stopped containers. */
    public ContainerPruneReport pruneContainers(Filters filters) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        putFilters(q, filters);
        try (HttpResponse r = sendOk(new HttpRequest("POST", API_PREFIX + "/containers/prune", q, null, null, null))) {
            return ContainerDecoders.pruneReport(tree(readAll(r)));
        }
    }

    /**
     * {@code POST /images/create?fromImage=&tag=} with {@code X-Registry-Auth}: pulls an image, as
     * docker run does when the image is missing.
     *
     * @param registryAuth base64url JSON credentials; {@code e30=} ({@code {}}) for none
     * @throws IllegalArgumentException if the reference is malformed
     */
    public JsonMessageStream pullImage(String reference, String platform, String registryAuth) {
        return pullImage(reference, platform, registryAuth, false);
    }

    /** As {@link #pullImage(String, String, String)}; {@code allTags} sends an empty tag (docker pull -a). */
    public JsonMessageStream pullImage(String reference, String platform, String registryAuth, boolean allTags) {
        ImageRef ref;
        try {
            ref = ImageRef.parseNamed(reference);
        } catch (EngineException.InvalidArgument e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("fromImage", List.of(ref.name()));
        q.put("tag", List.of(allTags ? "" : ref.digest() != null ? ref.digest().toString()
                : ref.tag() == null ? ImageRef.DEFAULT_TAG : ref.tag()));
        if (platform != null && !platform.isEmpty()) q.put("platform", List.of(platform));
        return new JsonMessageStream(sendOk(new HttpRequest("POST", API_PREFIX + "/images/create", q,
                Map.of("X-Registry-Auth", registryAuth == null ? "e30=" : registryAuth), null, null)));
    }

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    /**
     * {@code POST /images/{name}/push?tag=} with {@code X-Registry-Auth}: the push's JSON progress
     * stream. An empty tag pushes every tag of the repository.
     */
    public JsonMessageStream pushImage(String name, String tag, String registryAuth) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("tag", List.of(tag == null ? "" : tag));
        return new JsonMessageStream(sendOk(new HttpRequest("POST", API_PREFIX + "/images/" + name + "/push", q,
                Map.of("X-Registry-Auth", registryAuth == null ? "e30=" : registryAuth), null, null)));
    }

    /** {@code POST /auth}: has the daemon check credentials at a registry; returns its {@code Status}. */
    public String login(String username, String password, String serverAddress) {
        var body = new LinkedHashMap<String, String>();
        body.put("username", username);
        body.put("password", password);
        body.put("serveraddress", serverAddress);
        try (HttpResponse r = sendOk(new HttpRequest("POST", API_PREFIX + "/auth", null, JSON, dev.berth.api.ApiJson.write(body), null))) {
            Object status = tree(readAll(r)) instanceof Map<?, ?> m ? m.get("Status") : null;
            return status == null ? "" : status.toString();
        }
    }

    private void post(String path, Map<String, List<String>> query) {
        sendOk(new HttpRequest("POST", API_PREFIX + path, query, null, null, null)).close();
    }

    /** A POST where 304 Not Modified (already in the wanted state) counts as success, as in docker's client. */
    private void postAllowingNotModified(String path, Map<String, List<String>> query) {
        try {
            post(path, query);
        } catch (EngineException.NotModified alreadyThere) {
            // nothing to do
        }
    }

    private static Map<String, List<String>> stopQuery(Integer timeout, String signal) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (timeout != null) q.put("t", List.of(Integer.toString(timeout)));
        if (signal != null && !signal.isEmpty() && ApiVersion.compare(API_VERSION, "1.42") >= 0) {
            q.put("signal", List.of(signal));
        }
        return q;
    }

    private static Map<String, List<String>> resizeQuery(int height, int width) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("h", List.of(Integer.toString(height)));
        q.put("w", List.of(Integer.toString(width)));
        return q;
    }

    /** {@code /containers/<id>}, refusing an empty id as docker's client does. */
    private static String containerPath(String id) {
        return "/containers/" + trimId(id);
    }

    private static String trimId(String id) {
        String t = id == null ? "" : id.strip();
        if (t.isEmpty()) throw new IllegalArgumentException("invalid container name or ID: value is empty");
        return t;
    }

    /** Sends a hijack request; error statuses become {@link EngineException}s as for any request. */
    private Hijack hijack(HttpRequest request) {
        try {
            return transport.hijack(request);
        } catch (UnexpectedStatusException e) {
            throw ApiErrors.toException(e.status(), e.body());
        } catch (IOException e) {
            if (ConnectionFailedException.isConnectFailure(e)) throw new ConnectionFailedException(host, e);
            throw new UncheckedIOException("error during connect: " + e.getMessage(), e);
        }
    }

    private static InputStream closingBody(HttpResponse r) {
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

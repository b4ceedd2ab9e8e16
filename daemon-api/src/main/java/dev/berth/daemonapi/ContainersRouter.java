package dev.berth.daemonapi;

import dev.berth.api.ApiJson;
import dev.berth.api.ContainerChange;
import dev.berth.api.ContainerPathStat;
import dev.berth.api.ContainerCreateRequest;
import dev.berth.api.ContainerCreateResponse;
import dev.berth.api.ContainerPruneReport;
import dev.berth.api.ContainerSummary;
import dev.berth.api.EndpointSettings;
import dev.berth.api.Port;
import dev.berth.api.ContainerTopResponse;
import dev.berth.api.ContainerUpdateRequest;
import dev.berth.api.ContainerUpdateResponse;
import dev.berth.api.ExecCreateRequest;
import dev.berth.api.ExecInspect;
import dev.berth.api.ExecStartRequest;
import dev.berth.api.Filters;
import dev.berth.api.IdResponse;
import dev.berth.common.EngineException;
import dev.berth.engine.container.AttachOptions;
import dev.berth.engine.container.CommitOptions;
import dev.berth.engine.container.FileChange;
import dev.berth.engine.container.OutputSink;
import dev.berth.engine.container.StdStream;
import dev.berth.engine.container.PathStat;
import dev.berth.oci.ImageRef;
import java.util.Base64;
import java.util.Optional;
import dev.berth.engine.container.Attachment;
import dev.berth.engine.container.Container;
import dev.berth.engine.container.ContainerLogs;
import dev.berth.engine.container.ContainerQuery;
import dev.berth.engine.container.ContainerService;
import dev.berth.engine.container.ContainerStats;
import dev.berth.engine.container.ContainerUpdate;
import dev.berth.engine.container.CreateResult;
import dev.berth.engine.container.ExecInfo;
import dev.berth.engine.container.ExecSpec;
import dev.berth.engine.container.ExecStream;
import dev.berth.engine.container.Health;
import dev.berth.engine.container.HostSpec;
import dev.berth.engine.container.LogLine;
import dev.berth.engine.container.LogOptions;
import dev.berth.engine.container.PruneFilter;
import dev.berth.engine.container.TopResult;
import dev.berth.engine.container.WaitCondition;
import dev.berth.engine.container.WaitResult;
import dev.berth.engine.network.ContainerNetwork;
import dev.berth.engine.network.NetworkService;
import dev.berth.http.ClientClosedException;
import dev.berth.http.Hijacked;
import dev.berth.http.Request;
import dev.berth.http.Response;
import dev.berth.http.Router;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/** The {@code /containers} and {@code /exec} endpoints. */
public final class ContainersRouter {
    private static final Set<String> LIST_FILTERS = Set.of("id", "name", "label", "status", "exited", "ancestor",
            "before", "since", "network", "volume", "health", "is-task", "publish", "expose");
    private static final Set<String> HEALTH_FILTERS = Set.of(Health.STARTING, Health.HEALTHY, Health.UNHEALTHY, Health.NONE);
    private static final int MAX_BODY = 4 * 1024 * 1024;
    private static final long STATS_INTERVAL_MILLIS = 1000;

    private final ContainerService containers;
    private final NetworkService networks;
    private final Clock clock;

    public ContainersRouter(ContainerService containers, NetworkService networks, Clock clock) {
        this.containers = containers;
        this.networks = networks;
        this.clock = clock;
    }

    public void register(Router r) {
        r.post("/containers/create", this::create);
        r.get("/containers/json", this::list);
        r.post("/containers/prune", this::prune);
        r.get("/containers/{id}/json", (req, res) -> {
            Container c = containers.inspect(req.pathParam("id"));
            Json.ok(res, ContainerViews.inspect(c, containers.health(c.id()).orElse(null),
                    NetworkViews.settings(c, networks.runtime(c.id()), networks)));
        });
        r.post("/containers/{id}/start", (req, res) -> { containers.start(req.pathParam("id")); res.noContent(204); });
        r.post("/containers/{id}/stop", (req, res) -> { containers.stop(req.pathParam("id"), seconds(req, "t")); res.noContent(204); });
        r.post("/containers/{id}/restart", (req, res) -> { containers.restart(req.pathParam("id"), seconds(req, "t")); res.noContent(204); });
        r.post("/containers/{id}/kill", (req, res) -> {
            containers.kill(req.pathParam("id"), req.query("signal").orElse("KILL"));
            res.noContent(204);
        });
        r.post("/containers/{id}/pause", (req, res) -> { containers.pause(req.pathParam("id")); res.noContent(204); });
        r.post("/containers/{id}/unpause", (req, res) -> { containers.unpause(req.pathParam("id")); res.noContent(204); });
        r.post("/containers/{id}/rename", (req, res) -> {
            containers.rename(req.pathParam("id"), req.query("name").orElse(""));
            res.noContent(204);
        });
        r.delete("/containers/{id}", (req, res) -> {
            containers.remove(req.pathParam("id"), req.queryFlag("force"), req.queryFlag("v"));
            res.noContent(204);
        });
        r.post("/containers/{id}/wait", this::waitFor);
        r.post("/containers/{id}/attach", this::attach);
        r.get("/containers/{id}/logs", this::logs);
        r.post("/containers/{id}/resize", (req, res) -> {
            containers.resize(req.pathParam("id"), intQuery(req, "h"), intQuery(req, "w"));
            res.send(200, "text/plain; charset=utf-8", new byte[0]);
        });
        r.get("/containers/{id}/top", this::top);
        r.get("/containers/{id}/stats", this::stats);
        r.post("/containers/{id}/update", this::update);
        r.post("/containers/{id}/exec", this::execCreate);
        r.post("/exec/{id}/start", this::execStart);
        r.post("/exec/{id}/resize", (req, res) -> {
            containers.execResize(req.pathParam("id"), intQuery(req, "h"), intQuery(req, "w"));
            res.send(200, "text/plain; charset=utf-8", new byte[0]);
        });
        r.get("/exec/{id}/json", (req, res) -> Json.ok(res, execInspect(containers.execInspect(req.pathParam("id")))));
        r.get("/containers/{id}/changes", this::changes);
        r.get("/containers/{id}/export", (req, res) -> {
            String id = containers.inspect(req.pathParam("id")).id(); // 404 before the stream starts
            try (OutputStream out = res.stream(200, "application/x-tar")) {
                containers.export(id, out);
            }
        });
        r.head("/containers/{id}/archive", (req, res) -> {
            PathStat stat = containers.statPath(req.pathParam("id"), archivePath(req));
            res.header(ContainerPathStat.HEADER, statHeader(stat));
            res.send(200, "text/plain; charset=utf-8", null);
        });
        r.get("/containers/{id}/archive", (req, res) -> containers.archivePath(req.pathParam("id"), archivePath(req), stat -> {
            res.header(ContainerPathStat.HEADER, statHeader(stat));
            return res.stream(200, "application/x-tar");
        }));
        r.put("/containers/{id}/archive", (req, res) -> {
            containers.extractToDir(req.pathParam("id"), archivePath(req), req.body(), req.queryFlag("noOverwriteDirNonDir"),
                    req.queryFlag("copyUIDGID"));
            res.send(200, null, null);
        });
        r.post("/commit", this::commit);
    }

    private void changes(Request req, Response res) throws IOException {
        List<FileChange> changes = containers.changes(req.pathParam("id"));
        // dockerd sends null, not [], when nothing changed
        Json.ok(res, changes.isEmpty() ? null : changes.stream()
                .map(c -> new ContainerChange(c.path(), c.kind().code())).toList());
    }

    private static String archivePath(Request req) {
        String path = req.query("path").orElse("");
        if (path.isEmpty()) throw new EngineException.InvalidArgument("bad parameter: path cannot be empty");
        return path;
    }

    private static String statHeader(PathStat s) {
        byte[] json = ApiJson.write(new ContainerPathStat(s.name(), s.size(), s.mode(), Times.rfc3339Nano(s.mtime()),
                s.linkTarget()));
        return Base64.getEncoder().encodeToString(json);
    }

    /**
     * {@code POST /commit}. The docker CLI sends no body; docker-py and docker-java may send a
     * container config, which then replaces the container's (merged with it as dockerd merges).
     */
    private void commit(Request req, Response res) throws IOException {
        String container = req.query("container").orElse("");
        if (container.isEmpty()) throw new EngineException.InvalidArgument("bad parameter: container cannot be empty");
        String repo = req.query("repo").orElse("");
        String tag = req.query("tag").orElse("");
        Optional<ImageRef> ref = Optional.empty();
        if (!repo.isEmpty()) {
            ImageRef named = ImageRef.parseNamed(repo);
            if (named.digest() != null) throw new EngineException.InvalidArgument("refusing to create a tag with a digest reference");
            ref = Optional.of(tag.isEmpty() ? (named.tag() == null ? named.withTag("latest") : named) : named.withTag(tag));
        } else if (!tag.isEmpty()) {
            throw new EngineException.InvalidArgument("invalid reference format: repository name must be given with a tag");
        }
        boolean pause = req.query("pause").isEmpty() || req.queryFlag("pause");
        byte[] body = req.bodyBytes(MAX_BODY);
        String text = new String(body, StandardCharsets.UTF_8).strip();
        Optional<dev.berth.oci.ContainerConfig> config = text.isEmpty() || text.equals("null") || text.equals("{}")
                ? Optional.empty() : Optional.of(ApiJson.read(body, dev.berth.oci.ContainerConfig.class));
        var image = containers.commit(container, new CommitOptions(ref, req.query("comment").orElse(""),
                req.query("author").orElse(""), req.queryAll("changes"), pause, config));
        Json.send(res, 201, new IdResponse(image.id().toString()));
    }

    private void create(Request req, Response res) throws IOException {
        ContainerCreateRequest body = ApiJson.read(req.bodyBytes(MAX_BODY), ContainerCreateRequest.class);
        if (body.image() == null || body.image().isEmpty()) throw new EngineException.InvalidArgument("No image was specified");
        CreateResult created = containers.create(ContainerViews.spec(req.query("name").orElse(null), body));
        Json.send(res, 201, new ContainerCreateResponse(created.id(), created.warnings()));
    }

    private void list(Request req, Response res) throws IOException {
        Filters f = Filters.parse(req.query("filters").orElse(null));
        f.requireKeys(LIST_FILTERS);
        int limit = req.query("limit").map(Integer::parseInt).orElse(-1);
        boolean all = req.queryFlag("all") || limit > 0 || !f.get("status").isEmpty() || !f.get("exited").isEmpty();
        List<Integer> exited = f.get("exited").stream().map(Integer::parseInt).toList();
        var q = new ContainerQuery(all, limit, f.get("id"), f.get("name"), f.get("label"), f.get("status"), exited,
                f.get("ancestor"), first(f.get("before")), first(f.get("since")));
        Instant now = clock.instant();
        List<String> health = f.get("health");
        for (String h : health) {
            if (!HEALTH_FILTERS.contains(h)) throw new EngineException.InvalidArgument("Unrecognised filter value for health: " + h);
        }
        List<ContainerSummary> out = new ArrayList<>();
        for (Container c : containers.list(q)) {
            Health h = containers.health(c.id()).orElse(null);
            if (!health.isEmpty() && !health.contains(h == null ? Health.NONE : h.status())) continue;
            ContainerNetwork rt = networks.runtime(c.id());
            List<Port> ports = NetworkViews.ports(c, rt);
            Map<String, EndpointSettings> endpoints = NetworkViews.endpoints(c, rt, networks);
            if (!NetworkViews.matches(f, endpoints, ports)) continue;
            List<String> volume = f.get("volume");
            if (!volume.isEmpty() && c.mounts().stream().noneMatch(m -> volume.contains(m.name()) || volume.contains(m.destination()))) continue;
            out.add(ContainerViews.summary(c, h, now, ports, endpoints));
        }
        Json.ok(res, out);
    }

    private void prune(Request req, Response res) throws IOException {
        Filters f = Filters.parse(req.query("filters").orElse(null));
        f.requireKeys(Set.of("until", "label", "label!"));
        Instant until = f.get("until").isEmpty() ? null
                : Instant.ofEpochSecond(0, Times.parseUnixNanos(f.get("until").getFirst(), "until"));
        var report = containers.prune(new PruneFilter(until, f.get("label"), f.get("label!")));
        Json.ok(res, new ContainerPruneReport(report.deleted().isEmpty() ? null : report.deleted(), report.spaceReclaimed()));
    }

    /** Headers go out at once (the CLI waits on them before it starts the container); the body at exit. */
    private void waitFor(Request req, Response res) throws Exception {
        WaitCondition condition = WaitCondition.parse(req.query("condition").orElse("not-running"));
        var future = containers.wait(req.pathParam("id"), condition);
        try (OutputStream out = res.stream(200, Json.TYPE)) {
            out.flush();
            Map<String, Object> body = new LinkedHashMap<>();
            try {
                WaitResult r = future.get();
                body.put("Error", r.error() == null ? null : Map.of("Message", r.error()));
                body.put("StatusCode", r.statusCode());
            } catch (ExecutionException e) {
                body.put("Error", Map.of("Message", ErrorStatus.message(e.getCause())));
                body.put("StatusCode", -1);
            }
            out.write(ApiJson.write(body));
            out.write('\n');
        }
    }

    /** Attach: hijack the connection; stdin from the client (EOF = closed stdin), output framed unless there is a tty. */
    private void attach(Request req, Response res) throws Exception {
        Container c = containers.inspect(req.pathParam("id"));
        boolean tty = Boolean.TRUE.equals(c.config().tty());
        var options = new AttachOptions(req.queryFlag("stdin"), req.queryFlag("stdout"), req.queryFlag("stderr"),
                req.queryFlag("logs"), req.queryFlag("stream"));
        // Attach before answering: docker run starts the container as soon as it has the answer, and an
        // attachment made after that start would miss the output of a process that exits at once.
        EarlyOutput out = new EarlyOutput();
        try (Attachment attachment = containers.attach(c.id(), options, Frames.sink(out, tty));
             Hijacked conn = res.hijack("application/vnd.docker.raw-stream")) {
            out.connect(conn.output());
            res.onClientClose(attachment::close); // e.g. docker run gives up when start fails
            if (options.stdin()) pumpStdin(conn.input(), attachment::writeStdin, attachment::closeStdin);
            attachment.done().get();
        }
    }

    /** Keeps what is written (replayed logs, output of a fast process) until the connection is taken over. */
    private static final class EarlyOutput extends OutputStream {
        private ByteArrayOutputStream early = new ByteArrayOutputStream();
        private OutputStream target;

        synchronized void connect(OutputStream out) throws IOException {
            target = out;
            early.writeTo(out);
            out.flush();
            early = null;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (target != null) target.write(b, off, len);
            else early.write(b, off, len);
        }

        @Override
        public synchronized void flush() throws IOException {
            if (target != null) target.flush();
        }
    }

    private interface StdinWriter {
        void write(byte[] data, int offset, int length);
    }

    /** Copies the client's stdin on a virtual thread; the client's half-close closes the container's stdin. */
    private static void pumpStdin(InputStream in, StdinWriter writer, Runnable close) {
        Thread.ofVirtual().name("stdin-pump").start(() -> {
            byte[] buf = new byte[32 * 1024];
            try {
                for (int n; (n = in.read(buf)) > 0; ) writer.write(buf, 0, n);
            } catch (IOException | RuntimeException ignored) {
                // the client went away: same as closing stdin
            } finally {
                close.run();
            }
        });
    }

    private void logs(Request req, Response res) throws Exception {
        Container c = containers.inspect(req.pathParam("id"));
        boolean tty = Boolean.TRUE.equals(c.config().tty());
        boolean stdout = req.queryFlag("stdout");
        boolean stderr = req.queryFlag("stderr");
        if (!stdout && !stderr) throw new EngineException.InvalidArgument("Bad parameters: you must choose at least one stream");
        String tail = req.query("tail").orElse("all");
        var options = new LogOptions(stdout, stderr,
                req.query("since").filter(s -> !s.isEmpty() && !s.equals("0")).map(s -> nanosToInstant(Times.parseUnixNanos(s, "since"))).orElse(null),
                req.query("until").filter(s -> !s.isEmpty() && !s.equals("0")).map(s -> nanosToInstant(Times.parseUnixNanos(s, "until"))).orElse(null),
                tail.equals("all") || tail.isEmpty() ? -1 : Integer.parseInt(tail), req.queryFlag("follow"), req.queryFlag("timestamps"));
        try (ContainerLogs logs = containers.logs(c.id(), options); OutputStream out = res.stream(200, null)) {
            res.onClientClose(logs::close);
            out.flush();
            for (LogLine line; (line = logs.next()) != null; ) {
                Frames.write(out, tty, line.stream(), line.formatted(options.timestamps()));
            }
        }
    }

    private void top(Request req, Response res) throws IOException {
        TopResult top = containers.top(req.pathParam("id"), req.query("ps_args").orElse(null));
        Json.ok(res, new ContainerTopResponse(top.titles(), top.processes()));
    }

    /**
     * dockerd's stats: a sample a second while streaming (the first without {@code precpu_stats});
     * {@code stream=false} primes the CPU counters with one sample first, {@code one-shot} does not.
     * The stream ends when the client goes away or the container is removed.
     */
    private void stats(Request req, Response res) throws Exception {
        String id = req.pathParam("id");
        boolean stream = req.query("stream").isEmpty() || req.queryFlag("stream");
        boolean oneShot = req.queryFlag("one-shot");
        if (stream && oneShot) throw new EngineException.InvalidArgument("cannot have stream=true and one-shot=true");
        ContainerStats sample = containers.stats(id);
        boolean prime = !stream && !oneShot && sample.cgroup().isPresent();
        ContainerStats previous = null;
        try (OutputStream out = res.stream(200, Json.TYPE)) {
            while (true) {
                if (prime) {
                    prime = false;
                } else {
                    out.write(ApiJson.write(StatsViews.of(sample, previous)));
                    out.write('\n');
                    out.flush();
                    if (!stream) return;
                }
                previous = sample;
                Thread.sleep(STATS_INTERVAL_MILLIS);
                if (res.isClientClosed()) return;
                try {
                    sample = containers.stats(id);
                } catch (EngineException.NotFound removed) {
                    return;
                }
            }
        } catch (ClientClosedException gone) {
            // the client stopped reading
        }
    }

    private void update(Request req, Response res) throws IOException {
        ContainerUpdateRequest b = ApiJson.read(req.bodyBytes(MAX_BODY), ContainerUpdateRequest.class);
        HostSpec.RestartPolicy policy = b.restartPolicy() == null || b.restartPolicy().name() == null
                || b.restartPolicy().name().isEmpty() ? null
                : new HostSpec.RestartPolicy(b.restartPolicy().name(),
                        b.restartPolicy().maximumRetryCount() == null ? 0 : b.restartPolicy().maximumRetryCount());
        var update = new ContainerUpdate(b.memory(), b.memorySwap(), b.memoryReservation(), b.nanoCpus(), b.cpuShares(),
                b.cpuPeriod(), b.cpuQuota(), b.cpusetCpus(), b.cpusetMems(), b.pidsLimit(), b.blkioWeight(), policy);
        Json.ok(res, new ContainerUpdateResponse(containers.update(req.pathParam("id"), update)));
    }

    private void execCreate(Request req, Response res) throws IOException {
        ExecCreateRequest body = ApiJson.read(req.bodyBytes(MAX_BODY), ExecCreateRequest.class);
        if (body.cmd() == null || body.cmd().isEmpty()) throw new EngineException.InvalidArgument("No exec command specified");
        var size = body.consoleSize() != null && body.consoleSize().size() == 2
                ? new HostSpec.ConsoleSize(body.consoleSize().get(0), body.consoleSize().get(1)) : null;
        var spec = new ExecSpec(body.cmd(), body.env() == null ? List.of() : body.env(), body.user(), body.workingDir(),
                Boolean.TRUE.equals(body.tty()), Boolean.TRUE.equals(body.privileged()),
                Boolean.TRUE.equals(body.attachStdin()), Boolean.TRUE.equals(body.attachStdout()),
                Boolean.TRUE.equals(body.attachStderr()), body.detachKeys(), size);
        Json.send(res, 201, new IdResponse(containers.execCreate(req.pathParam("id"), spec)));
    }

    /** Exec start: 101 + Upgrade for the CLI, 200 + close for clients that do not upgrade (docker-java). */
    private void execStart(Request req, Response res) throws Exception {
        byte[] raw = req.bodyBytes(MAX_BODY);
        ExecStartRequest body = raw.length == 0 ? new ExecStartRequest(false, false, null) : ApiJson.read(raw, ExecStartRequest.class);
        String id = req.pathParam("id");
        if (Boolean.TRUE.equals(body.detach())) {
            containers.execStart(id, true, (s, d) -> { });
            res.send(200, Json.TYPE, new byte[0]);
            return;
        }
        ExecInfo info = containers.execInspect(id);
        try (Hijacked conn = res.hijack("application/vnd.docker.raw-stream")) {
            OutputSink sink = Frames.sink(conn.output(), info.tty());
            ExecStream exec;
            try {
                exec = containers.execStart(id, false, sink);
            } catch (EngineException e) {
                // As dockerd: the reason goes to the stream's stdout (a tty has no stderr), the code (126) to inspect;
                // a runtime's error ends with containerd's ": unknown" there.
                String message = e.getMessage().startsWith("OCI runtime exec failed: ") ? e.getMessage() + ": unknown" : e.getMessage();
                sink.write(StdStream.STDOUT, (message + "\r\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            try (exec) {
                if (info.openStdin()) pumpStdin(conn.input(), exec::writeStdin, exec::closeStdin);
                exec.exitCode().get();
            }
        }
    }

    private static ExecInspect execInspect(ExecInfo e) {
        return new ExecInspect(e.id(), e.running(), e.exitCode(),
                new ExecInspect.ProcessConfig(e.tty(), e.entrypoint(), e.arguments(), e.privileged(), e.user()),
                e.openStdin(), e.openStderr(), e.openStdout(), e.canRemove(), e.containerId(),
                e.detachKeys() == null ? "" : e.detachKeys(), (int) e.pid());
    }

    private static Integer seconds(Request req, String name) {
        return req.query(name).filter(s -> !s.isEmpty()).map(Integer::parseInt).orElse(null);
    }

    private static int intQuery(Request req, String name) {
        try {
            return Integer.parseInt(req.query(name).orElse(""));
        } catch (NumberFormatException e) {
            throw new EngineException.InvalidArgument("invalid " + name + ": " + req.query(name).orElse(""));
        }
    }

    private static Instant nanosToInstant(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }

    private static String first(List<String> l) {
        return l.isEmpty() ? null : l.getFirst();
    }
}

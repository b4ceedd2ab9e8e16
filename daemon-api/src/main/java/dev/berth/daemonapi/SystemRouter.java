package dev.berth.daemonapi;

import dev.berth.api.ApiJson;
import dev.berth.api.ApiVersion;
import dev.berth.api.EventMessage;
import dev.berth.api.Filters;
import dev.berth.api.InfoResponse;
import dev.berth.api.VersionResponse;
import dev.berth.engine.container.ContainerCounts;
import dev.berth.engine.container.ContainerService;
import dev.berth.engine.events.Event;
import dev.berth.engine.events.EventBus;
import dev.berth.engine.image.ImageService;
import dev.berth.engine.system.HostInfo;
import dev.berth.engine.system.SystemService;
import dev.berth.engine.volume.VolumeService;
import dev.berth.http.Request;
import dev.berth.http.Response;
import dev.berth.http.Router;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** {@code /_ping}, {@code /version}, {@code /info}, {@code /events}, {@code /system/df}. */
public final class SystemRouter {
    private final VolumeService volumes;
    private static final Set<String> EVENT_FILTERS =
            Set.of("type", "event", "image", "container", "label", "network", "volume", "daemon", "scope", "plugin", "node", "service", "secret", "config");

    private final SystemService system;
    private final ImageService images;
    private final ContainerService containers;
    private final EventBus events;

    public SystemRouter(SystemService system, ImageService images, ContainerService containers, VolumeService volumes,
                        EventBus events) {
        this.volumes = volumes;
        this.system = system;
        this.images = images;
        this.containers = containers;
        this.events = events;
    }

    public void register(Router r) {
        r.head("/_ping", this::ping);
        r.get("/_ping", this::ping);
        r.get("/version", this::version);
        r.get("/info", this::info);
        r.get("/events", this::events);
        r.get("/system/df", (req, res) -> Json.ok(res, ImagesRouter.diskUsage(images, VolumesRouter.diskUsage(volumes))));
    }

    private void ping(Request req, Response res) throws IOException {
        res.header("Cache-Control", "no-cache, no-store, must-revalidate");
        res.header("Pragma", "no-cache");
        res.header("Swarm", "inactive");
        byte[] body = req.method().equals("HEAD") ? new byte[0] : "OK".getBytes();
        res.send(200, "text/plain; charset=utf-8", body);
    }

    private void version(Request req, Response res) throws IOException {
        HostInfo h = system.host();
        Map<String, String> details = Map.of("ApiVersion", ApiVersion.CURRENT, "MinAPIVersion", ApiVersion.MINIMUM,
                "Arch", h.goArch(), "Os", "linux", "GitCommit", "berth", "GoVersion", "java" + Runtime.version().feature(),
                "KernelVersion", h.kernelVersion(), "BuildTime", "", "Experimental", "false");
        Json.ok(res, new VersionResponse(Map.of("Name", "berth"),
                List.of(new VersionResponse.Component("Engine", ApiVersion.ENGINE_VERSION, details)),
                ApiVersion.ENGINE_VERSION, ApiVersion.CURRENT, ApiVersion.MINIMUM, "berth",
                "java" + Runtime.version().feature(), "linux", h.goArch(), h.kernelVersion(), ""));
    }

    private void info(Request req, Response res) throws IOException {
        HostInfo h = system.host();
        ContainerCounts n = containers.counts();
        Json.ok(res, new InfoResponse(system.daemonId(), n.total(), n.running(), n.paused(), n.stopped(), images.count(), "overlay2",
                List.of(List.of("Backing Filesystem", "extfs"), List.of("Supports d_type", "true")),
                Map.of("Volume", List.of("local"), "Network", List.of("bridge", "host", "none"), "Log", List.of("json-file")),
                true, true, true, true, true, true, true, true, false,
                0, Thread.activeCount(), Instant.now().toString(), "json-file", "cgroupfs", h.cgroupVersion(),
                events.listenerCount(), h.kernelVersion(), h.operatingSystem(), h.osVersion(), "linux", h.architecture(),
                "https://index.docker.io/v1/",
                registryConfig(images.insecureRegistries()),
                h.cpus(), h.memTotal(), system.dataRoot().toString(), h.hostname(), List.of(), false,
                ApiVersion.ENGINE_VERSION, Map.of(system.defaultRuntime(), Map.of("path", system.defaultRuntime())),
                system.defaultRuntime(),
                Map.of("NodeID", "", "NodeAddr", "", "LocalNodeState", "inactive", "ControlAvailable", false, "Error", ""),
                false, "", "docker-init", List.of("name=seccomp,profile=default"), List.of()));
    }

    /** dockerd's {@code RegistryConfig}: CIDR entries (and 127.0.0.0/8) as CIDRs, host entries as insecure index configs. */
    static Map<String, Object> registryConfig(List<String> insecure) {
        List<String> cidrs = new java.util.ArrayList<>();
        Map<String, Object> indexes = new java.util.TreeMap<>();
        indexes.put("docker.io", Map.of("Name", "docker.io", "Mirrors", List.of(), "Secure", true, "Official", true));
        for (String entry : insecure) {
            if (entry.contains("/")) {
                if (!cidrs.contains(entry)) cidrs.add(entry);
            } else {
                indexes.put(entry, Map.of("Name", entry, "Mirrors", List.of(), "Secure", false, "Official", false));
            }
        }
        cidrs.add("127.0.0.0/8");
        return Map.of("AllowNondistributableArtifactsCIDRs", List.of(), "AllowNondistributableArtifactsHostnames", List.of(),
                "InsecureRegistryCIDRs", cidrs, "IndexConfigs", indexes, "Mirrors", List.of());
    }

    private void events(Request req, Response res) throws Exception {
        Filters filters = Filters.parse(req.query("filters").orElse(null));
        filters.requireKeys(EVENT_FILTERS);
        long since = req.query("since").map(v -> Times.parseUnixNanos(v, "since")).orElse(-1L);
        long until = req.query("until").map(v -> Times.parseUnixNanos(v, "until")).orElse(Long.MAX_VALUE);
        try (EventBus.Subscription sub = events.subscribe(matcher(filters), since);
             OutputStream out = res.stream(200, Json.TYPE)) {
            out.flush();
            while (!res.isClientClosed()) {
                long waitMs = until == Long.MAX_VALUE ? 1000
                        : Math.max(0, (until - System.currentTimeMillis() * 1_000_000L) / 1_000_000L);
                Event e = sub.poll(waitMs, TimeUnit.MILLISECONDS);
                if (e == null) {
                    if (until != Long.MAX_VALUE && System.currentTimeMillis() * 1_000_000L >= until) break;
                    continue;
                }
                if (e.timeNano() > until) break;
                out.write(ApiJson.write(toMessage(e)));
                out.write('\n');
                out.flush();
            }
        }
    }

    static EventMessage toMessage(Event e) {
        boolean container = e.type().equals("container");
        return new EventMessage(container || e.type().equals("image") ? e.action() : null,
                container || e.type().equals("image") ? e.actorId() : null,
                container ? e.attributes().get("image") : null,
                e.type(), e.action(), new EventMessage.Actor(e.actorId(), e.attributes()), "local",
                e.timeNano() / 1_000_000_000L, e.timeNano());
    }

    private static Predicate<Event> matcher(Filters f) {
        return e -> matches(f.get("type"), e.type())
                && matchesAction(f.get("event"), e.action())
                && matchesAttr(f.get("image"), e, "image", "name")
                && matchesAttr(f.get("container"), e, "name", null)
                && f.get("label").stream().allMatch(l -> labelMatches(l, e.attributes()));
    }

    /**
     * moby's event filter: exact, except that {@code health_status}, {@code exec_create} and {@code exec_start}
     * (actions with a {@code : detail}) make every value match as a prefix.
     */
    private static boolean matchesAction(List<String> wanted, String action) {
        if (wanted.stream().anyMatch(w -> w.equals("health_status") || w.equals("exec_create") || w.equals("exec_start"))) {
            return wanted.stream().anyMatch(action::startsWith);
        }
        return matches(wanted, action);
    }

    private static boolean matches(List<String> wanted, String value) {
        return wanted.isEmpty() || wanted.contains(value);
    }

    private static boolean matchesAttr(List<String> wanted, Event e, String attr, String altAttr) {
        if (wanted.isEmpty()) return true;
        for (String w : wanted) {
            if (w.equals(e.actorId()) || e.actorId().startsWith(w) || w.equals(e.attributes().get(attr))
                    || (altAttr != null && w.equals(e.attributes().get(altAttr)))) return true;
        }
        return false;
    }

    private static boolean labelMatches(String filter, Map<String, String> attrs) {
        int eq = filter.indexOf('=');
        return eq < 0 ? attrs.containsKey(filter) : filter.substring(eq + 1).equals(attrs.get(filter.substring(0, eq)));
    }
}

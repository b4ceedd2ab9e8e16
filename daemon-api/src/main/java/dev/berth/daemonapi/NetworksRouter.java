package dev.berth.daemonapi;

import dev.berth.api.ApiJson;
import dev.berth.api.EndpointSettings;
import dev.berth.api.Filters;
import dev.berth.api.NetworkConnectRequest;
import dev.berth.api.NetworkCreateRequest;
import dev.berth.api.NetworkCreateResponse;
import dev.berth.api.NetworkPruneReport;
import dev.berth.api.NetworkResource;
import dev.berth.common.EngineException;
import dev.berth.common.Labels;
import dev.berth.engine.container.ContainerService;
import dev.berth.engine.network.EndpointSpec;
import dev.berth.engine.network.NetworkRecord;
import dev.berth.engine.network.NetworkService;
import dev.berth.engine.network.NetworkSpec;
import dev.berth.http.Request;
import dev.berth.http.Response;
import dev.berth.http.Router;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The {@code /networks} endpoints. */
final class NetworksRouter {
    private static final int MAX_BODY = 1024 * 1024;

    private final NetworkService networks;
    private final ContainerService containers;

    NetworksRouter(NetworkService networks, ContainerService containers) {
        this.networks = networks;
        this.containers = containers;
    }

    void register(Router r) {
        r.get("/networks", this::list);
        r.post("/networks/create", this::create);
        r.post("/networks/prune", this::prune);
        r.get("/networks/{id}", (req, res) -> {
            NetworkRecord n = networks.inspect(req.pathParam("id"));
            Json.ok(res, NetworkViews.resource(n, networks.containersOn(n.id())));
        });
        r.delete("/networks/{id}", (req, res) -> { networks.remove(req.pathParam("id")); res.noContent(204); });
        r.post("/networks/{id}/connect", (req, res) -> {
            NetworkConnectRequest body = ApiJson.read(req.bodyBytes(MAX_BODY), NetworkConnectRequest.class);
            containers.connect(container(body), networks.inspect(req.pathParam("id")).name(), endpoint(body.endpointConfig()));
            res.send(200, Json.TYPE, new byte[0]);
        });
        r.post("/networks/{id}/disconnect", (req, res) -> {
            NetworkConnectRequest body = ApiJson.read(req.bodyBytes(MAX_BODY), NetworkConnectRequest.class);
            containers.disconnect(container(body), networks.inspect(req.pathParam("id")).name(), Boolean.TRUE.equals(body.force()));
            res.send(200, Json.TYPE, new byte[0]);
        });
    }

    private void list(Request req, Response res) throws IOException {
        Filters f = Filters.parse(req.query("filters").orElse(null));
        f.requireKeys(Set.of("dangling", "driver", "id", "label", "name", "scope", "type"));
        Json.ok(res, networks.list().stream().filter(matches(f)).map(n -> NetworkViews.resource(n, null)).toList());
    }

    private Predicate<NetworkRecord> matches(Filters f) {
        return n -> (f.get("name").isEmpty() || f.get("name").stream().anyMatch(n.name()::contains))
                && (f.get("id").isEmpty() || f.get("id").stream().anyMatch(n.id()::startsWith))
                && (f.get("driver").isEmpty() || f.get("driver").contains(n.driver()))
                && (f.get("scope").isEmpty() || f.get("scope").contains("local"))
                && (f.get("type").isEmpty() || f.get("type").contains(n.predefined() ? "builtin" : "custom"))
                && (f.get("dangling").isEmpty() || dangling(f.get("dangling")) == (!n.predefined() && networks.containersOn(n.id()).isEmpty()))
                && Labels.matchesAll(n.labels(), f.get("label"));
    }

    private void create(Request req, Response res) throws IOException {
        NetworkCreateRequest body = ApiJson.read(req.bodyBytes(MAX_BODY), NetworkCreateRequest.class);
        if (Boolean.TRUE.equals(body.enableIpv6())) throw new EngineException.NotImplemented("IPv6 networks are not supported");
        NetworkResource.IpamConfig ipam = body.ipam() == null || body.ipam().config() == null || body.ipam().config().isEmpty()
                ? null : body.ipam().config().getFirst();
        if (body.ipam() != null && body.ipam().config() != null && body.ipam().config().size() > 1) {
            throw new EngineException.NotImplemented("a network with more than one subnet is not supported");
        }
        NetworkRecord n = networks.create(new NetworkSpec(body.name(), body.driver(), ipam == null ? null : ipam.subnet(),
                ipam == null ? null : ipam.gateway(), ipam == null ? null : ipam.ipRange(), Boolean.TRUE.equals(body.internal()),
                Boolean.TRUE.equals(body.attachable()), body.labels(), body.options()));
        Json.send(res, 201, new NetworkCreateResponse(n.id(), ""));
    }

    private void prune(Request req, Response res) throws IOException {
        Filters f = Filters.parse(req.query("filters").orElse(null));
        f.requireKeys(Set.of("until", "label", "label!"));
        Instant until = f.get("until").isEmpty() ? null
                : Instant.ofEpochSecond(0, Times.parseUnixNanos(f.get("until").getFirst(), "until"));
        List<String> removed = networks.prune(n -> (until == null || Instant.parse(n.created()).isBefore(until))
                && Labels.matchesAll(n.labels(), f.get("label")) && !Labels.matchesAny(n.labels(), f.get("label!")));
        Json.ok(res, new NetworkPruneReport(removed.isEmpty() ? null : removed));
    }

    static boolean dangling(List<String> values) {
        String v = values.getFirst();
        return switch (v) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new EngineException.InvalidArgument("invalid filter 'dangling=" + v + "'");
        };
    }

    private static String container(NetworkConnectRequest body) {
        if (body.container() == null || body.container().isEmpty()) throw new EngineException.InvalidArgument("no container given");
        return body.container();
    }

    static EndpointSpec endpoint(EndpointSettings s) {
        if (s == null) return EndpointSpec.NONE;
        return new EndpointSpec(s.aliases(), s.ipamConfig() == null ? null : s.ipamConfig().ipv4Address(), s.macAddress());
    }

    /** The networks of a create request's {@code NetworkingConfig}, by name. */
    static Map<String, EndpointSpec> endpoints(Map<String, EndpointSettings> config) {
        Map<String, EndpointSpec> out = new java.util.LinkedHashMap<>();
        if (config != null) config.forEach((name, s) -> out.put(name, endpoint(s)));
        return out;
    }
}

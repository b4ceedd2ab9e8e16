package dev.berth.daemonapi;

import dev.berth.api.EndpointIpamConfig;
import dev.berth.api.Filters;
import dev.berth.common.EngineException;
import dev.berth.api.EndpointSettings;
import dev.berth.api.NetworkResource;
import dev.berth.api.NetworkSettings;
import dev.berth.api.Port;
import dev.berth.api.PortBinding;
import dev.berth.engine.container.Container;
import dev.berth.engine.network.ContainerNetwork;
import dev.berth.engine.network.Endpoint;
import dev.berth.engine.network.EndpointSpec;
import dev.berth.engine.network.NetworkRecord;
import dev.berth.engine.network.NetworkService;
import dev.berth.engine.network.PublishedPort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Networks and containers' network settings as the API shows them. */
final class NetworkViews {
    private NetworkViews() {}

    /** {@code NetworkSettings} of container inspect: the run's endpoints and ports, or the configured networks when it does not run. */
    static NetworkSettings settings(Container c, ContainerNetwork rt, NetworkService networks) {
        Map<String, EndpointSettings> eps = endpoints(c, rt, networks);
        Endpoint bridge = null;
        if (rt != null) {
            for (Endpoint e : rt.endpoints()) if (e.networkName().equals("bridge")) bridge = e;
        }
        Map<String, List<PortBinding>> ports = new LinkedHashMap<>();
        if (rt != null) {
            if (c.config().exposedPorts() != null) {
                for (String p : c.config().exposedPorts().keySet()) ports.put(p.contains("/") ? p : p + "/tcp", null);
            }
            for (PublishedPort p : rt.ports()) {
                List<PortBinding> list = ports.get(p.key());
                if (list == null) ports.put(p.key(), list = new ArrayList<>());
                list.add(new PortBinding(p.hostIp(), Integer.toString(p.hostPort())));
            }
        }
        return new NetworkSettings("", rt == null ? "" : c.id(), false, "", 0, ports, rt == null ? "" : rt.netns(), null, null,
                bridge == null ? "" : bridge.endpointId(), bridge == null ? "" : bridge.gateway(), "", 0,
                bridge == null ? "" : bridge.ip(), bridge == null ? 0 : bridge.prefixLen(), "",
                bridge == null ? "" : bridge.mac(), eps);
    }

    /** The networks by name: with addresses while it runs, the requested settings otherwise. */
    static Map<String, EndpointSettings> endpoints(Container c, ContainerNetwork rt, NetworkService networks) {
        Map<String, EndpointSettings> out = new LinkedHashMap<>();
        for (Map.Entry<String, EndpointSpec> e : c.networks().entrySet()) {
            EndpointSpec spec = e.getValue();
            String networkId;
            try {
                networkId = networks.inspect(e.getKey()).id();
            } catch (RuntimeException removed) {
                networkId = "";
            }
            Endpoint ep = rt == null ? null : rt.endpoint(networkId);
            EndpointIpamConfig ipam = spec.ipv4Address() == null ? null : new EndpointIpamConfig(spec.ipv4Address(), null, null);
            List<String> aliases = spec.aliases().isEmpty() && !e.getKey().equals("bridge") && ep != null
                    ? List.of(c.shortId()) : spec.aliases();
            out.put(e.getKey(), new EndpointSettings(ipam, null, aliases.isEmpty() ? null : aliases, ep == null ? "" : ep.mac(),
                    null, null, networkId, ep == null ? "" : ep.endpointId(), ep == null ? "" : ep.gateway(),
                    ep == null ? "" : ep.ip(), ep == null ? 0 : ep.prefixLen(), "", "", 0, null));
        }
        if (out.isEmpty()) {
            String mode = c.hostConfig().networkMode();
            if (mode.equals("host") || mode.equals("none")) {
                String id = networks.inspect(mode).id();
                out.put(mode, new EndpointSettings(null, null, null, "", null, null, id, "", "", "", 0, "", "", 0, null));
            }
        }
        return out;
    }

    /** {@code Ports} of a listed container: published ports, then exposed ones that are not. */
    static List<Port> ports(Container c, ContainerNetwork rt) {
        List<Port> out = new ArrayList<>();
        if (rt == null) return out;
        for (PublishedPort p : rt.ports()) out.add(new Port(p.hostIp(), p.containerPort(), p.hostPort(), p.protocol()));
        if (c.config().exposedPorts() != null) {
            for (String key : c.config().exposedPorts().keySet()) {
                String k = key.contains("/") ? key : key + "/tcp";
                if (rt.ports().stream().noneMatch(p -> p.key().equals(k))) {
                    out.add(new Port(null, Integer.parseInt(k.substring(0, k.indexOf('/'))), 0, k.substring(k.indexOf('/') + 1)));
                }
            }
        }
        return out;
    }

    /**
     * The list filters on a container's networking: {@code network} (a name or id of one of its networks),
     * {@code publish} and {@code expose} ({@code 80}, {@code 80/tcp}, or a range {@code 8000-8080/tcp}).
     */
    static boolean matches(Filters f, Map<String, EndpointSettings> endpoints, List<Port> ports) {
        List<String> nets = f.get("network");
        if (!nets.isEmpty() && endpoints.entrySet().stream().noneMatch(e -> nets.contains(e.getKey())
                || nets.stream().anyMatch(n -> !n.isEmpty() && e.getValue().networkId() != null && e.getValue().networkId().startsWith(n)))) {
            return false;
        }
        return portFilter(f.get("publish"), ports, true) && portFilter(f.get("expose"), ports, false);
    }

    private static boolean portFilter(List<String> wanted, List<Port> ports, boolean published) {
        if (wanted.isEmpty()) return true;
        for (String w : wanted) {
            int slash = w.indexOf('/');
            String proto = slash < 0 ? "tcp" : w.substring(slash + 1);
            String range = slash < 0 ? w : w.substring(0, slash);
            int dash = range.indexOf('-');
            int first;
            int last;
            try {
                first = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
                last = dash < 0 ? first : Integer.parseInt(range.substring(dash + 1));
            } catch (NumberFormatException e) {
                throw new EngineException.InvalidArgument("invalid port filter " + w);
            }
            for (Port p : ports) {
                int port = published ? p.publicPort() : p.privatePort();
                if (p.type().equals(proto) && port >= first && port <= last && (!published || p.publicPort() != 0)) return true;
            }
        }
        return false;
    }

    /** A network; {@code containers} null for lists (dockerd lists show none). */
    static NetworkResource resource(NetworkRecord n, List<ContainerNetwork> containers) {
        List<NetworkResource.IpamConfig> ipam = n.subnet() == null ? List.of()
                : List.of(new NetworkResource.IpamConfig(n.subnet(), n.ipRange(), n.gateway()));
        Map<String, NetworkResource.EndpointResource> on = new LinkedHashMap<>();
        if (containers != null) {
            for (ContainerNetwork cn : containers) {
                Endpoint e = cn.endpoint(n.id());
                on.put(cn.containerId(), new NetworkResource.EndpointResource(cn.containerName(), e.endpointId(), e.mac(),
                        e.ip() + "/" + e.prefixLen(), ""));
            }
        }
        return new NetworkResource(n.name(), n.id(), n.created(), "local", n.driver(), false,
                new NetworkResource.Ipam("default", null, ipam), n.internal(), n.attachable(), false, Map.of("Network", ""),
                false, on, n.options(), n.labels());
    }
}

package dev.berth.engine.network;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.common.AtomicFiles;
import dev.berth.common.Commands;
import dev.berth.common.EngineException;
import dev.berth.common.Ids;
import dev.berth.engine.events.EventBus;
import dev.berth.network.BridgeConf;
import dev.berth.network.BridgeRules;
import dev.berth.network.Cidr;
import dev.berth.network.CniChains;
import dev.berth.network.NetNs;
import dev.berth.network.cni.Attachment;
import dev.berth.network.cni.Cni;
import dev.berth.network.cni.CniException;
import dev.berth.network.cni.CniResult;
import dev.berth.network.cni.ConfList;
import dev.berth.network.dns.EmbeddedDns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Networks with Docker's semantics, on the CNI plugins: the predefined {@code bridge}, {@code host} and
 * {@code none}, user-defined bridge networks ({@code network create/ls/inspect/rm/prune}), and the
 * attachment of a container's network namespace to its networks for each run, with published ports
 * and, on user-defined networks, name resolution by the embedded DNS server.
 *
 * <p>Records live in the data root; what lasts one boot (namespaces, CNI results and leases, running
 * containers' endpoints) lives in the exec root. A run's attachment is undone by {@link #detach}; after
 * a daemon restart the running containers' endpoints are read back, and {@link #detachAllExcept}
 * releases those of containers that ended meanwhile.
 */
public final class NetworkService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.berth.engine.network");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Duration CNI_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final NetworkServiceConfig config;
    private final EventBus events;
    private final Clock clock;
    private final Cni cni;
    private final EmbeddedDns dns;
    private final PortAllocator ports = new PortAllocator();
    /** By id. Guarded by {@code this} for changes; reads take a snapshot. */
    private final Map<String, NetworkRecord> networks = new ConcurrentHashMap<>();
    /** Networks whose {@link BridgeRules} this daemon run has made sure of. */
    private final java.util.Set<String> rulesInstalled = ConcurrentHashMap.newKeySet();
    /** Running containers' networking, by container id. */
    private final Map<String, ContainerNetwork> attached = new ConcurrentHashMap<>();

    public NetworkService(NetworkServiceConfig config, EventBus events, Clock clock) {
        this.config = config;
        this.events = events;
        this.clock = clock;
        try {
            Files.createDirectories(config.recordsDir());
            Files.createDirectories(containersDir());
            Files.createDirectories(config.stateDir().resolve("cni-cache"));
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot create the network directories: " + e.getMessage(), e);
        }
        this.cni = new Cni(config.pluginDirs(), config.stateDir().resolve("cni-cache"), CNI_TIMEOUT);
        this.dns = new EmbeddedDns(hostNameServers(), this::chosenNameServers);
        load();
    }

    // ---- networks ---------------------------------------------------------------------------

    /** A network by exact name, exact id or unique id prefix. */
    public NetworkRecord inspect(String idOrName) {
        List<NetworkRecord> all = list();
        for (NetworkRecord n : all) if (n.name().equals(idOrName)) return n;
        for (NetworkRecord n : all) if (n.id().equals(idOrName)) return n;
        List<NetworkRecord> byPrefix = idOrName.isEmpty() ? List.of() : all.stream().filter(n -> n.id().startsWith(idOrName)).toList();
        if (byPrefix.size() == 1) return byPrefix.getFirst();
        if (byPrefix.size() > 1) throw new EngineException.InvalidArgument("network " + idOrName + " is ambiguous (" + byPrefix.size() + " matches found based on ID prefix)");
        throw new EngineException.NotFound("network " + idOrName + " not found");
    }

    /** Every network, predefined first, then by creation. */
    public List<NetworkRecord> list() {
        return networks.values().stream()
                .sorted((a, b) -> a.predefined() != b.predefined() ? (a.predefined() ? -1 : 1) : a.created().compareTo(b.created()))
                .toList();
    }

    /**
     * {@code docker network create}.
     *
     * @throws EngineException.Conflict the name is taken
     * @throws EngineException.Forbidden the subnet overlaps another network's, or a second host/null network
     * @throws EngineException.NotFound an unknown driver (dockerd: plugin not found)
     */
    public synchronized NetworkRecord create(NetworkSpec s) {
        if (s.name() == null || !NAME.matcher(s.name()).matches()) {
            throw new EngineException.InvalidArgument("invalid network name \"" + s.name() + "\": must match " + NAME.pattern());
        }
        String driver = s.driver() == null || s.driver().isEmpty() ? "bridge" : s.driver();
        if (driver.equals("host") || driver.equals("null")) {
            throw new EngineException.Forbidden("only one instance of \"" + driver + "\" network is allowed");
        }
        if (!driver.equals("bridge")) throw new EngineException.NotFound("plugin \"" + driver + "\" not found");
        for (NetworkRecord n : networks.values()) {
            if (n.name().equals(s.name())) throw new EngineException.Conflict("network with name " + s.name() + " already exists");
        }
        Cidr subnet = s.subnet() == null || s.subnet().isEmpty() ? freeSubnet() : Cidr.parse(s.subnet());
        for (NetworkRecord n : networks.values()) {
            if (n.subnet() != null && Cidr.parse(n.subnet()).overlaps(subnet)) {
                throw new EngineException.Forbidden("Pool overlaps with other one on this address space");
            }
        }
        String gateway = s.gateway() == null || s.gateway().isEmpty() ? Cidr.format(subnet.first()) : s.gateway();
        if (!subnet.contains(Cidr.parseIp(gateway))) {
            throw new EngineException.Forbidden("no matching subnet for gateway " + gateway);
        }
        if (s.ipRange() != null && !s.ipRange().isEmpty()) {
            Cidr range = Cidr.parse(s.ipRange());
            if (range.prefix() < subnet.prefix() || !subnet.contains(range.address())) {
                throw new EngineException.Forbidden("no matching subnet for range " + s.ipRange());
            }
        }
        String id = Ids.newId();
        String bridge = s.options() != null && s.options().containsKey("com.docker.network.bridge.name")
                ? s.options().get("com.docker.network.bridge.name") : "br-" + id.substring(0, 12);
        if (bridge.length() > 15) throw new EngineException.InvalidArgument("bridge name " + bridge + " is longer than 15 characters");
        NetworkRecord n = new NetworkRecord(id, s.name(), "bridge", now(), subnet.toString(), gateway,
                s.ipRange() == null || s.ipRange().isEmpty() ? null : s.ipRange(), s.internal(), s.attachable(),
                s.labels(), s.options(), bridge);
        save(n);
        events.publish("network", "create", id, Map.of("name", n.name(), "type", n.driver()));
        return n;
    }

    /**
     * {@code docker network rm}: the record, the bridge, its leases.
     *
     * @throws EngineException.Forbidden a predefined network, or one with running containers
     */
    public synchronized void remove(String idOrName) {
        NetworkRecord n = inspect(idOrName);
        if (n.predefined()) throw new EngineException.Forbidden(n.name() + " is a pre-defined network and cannot be removed");
        if (!containersOn(n.id()).isEmpty()) {
            throw new EngineException.Forbidden("error while removing network: network " + n.name() + " id " + n.id() + " has active endpoints");
        }
        try {
            Files.deleteIfExists(recordFile(n.id()));
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot remove network " + n.name() + ": " + e.getMessage(), e);
        }
        networks.remove(n.id());
        releaseBridge(n);
        events.publish("network", "destroy", n.id(), Map.of("name", n.name(), "type", n.driver()));
    }

    /** {@code docker network prune}: removes the user-defined networks no running container uses; their names. */
    public synchronized List<String> prune(java.util.function.Predicate<NetworkRecord> filter) {
        List<String> removed = new ArrayList<>();
        for (NetworkRecord n : list()) {
            if (n.predefined() || !containersOn(n.id()).isEmpty() || !filter.test(n)) continue;
            remove(n.id());
            removed.add(n.name());
        }
        return removed;
    }

    /** The running containers attached to a network. */
    public List<ContainerNetwork> containersOn(String networkId) {
        return attached.values().stream().filter(c -> c.endpoint(networkId) != null).toList();
    }

    // ---- containers -----------------------------------------------------------------------------

    /**
     * Checks what a container asks for at create: the network of {@code networkMode} and every other
     * network exist, fixed addresses are in their subnets, and only user-defined networks get aliases
     * and fixed addresses (as dockerd).
     *
     * @return the networks by name, in the order they are attached (the mode's network first); empty for
     *         {@code host}, {@code none} and {@code container:}
     */
    public Map<String, EndpointSpec> endpointsFor(String networkMode, Map<String, EndpointSpec> asked) {
        String mode = networkMode == null || networkMode.isEmpty() || networkMode.equals("default") ? "bridge" : networkMode;
        Map<String, EndpointSpec> requested = new LinkedHashMap<>();
        asked.forEach((name, spec) -> requested.put(name.equals("default") ? "bridge" : name, spec));
        if (mode.equals("host") || mode.equals("none") || mode.startsWith("container:")) {
            for (String other : requested.keySet()) {
                NetworkRecord n = inspect(other);
                if (!n.name().equals(mode)) {
                    throw new EngineException.InvalidArgument("conflicting options: " + mode + " type network can't be used with multiple networks");
                }
            }
            return Map.of();
        }
        Map<String, EndpointSpec> out = new LinkedHashMap<>();
        NetworkRecord primary = inspect(mode);
        if (!primary.bridgeDriver()) return Map.of(); // "host" or "none" by id
        out.put(primary.name(), requested.getOrDefault(mode, requested.getOrDefault(primary.name(), EndpointSpec.NONE)));
        for (Map.Entry<String, EndpointSpec> e : requested.entrySet()) {
            NetworkRecord n = inspect(e.getKey());
            if (!n.bridgeDriver()) throw new EngineException.InvalidArgument("container cannot be connected to network " + n.name() + " and to others");
            out.putIfAbsent(n.name(), e.getValue());
        }
        for (Map.Entry<String, EndpointSpec> e : out.entrySet()) check(inspect(e.getKey()), e.getValue());
        return out;
    }

    private static void check(NetworkRecord n, EndpointSpec spec) {
        if (!n.userDefined() && (spec.ipv4Address() != null || !spec.aliases().isEmpty())) {
            throw new EngineException.InvalidArgument(spec.ipv4Address() != null
                    ? "user specified IP address is supported on user defined networks only"
                    : "network-scoped alias is supported only for containers in user defined networks");
        }
        if (spec.ipv4Address() != null && !Cidr.parse(n.subnet()).contains(Cidr.parseIp(spec.ipv4Address()))) {
            throw new EngineException.InvalidArgument("no configured subnet contains IP address " + spec.ipv4Address());
        }
    }

    /**
     * Gives a container's run its network: a new namespace with loopback, an interface on each network
     * ({@code eth0}, {@code eth1}...; published ports on the first), and its names in the networks' DNS.
     * On failure nothing of it is left.
     *
     * @param dns the container's {@code --dns} servers, which the embedded DNS asks for names not the networks'
     */
    public ContainerNetwork attach(String containerId, String containerName, Map<String, EndpointSpec> endpoints,
                                   List<PortRequest> publish, List<String> dns) {
        Path netns = config.stateDir().resolve("netns").resolve(containerId);
        List<PublishedPort> published = new ArrayList<>();
        ContainerNetwork cn = new ContainerNetwork(containerId, containerName, netns.toString(), List.of(), List.of(), dns);
        try {
            NetNs.remove(netns); // what a crash may have left
            NetNs.create(netns);
            for (PortRequest p : publish) published.add(ports.allocate(p));
            cn = new ContainerNetwork(containerId, containerName, netns.toString(), List.of(), published, dns);
            int index = 0;
            for (Map.Entry<String, EndpointSpec> e : endpoints.entrySet()) {
                List<PublishedPort> here = index == 0 ? published : List.of();
                cn = cn.withEndpoints(append(cn.endpoints(), connect(inspect(e.getKey()), cn, "eth" + index, e.getValue(), here)));
                index++;
            }
        } catch (IOException | CniException | RuntimeException ex) {
            undo(cn, netns);
            if (ex instanceof EngineException ee) throw ee;
            throw new EngineException.Unavailable("failed to set up container networking: " + ex.getMessage(), ex);
        }
        persist(cn);
        attached.put(containerId, cn);
        for (Endpoint e : cn.endpoints()) {
            events.publish("network", "connect", e.networkId(), Map.of("container", containerId, "name", e.networkName(), "type", "bridge"));
        }
        return cn;
    }

    /** Connects a running container to one more network (the next {@code ethN}). */
    public synchronized ContainerNetwork connect(String containerId, String network, EndpointSpec spec) {
        ContainerNetwork cn = attached.get(containerId);
        if (cn == null) throw new EngineException.Conflict("container " + containerId + " is not running");
        NetworkRecord n = inspect(network);
        if (!n.bridgeDriver()) throw new EngineException.Forbidden("container cannot be disconnected from host network or connected to host network");
        if (cn.endpoint(n.id()) != null) {
            throw new EngineException.Forbidden("endpoint with name " + cn.containerName() + " already exists in network " + n.name());
        }
        check(n, spec);
        String ifName = "eth" + nextInterface(cn);
        try {
            cn = cn.withEndpoints(append(cn.endpoints(), connect(n, cn, ifName, spec, List.of())));
        } catch (CniException | IOException e) {
            throw new EngineException.Unavailable("failed to connect to network " + n.name() + ": " + e.getMessage(), e);
        }
        persist(cn);
        attached.put(containerId, cn);
        events.publish("network", "connect", n.id(), Map.of("container", containerId, "name", n.name(), "type", "bridge"));
        return cn;
    }

    /** Disconnects a running container from one network. */
    public synchronized ContainerNetwork disconnect(String containerId, String network) {
        ContainerNetwork cn = attached.get(containerId);
        NetworkRecord n = inspect(network);
        Endpoint e = cn == null ? null : cn.endpoint(n.id());
        if (e == null) throw new EngineException.Forbidden("container " + containerId + " is not connected to network " + n.name());
        release(n, cn, e);
        List<Endpoint> rest = new ArrayList<>(cn.endpoints());
        rest.remove(e);
        cn = cn.withEndpoints(rest);
        persist(cn);
        attached.put(containerId, cn);
        events.publish("network", "disconnect", n.id(), Map.of("container", containerId, "name", n.name(), "type", "bridge"));
        return cn;
    }

    /** Takes a run's network away: every interface, the published ports, the namespace. Idempotent. */
    public void detach(String containerId) {
        ContainerNetwork cn = attached.remove(containerId);
        if (cn == null) cn = read(containerId);
        if (cn == null) return;
        undo(cn, Path.of(cn.netns()));
        for (Endpoint e : cn.endpoints()) {
            events.publish("network", "disconnect", e.networkId(), Map.of("container", containerId, "name", e.networkName(), "type", "bridge"));
        }
    }

    /** After a daemon restart: releases the networking of every container not in {@code running}. */
    public void detachAllExcept(java.util.Set<String> running) {
        for (String id : List.copyOf(attached.keySet())) if (!running.contains(id)) detach(id);
    }

    /** A running container's networking, or null. */
    public ContainerNetwork runtime(String containerId) {
        return attached.get(containerId);
    }

    /** A container was renamed: its new name resolves from now on. */
    public void renamed(String containerId, String newName) {
        ContainerNetwork cn = attached.computeIfPresent(containerId, (k, v) -> v.withName(newName));
        if (cn != null) persist(cn);
    }

    /** The name server a container on {@code endpoints}' first network uses: its gateway on a user-defined network, else null. */
    public String nameServer(ContainerNetwork cn) {
        if (cn == null || cn.endpoints().isEmpty()) return null;
        NetworkRecord n = networks.get(cn.endpoints().getFirst().networkId());
        return n != null && n.userDefined() ? n.gateway() : null;
    }

    /** The default bridge network's gateway ({@code /networks/bridge}'s, where published ports are reachable). */
    public NetworkRecord defaultBridge() {
        return inspect("bridge");
    }

    @Override
    public void close() {
        dns.close();
        if (!attached.isEmpty()) return; // containers outlive the daemon, with their network
        for (NetworkRecord n : networks.values()) {
            if (!n.bridgeDriver()) continue;
            deleteLink(n.bridge());
            BridgeRules.remove(n.bridge(), Cidr.parse(n.subnet()), n.internal());
        }
        CniChains.removeIfUnused();
    }

    // ---- internals ----------------------------------------------------------------------------

    private Endpoint connect(NetworkRecord n, ContainerNetwork cn, String ifName, EndpointSpec spec, List<PublishedPort> published)
            throws CniException, IOException {
        Map<String, String> args = spec.ipv4Address() == null ? Map.of() : Map.of("IP", spec.ipv4Address());
        Map<String, Object> rc = new LinkedHashMap<>();
        if (!published.isEmpty()) rc.put("portMappings", portMappings(published));
        if (spec.macAddress() != null) rc.put("mac", spec.macAddress());
        installRules(n);
        CniResult r = cni.add(conf(n, ifName.equals("eth0"), !published.isEmpty(), spec.macAddress() != null),
                new Attachment(cn.containerId(), Path.of(cn.netns()), ifName, args, rc));
        CniResult.Ip ip = r.ipv4();
        if (ip == null) throw new IOException("the network " + n.name() + " gave no IPv4 address");
        CniResult.Interface itf = r.sandboxInterface();
        if (n.userDefined()) dns.listen(InetAddress.getByName(n.gateway()), (client, name) -> lookup(n.id(), client, name));
        return new Endpoint(n.id(), n.name(), Ids.newId(), ifName, ip.ip(), ip.prefixLength(),
                ip.gateway() == null ? n.gateway() : ip.gateway(), itf == null ? "" : itf.mac(), spec.aliases());
    }

    private void release(NetworkRecord n, ContainerNetwork cn, Endpoint e) {
        try {
            boolean primary = e.ifName().equals("eth0");
            cni.del(conf(n, primary, primary && !cn.ports().isEmpty(), false), cn.containerId(), Path.of(cn.netns()), e.ifName());
        } catch (CniException ex) {
            LOG.log(System.Logger.Level.WARNING, "container " + cn.containerId() + ": leaving network " + n.name() + ": " + ex.getMessage());
        }
    }

    private void undo(ContainerNetwork cn, Path netns) {
        for (Endpoint e : cn.endpoints().reversed()) {
            NetworkRecord n = networks.get(e.networkId());
            if (n != null) release(n, cn, e);
        }
        ports.release(cn.ports());
        try {
            NetNs.remove(netns);
            Files.deleteIfExists(containersDir().resolve(cn.containerId() + ".json"));
        } catch (IOException ex) {
            LOG.log(System.Logger.Level.WARNING, "container " + cn.containerId() + ": " + ex.getMessage());
        }
    }

    /**
     * The addresses of {@code name} (a container's name, alias or short id) on the networks of the container
     * asking from {@code client} on network {@code networkId} (on that network alone if the client is unknown).
     */
    private List<InetAddress> lookup(String networkId, InetAddress client, String name) {
        java.util.Set<String> scope = new java.util.HashSet<>(List.of(networkId));
        String from = client == null ? "" : client.getHostAddress();
        for (ContainerNetwork cn : attached.values()) {
            Endpoint asking = cn.endpoint(networkId);
            if (asking != null && asking.ip().equals(from)) cn.endpoints().forEach(e -> scope.add(e.networkId()));
        }
        List<InetAddress> out = new ArrayList<>();
        for (ContainerNetwork cn : attached.values()) {
            for (Endpoint e : cn.endpoints()) {
                if (scope.contains(e.networkId()) && named(cn, e, name)) out.add(address(e.ip()));
            }
        }
        return out.stream().distinct().toList();
    }

    /** The {@code --dns} servers of the container at {@code client}, empty for the host's. */
    private List<InetSocketAddress> chosenNameServers(InetAddress client) {
        String from = client.getHostAddress();
        for (ContainerNetwork cn : attached.values()) {
            if (cn.dns().isEmpty() || cn.endpoints().stream().noneMatch(e -> e.ip().equals(from))) continue;
            return cn.dns().stream().map(ip -> new InetSocketAddress(address(ip), 53)).toList();
        }
        return List.of();
    }

    private static boolean named(ContainerNetwork cn, Endpoint e, String name) {
        return cn.containerName().toLowerCase(Locale.ROOT).equals(name)
                || name.length() == 12 && cn.containerId().startsWith(name)
                || e.aliases().stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(name));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private ConfList conf(NetworkRecord n, boolean primary, boolean ports, boolean mac) {
        return BridgeConf.of("berth-" + n.shortId(), n.bridge(), Cidr.parse(n.subnet()), n.gateway(),
                n.ipRange() == null ? null : Cidr.parse(n.ipRange()), n.internal(), config.stateDir().resolve("ipam"),
                primary, ports, mac);
    }

    /** The network's forwarding and masquerading rules, once per daemon run (they outlive it, with its containers). */
    private void installRules(NetworkRecord n) {
        if (rulesInstalled.add(n.id())) {
            try {
                BridgeRules.install(n.bridge(), Cidr.parse(n.subnet()), n.internal());
            } catch (RuntimeException e) {
                rulesInstalled.remove(n.id());
                throw new EngineException.Unavailable("cannot set up the firewall rules of network " + n.name() + ": " + e.getMessage(), e);
            }
        }
    }

    private static List<Map<String, Object>> portMappings(List<PublishedPort> published) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PublishedPort p : published) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("hostPort", p.hostPort());
            m.put("containerPort", p.containerPort());
            m.put("protocol", p.protocol());
            if (!p.allAddresses()) m.put("hostIP", p.hostIp());
            out.add(m);
        }
        return out;
    }

    private static int nextInterface(ContainerNetwork cn) {
        int max = -1;
        for (Endpoint e : cn.endpoints()) max = Math.max(max, Integer.parseInt(e.ifName().substring(3)));
        return max + 1;
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }

    private void releaseBridge(NetworkRecord n) {
        dnsStop(n);
        deleteLink(n.bridge());
        BridgeRules.remove(n.bridge(), Cidr.parse(n.subnet()), n.internal());
        rulesInstalled.remove(n.id());
        try {
            AtomicFiles.deleteTree(config.stateDir().resolve("ipam").resolve("berth-" + n.shortId()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "network " + n.name() + ": " + e.getMessage());
        }
        if (attached.isEmpty()) CniChains.removeIfUnused();
    }

    private void dnsStop(NetworkRecord n) {
        try {
            dns.stop(InetAddress.getByName(n.gateway()));
        } catch (UnknownHostException ignored) {
            // a literal address
        }
    }

    private static void deleteLink(String name) {
        Commands.run(List.of("ip", "link", "delete", name, "type", "bridge"), null, Duration.ofSeconds(10));
    }

    /** The first {@code /24} of the pool that no network and no host route uses. */
    private Cidr freeSubnet() {
        List<Cidr> used = new ArrayList<>(hostRoutes());
        for (NetworkRecord n : networks.values()) if (n.subnet() != null) used.add(Cidr.parse(n.subnet()));
        Cidr pool = config.pool();
        int size = 1 << (32 - 24);
        for (long a = Integer.toUnsignedLong(pool.address()); pool.contains((int) a); a += size) {
            Cidr candidate = new Cidr((int) a, 24);
            if (used.stream().noneMatch(candidate::overlaps)) return candidate;
        }
        throw new EngineException.Unavailable("could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network", null);
    }

    /** The host's IPv4 routes other than the default one ({@code /proc/net/route}). */
    private static List<Cidr> hostRoutes() {
        List<Cidr> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/route")).stream().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 8) continue;
                int dest = Integer.reverseBytes((int) Long.parseLong(f[1], 16));
                int mask = Integer.reverseBytes((int) Long.parseLong(f[7], 16));
                if (mask != 0) out.add(new Cidr(dest, Integer.bitCount(mask)));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot read the host's routes: " + e.getMessage());
        }
        return out;
    }

    /** The host's name servers, for the names the embedded DNS does not know. */
    private static List<InetSocketAddress> hostNameServers() {
        List<InetSocketAddress> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/etc/resolv.conf"))) {
                String[] f = line.strip().split("\\s+");
                if (f.length > 1 && f[0].equals("nameserver")) out.add(new InetSocketAddress(InetAddress.getByName(f[1]), 53));
            }
        } catch (IOException e) {
            // no resolvers: names that are not the networks' do not resolve
        }
        return out;
    }

    private void load() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(config.recordsDir(), "*.json")) {
            for (Path f : files) {
                try {
                    NetworkRecord n = JSON.readValue(f.toFile(), NetworkRecord.class);
                    networks.put(n.id(), n);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "ignoring the unreadable network record " + f + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ensurePredefined();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(containersDir(), "*.json")) {
            for (Path f : files) {
                ContainerNetwork cn = read(f.getFileName().toString().replace(".json", ""));
                if (cn == null) continue;
                attached.put(cn.containerId(), cn);
                ports.reserve(cn.ports());
                for (Endpoint e : cn.endpoints()) {
                    NetworkRecord n = networks.get(e.networkId());
                    if (n != null && n.userDefined()) {
                        try {
                            dns.listen(InetAddress.getByName(n.gateway()), (client, name) -> lookup(n.id(), client, name));
                        } catch (IOException ex) {
                            LOG.log(System.Logger.Level.WARNING, ex.getMessage());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code bridge} (with the configured bridge name and address), {@code host} and {@code none}. */
    private void ensurePredefined() {
        Cidr bip = Cidr.parse(config.defaultBip());
        String gateway = config.defaultBip().substring(0, config.defaultBip().indexOf('/'));
        NetworkRecord old = networks.values().stream().filter(n -> n.name().equals("bridge")).findFirst().orElse(null);
        NetworkRecord bridge = new NetworkRecord(old == null ? Ids.newId() : old.id(), "bridge", "bridge",
                old == null ? now() : old.created(), bip.toString(), gateway, null, false, false, Map.of(),
                Map.of("com.docker.network.bridge.default_bridge", "true", "com.docker.network.bridge.enable_icc", "true",
                        "com.docker.network.bridge.enable_ip_masquerade", "true",
                        "com.docker.network.bridge.host_binding_ipv4", "0.0.0.0",
                        "com.docker.network.bridge.name", config.defaultBridge(), "com.docker.network.driver.mtu", "1500"),
                config.defaultBridge());
        if (!bridge.equals(old)) save(bridge);
        for (String[] p : new String[][] {{"host", "host"}, {"none", "null"}}) {
            if (networks.values().stream().noneMatch(n -> n.name().equals(p[0]))) {
                save(new NetworkRecord(Ids.newId(), p[0], p[1], now(), null, null, null, false, false, Map.of(), Map.of(), null));
            }
        }
    }

    private void save(NetworkRecord n) {
        try {
            AtomicFiles.write(recordFile(n.id()), JSON.writeValueAsBytes(n));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        networks.put(n.id(), n);
    }

    private void persist(ContainerNetwork cn) {
        try {
            AtomicFiles.write(containersDir().resolve(cn.containerId() + ".json"), JSON.writeValueAsBytes(cn));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ContainerNetwork read(String containerId) {
        Path f = containersDir().resolve(containerId + ".json");
        try {
            return Files.exists(f) ? JSON.readValue(f.toFile(), ContainerNetwork.class) : null;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "unreadable " + f + ": " + e.getMessage());
            return null;
        }
    }

    private Path recordFile(String id) {
        return config.recordsDir().resolve(id + ".json");
    }

    private Path containersDir() {
        return config.stateDir().resolve("containers");
    }

    private String now() {
        return Instant.now(clock).toString();
    }
}

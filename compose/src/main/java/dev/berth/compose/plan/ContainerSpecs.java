package dev.berth.compose.plan;

import dev.berth.api.ApiJson;
import dev.berth.api.ContainerCreateRequest;
import dev.berth.api.EndpointSettings;
import dev.berth.api.MountPoint;
import dev.berth.compose.model.ComposeException;
import dev.berth.compose.model.ConfigHash;
import dev.berth.compose.model.Dependency;
import dev.berth.compose.model.Project;
import dev.berth.compose.model.Service;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a service's container is created with: the Engine API create body (the service's keys mapped as
 * Docker Compose maps them), the networks it joins after creation, and its name. Pure: no API calls.
 */
public final class ContainerSpecs {
    private ContainerSpecs() {}

    /**
     * The create request and extra networks of one container.
     *
     * @param extraNetworks networks (by engine name) to connect after the create, with their endpoint settings
     */
    public record Spec(String name, ContainerCreateRequest request, Map<String, EndpointSettings> extraNetworks) {}

    /** {@code <project>-<service>-<n>}, or the service's {@code container_name}. */
    public static String containerName(Project p, Service s, int number) {
        return s.containerName() != null ? s.containerName() : p.name() + "-" + s.name() + "-" + number;
    }

    /** The image a service runs: {@code image}, or {@code <project>-<service>} for a built one. */
    public static String imageName(Project p, Service s) {
        return s.image() != null ? s.image() : p.name() + "-" + s.name();
    }

    /**
     * @param number     the replica number (0 for a one-off {@code run} container)
     * @param labels     labels to add (one-off markers)
     * @param inherited  the mounts of the container this one replaces: its anonymous volumes are kept
     * @param containers a service name to the name of its first container (network_mode, volumes_from, links)
     */
    public static Spec create(Project p, Service s, int number, String name, Map<String, String> labels,
                              List<MountPoint> inherited, Function<String, String> containers) {
        return create(p, s, number, name, labels, inherited, containers, null);
    }

    /**
     * As {@link #create(Project, Service, int, String, Map, List, Function)}, with {@code customize} changing the
     * request (as API JSON: {@code Cmd}, {@code HostConfig}...) before it is made, for {@code run}'s overrides.
     */
    public static Spec create(Project p, Service s, int number, String name, Map<String, String> labels,
                              List<MountPoint> inherited, Function<String, String> containers,
                              java.util.function.Consumer<Map<String, Object>> customize) {
        Map<String, Object> c = new LinkedHashMap<>();
        put(c, "Hostname", s.string("hostname"));
        put(c, "Domainname", s.string("domainname"));
        put(c, "User", s.string("user"));
        c.put("AttachStdin", false);
        c.put("AttachStdout", true);
        c.put("AttachStderr", true);
        Map<String, Object> exposed = new TreeMap<>();
        for (String e : s.strings("expose")) exposed.put(e.contains("/") ? e : e + "/tcp", Map.of());
        for (Service.Port port : s.ports()) exposed.put(port.target() + "/" + port.protocol(), Map.of());
        if (!exposed.isEmpty()) c.put("ExposedPorts", exposed);
        c.put("Tty", s.bool("tty"));
        c.put("OpenStdin", s.bool("stdin_open"));
        c.put("StdinOnce", false);
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, String> e : s.environment().entrySet()) {
            env.add(e.getValue() == null ? e.getKey() : e.getKey() + "=" + e.getValue());
        }
        c.put("Env", env);
        put(c, "Cmd", s.optionalStrings("command"));
        Service.Healthcheck hc = s.healthcheck();
        if (hc != null) {
            Map<String, Object> h = new LinkedHashMap<>();
            if (hc.disable()) {
                h.put("Test", List.of("NONE"));
            } else {
                if (!hc.test().isEmpty()) h.put("Test", hc.test());
                put(h, "Interval", hc.interval());
                put(h, "Timeout", hc.timeout());
                put(h, "StartPeriod", hc.startPeriod());
                put(h, "StartInterval", hc.startInterval());
                put(h, "Retries", hc.retries());
            }
            c.put("Healthcheck", h);
        }
        c.put("Image", imageName(p, s));
        put(c, "WorkingDir", s.string("working_dir"));
        put(c, "Entrypoint", s.optionalStrings("entrypoint"));
        Map<String, String> allLabels = new TreeMap<>(s.stringMap("labels"));
        allLabels.put(ComposeLabels.PROJECT, p.name());
        allLabels.put(ComposeLabels.SERVICE, s.name());
        allLabels.put(ComposeLabels.CONFIG_HASH, ConfigHash.of(s));
        allLabels.put(ComposeLabels.ONEOFF, "False");
        if (number > 0) allLabels.put(ComposeLabels.CONTAINER_NUMBER, Integer.toString(number));
        allLabels.put(ComposeLabels.WORKING_DIR, p.workingDir().toString());
        List<String> files = new ArrayList<>();
        for (Path f : p.files()) files.add(f.toString());
        allLabels.put(ComposeLabels.CONFIG_FILES, String.join(",", files));
        allLabels.put(ComposeLabels.VERSION, ComposeLabels.COMPOSE_VERSION);
        List<String> deps = new ArrayList<>();
        for (Map.Entry<String, Dependency> d : s.dependsOn().entrySet()) {
            deps.add(d.getKey() + ":" + d.getValue().condition() + ":" + d.getValue().restart());
        }
        allLabels.put(ComposeLabels.DEPENDS_ON, String.join(",", deps));
        allLabels.putAll(labels);
        c.put("Labels", allLabels);
        put(c, "StopSignal", s.string("stop_signal"));
        put(c, "StopTimeout", s.stopGracePeriodSeconds());

        Map<String, Object> h = new LinkedHashMap<>();
        List<String> binds = new ArrayList<>();
        List<Map<String, Object>> mounts = new ArrayList<>();
        mounts(p, s, binds, mounts, inherited);
        if (!binds.isEmpty()) h.put("Binds", binds);
        if (s.raw().get("logging") instanceof Map<?, ?>) {
            Map<String, Object> log = new LinkedHashMap<>();
            log.put("Type", s.path("logging").get("driver") == null ? "" : String.valueOf(s.path("logging").get("driver")));
            Map<String, String> opts = new TreeMap<>();
            s.path("logging", "options").forEach((k, v) -> opts.put(k, String.valueOf(v)));
            log.put("Config", opts);
            h.put("LogConfig", log);
        }
        Map<String, List<Map<String, Object>>> bindings = new TreeMap<>();
        for (Service.Port port : s.ports()) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("HostIp", port.hostIp() == null ? "" : port.hostIp());
            b.put("HostPort", port.published() == null ? "" : port.published());
            bindings.computeIfAbsent(port.target() + "/" + port.protocol(), k -> new ArrayList<>()).add(b);
        }
        if (!bindings.isEmpty()) h.put("PortBindings", bindings);
        Map<String, Object> restart = restartPolicy(s);
        if (restart != null) h.put("RestartPolicy", restart);
        h.put("AutoRemove", false);
        List<String> volumesFrom = new ArrayList<>();
        for (String vf : s.strings("volumes_from")) {
            if (vf.startsWith("container:")) {
                volumesFrom.add(vf.substring(10));
            } else {
                String[] parts = vf.split(":", 2);
                volumesFrom.add(containers.apply(parts[0]) + (parts.length > 1 ? ":" + parts[1] : ""));
            }
        }
        if (!volumesFrom.isEmpty()) h.put("VolumesFrom", volumesFrom);
        putList(h, "CapAdd", s.strings("cap_add"));
        putList(h, "CapDrop", s.strings("cap_drop"));
        putList(h, "Dns", s.strings("dns"));
        putList(h, "DnsOptions", s.strings("dns_opt"));
        putList(h, "DnsSearch", s.strings("dns_search"));
        List<String> hosts = new ArrayList<>();
        for (String e : s.strings("extra_hosts")) hosts.add(e.replaceFirst("=", ":"));
        putList(h, "ExtraHosts", hosts);
        putList(h, "GroupAdd", s.strings("group_add"));
        put(h, "IpcMode", s.string("ipc"));
        List<String> links = new ArrayList<>();
        for (String l : s.strings("links")) {
            String[] parts = l.split(":", 2);
            String target = p.services().containsKey(parts[0]) ? containers.apply(parts[0]) : parts[0];
            links.add(target + ":" + (parts.length > 1 ? parts[1] : parts[0]));
        }
        putList(h, "Links", links);
        if (s.raw().get("oom_score_adj") instanceof Number n) h.put("OomScoreAdj", n.intValue());
        put(h, "PidMode", s.string("pid"));
        if (s.bool("privileged")) h.put("Privileged", true);
        if (s.bool("read_only")) h.put("ReadonlyRootfs", true);
        putList(h, "SecurityOpt", s.strings("security_opt"));
        Map<String, String> tmpfs = new TreeMap<>();
        for (String t : s.strings("tmpfs")) {
            int colon = t.indexOf(':');
            tmpfs.put(colon < 0 ? t : t.substring(0, colon), colon < 0 ? "" : t.substring(colon + 1));
        }
        if (!tmpfs.isEmpty()) h.put("Tmpfs", tmpfs);
        put(h, "UTSMode", s.string("uts"));
        put(h, "UsernsMode", s.string("userns_mode"));
        put(h, "ShmSize", s.bytes("shm_size"));
        if (!s.stringMap("sysctls").isEmpty()) h.put("Sysctls", s.stringMap("sysctls"));
        put(h, "Runtime", s.string("runtime"));
        put(h, "CgroupParent", s.string("cgroup_parent"));
        resources(s, h);
        if (!mounts.isEmpty()) h.put("Mounts", mounts);
        if (s.optionalBool("init") != null) h.put("Init", s.optionalBool("init"));
        Map<String, Object> ulimits = s.path("ulimits");
        if (!ulimits.isEmpty()) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Map.Entry<String, Object> u : new TreeMap<>(ulimits).entrySet()) {
                long soft;
                long hard;
                if (u.getValue() instanceof Map<?, ?> m) {
                    soft = Long.parseLong(String.valueOf(m.get("soft")));
                    hard = Long.parseLong(String.valueOf(m.get("hard")));
                } else {
                    soft = hard = Long.parseLong(String.valueOf(u.getValue()));
                }
                list.add(Map.of("Name", u.getKey(), "Soft", soft, "Hard", hard));
            }
            h.put("Ulimits", list);
        }

        // networking: the first network (by priority) at create, the others connected after it
        Map<String, EndpointSettings> extra = new LinkedHashMap<>();
        Map<String, Object> endpoints = new LinkedHashMap<>();
        String networkMode = s.string("network_mode");
        if (networkMode != null) {
            if (networkMode.startsWith("service:")) networkMode = "container:" + containers.apply(networkMode.substring(8));
            h.put("NetworkMode", networkMode);
        } else {
            Map<String, Map<String, Object>> nets = p.resources("networks");
            List<String> order = s.networksByPriority();
            for (int i = 0; i < order.size(); i++) {
                String key = order.get(i);
                String netName = String.valueOf(nets.get(key).get("name"));
                Map<String, Object> ep = endpoint(s, key, name);
                if (i == 0) {
                    h.put("NetworkMode", netName);
                    endpoints.put(netName, ep);
                } else {
                    extra.put(netName, ApiJson.mapper().convertValue(ep, EndpointSettings.class));
                }
            }
        }
        c.put("HostConfig", h);
        if (!endpoints.isEmpty()) c.put("NetworkingConfig", Map.of("EndpointsConfig", endpoints));
        if (customize != null) customize.accept(c);
        ContainerCreateRequest request = ApiJson.mapper().convertValue(c, ContainerCreateRequest.class);
        return new Spec(name, request, extra);
    }

    private static void mounts(Project p, Service s, List<String> binds, List<Map<String, Object>> mounts, List<MountPoint> inherited) {
        Map<String, Map<String, Object>> volumes = p.resources("volumes");
        Set<String> targets = new java.util.HashSet<>();
        for (Service.Mount m : s.volumes()) {
            targets.add(m.target());
            switch (m.type()) {
                case "bind" -> {
                    boolean create = !Boolean.FALSE.equals(m.bind().get("create_host_path"));
                    String propagation = m.bind().get("propagation") == null ? null : String.valueOf(m.bind().get("propagation"));
                    String selinux = m.bind().get("selinux") == null ? null : String.valueOf(m.bind().get("selinux"));
                    if (create) {
                        List<String> opts = new ArrayList<>();
                        if (m.readOnly()) opts.add("ro");
                        if (selinux != null) opts.add(selinux);
                        if (propagation != null) opts.add(propagation);
                        binds.add(m.source() + ":" + m.target() + (opts.isEmpty() ? "" : ":" + String.join(",", opts)));
                    } else {
                        Map<String, Object> mount = mount("bind", m.source(), m.target(), m.readOnly());
                        if (propagation != null) mount.put("BindOptions", Map.of("Propagation", propagation));
                        mounts.add(mount);
                    }
                }
                case "volume" -> {
                    String source = null;
                    if (m.source() != null) {
                        Map<String, Object> v = volumes.get(m.source());
                        if (v == null) throw new ComposeException("service \"" + s.name() + "\" refers to undefined volume " + m.source());
                        source = String.valueOf(v.get("name"));
                    }
                    Map<String, Object> mount = mount("volume", source, m.target(), m.readOnly());
                    if (Boolean.TRUE.equals(m.volume().get("nocopy"))) mount.put("VolumeOptions", Map.of("NoCopy", true));
                    if (source == null) {
                        // an anonymous volume keeps its data when the container is recreated
                        for (MountPoint old : inherited) {
                            if ("volume".equals(old.type()) && m.target().equals(old.destination()) && old.name() != null) {
                                mount.put("Source", old.name());
                            }
                        }
                    }
                    mounts.add(mount);
                }
                case "tmpfs" -> {
                    Map<String, Object> mount = mount("tmpfs", null, m.target(), m.readOnly());
                    Map<String, Object> opts = new LinkedHashMap<>();
                    if (m.tmpfs().get("size") != null) opts.put("SizeBytes", dev.berth.compose.model.Units.parseBytes(m.tmpfs().get("size"),
                            dev.berth.compose.model.TreePath.of("services." + s.name() + ".volumes")));
                    if (m.tmpfs().get("mode") instanceof Number mode) opts.put("Mode", mode.intValue());
                    if (!opts.isEmpty()) mount.put("TmpfsOptions", opts);
                    mounts.add(mount);
                }
                default -> throw new ComposeException("service \"" + s.name() + "\": volume type " + m.type() + " is not supported");
            }
        }
        // anonymous volumes of the image (VOLUME) that the old container had
        for (MountPoint old : inherited) {
            if ("volume".equals(old.type()) && old.name() != null && !targets.contains(old.destination())
                    && old.name().matches("[0-9a-f]{64}")) {
                mounts.add(mount("volume", old.name(), old.destination(), false));
            }
        }
        for (String kind : List.of("secrets", "configs")) {
            Map<String, Map<String, Object>> defs = p.resources(kind);
            for (Service.FileRef f : s.fileRefs(kind)) {
                Map<String, Object> def = defs.get(f.source());
                if (def != null && InlineFiles.inline(def)) continue; // written into the container after create
                if (def == null || def.get("file") == null) {
                    throw new ComposeException("service \"" + s.name() + "\": " + kind.substring(0, kind.length() - 1) + " \"" + f.source()
                            + "\" has no file, content or environment");
                }
                mounts.add(mount("bind", String.valueOf(def.get("file")), InlineFiles.target(kind, f), true));
            }
        }
    }

    /** The endpoint of container {@code name} of {@code s} on its network {@code key}: aliases, fixed addresses. */
    private static Map<String, Object> endpoint(Service s, String key, String name) {
        Service.NetworkAttachment a = s.networks().get(key);
        List<String> aliases = new ArrayList<>();
        aliases.add(name);
        aliases.add(s.name());
        aliases.addAll(a.aliases());
        Map<String, Object> ipam = null;
        if (a.ipv4Address() != null || a.ipv6Address() != null) {
            ipam = new LinkedHashMap<>();
            put(ipam, "IPv4Address", a.ipv4Address());
            put(ipam, "IPv6Address", a.ipv6Address());
        }
        Map<String, Object> ep = new LinkedHashMap<>();
        if (ipam != null) ep.put("IPAMConfig", ipam);
        ep.put("Aliases", aliases);
        return ep;
    }

    /** As {@link #endpoint(Service, String, String)}, for {@code POST /networks/{id}/connect}. */
    public static EndpointSettings endpointSettings(Service s, String key, String containerName) {
        return ApiJson.mapper().convertValue(endpoint(s, key, containerName), EndpointSettings.class);
    }

    private static Map<String, Object> mount(String type, String source, String target, boolean readOnly) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Type", type);
        if (source != null) m.put("Source", source);
        m.put("Target", target);
        if (readOnly) m.put("ReadOnly", true);
        return m;
    }

    private static Map<String, Object> restartPolicy(Service s) {
        String restart = s.string("restart");
        Map<String, Object> deployRestart = s.path("deploy", "restart_policy");
        if (restart == null && !deployRestart.isEmpty()) {
            String condition = String.valueOf(deployRestart.getOrDefault("condition", "any"));
            restart = switch (condition) {
                case "none" -> "no";
                case "on-failure" -> "on-failure";
                default -> "always";
            };
            if (restart.equals("on-failure") && deployRestart.get("max_attempts") != null) {
                restart += ":" + deployRestart.get("max_attempts");
            }
        }
        if (restart == null) return null;
        Map<String, Object> r = new LinkedHashMap<>();
        int colon = restart.indexOf(':');
        r.put("Name", colon < 0 ? restart : restart.substring(0, colon));
        r.put("MaximumRetryCount", colon < 0 ? 0 : Integer.parseInt(restart.substring(colon + 1)));
        return r;
    }

    private static void resources(Service s, Map<String, Object> h) {
        Long memory = s.bytes("mem_limit");
        Object limitMemory = s.path("deploy", "resources", "limits").get("memory");
        if (limitMemory != null) memory = Long.parseLong(String.valueOf(limitMemory));
        put(h, "Memory", memory);
        Double cpus = s.raw().get("cpus") instanceof Number n ? n.doubleValue() : null;
        if (s.path("deploy", "resources", "limits").get("cpus") instanceof Number n) cpus = n.doubleValue();
        if (cpus != null) h.put("NanoCpus", Math.round(cpus * 1e9));
        if (s.raw().get("cpu_shares") != null) h.put("CpuShares", Long.parseLong(s.string("cpu_shares")));
        put(h, "CpusetCpus", s.string("cpuset"));
        Long reservation = s.bytes("mem_reservation");
        Object resMemory = s.path("deploy", "resources", "reservations").get("memory");
        if (resMemory != null) reservation = Long.parseLong(String.valueOf(resMemory));
        put(h, "MemoryReservation", reservation);
        put(h, "MemorySwap", s.bytes("memswap_limit"));
        Object pids = s.raw().get("pids_limit");
        if (s.path("deploy", "resources", "limits").get("pids") != null) pids = s.path("deploy", "resources", "limits").get("pids");
        if (pids != null) h.put("PidsLimit", Long.parseLong(String.valueOf(pids)));
        if (s.bool("oom_kill_disable")) h.put("OomKillDisable", true);
    }

    private static void put(Map<String, Object> m, String key, Object v) {
        if (v != null) m.put(key, v);
    }

    private static void putList(Map<String, Object> m, String key, List<String> v) {
        if (!v.isEmpty()) m.put(key, v);
    }
}

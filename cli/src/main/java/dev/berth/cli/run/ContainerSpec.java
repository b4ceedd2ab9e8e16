package dev.berth.cli.run;

import dev.berth.api.ContainerCreateRequest;
import dev.berth.api.DeviceMapping;
import dev.berth.api.DeviceRequest;
import dev.berth.api.EndpointIpamConfig;
import dev.berth.api.EndpointSettings;
import dev.berth.api.HealthConfig;
import dev.berth.api.HostConfig;
import dev.berth.api.LogConfig;
import dev.berth.api.Mount;
import dev.berth.api.NetworkingConfig;
import dev.berth.api.PortBinding;
import dev.berth.api.RestartPolicy;
import dev.berth.api.ThrottleDevice;
import dev.berth.api.WeightDevice;
import dev.berth.cli.Invocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The create request {@code berth create}/{@code berth run} flags describe, built as docker CLI 28's
 * {@code container/opts.go parse} builds it, field for field, so that the daemon receives the body
 * docker would send. Checks run in docker's order and fail with docker's messages
 * ({@link IllegalArgumentException}); the command prints them as {@code berth: MESSAGE} with status 125.
 */
public record ContainerSpec(ContainerCreateRequest request, String name, String platform, String pull, boolean quiet,
                            boolean autoRemove) {

    /**
     * @param in    the parsed flags and arguments (image first, then the command)
     * @param env   the environment, for {@code -e KEY} and bare keys in env files
     * @param cwd   the directory relative bind sources are resolved against
     * @param detach whether {@code -d} was given (clears the attach flags, as docker does)
     */
    public static ContainerSpec parse(Invocation in, Function<String, String> env, Path cwd, boolean detach) {
        List<String> args = in.args();
        String image = args.get(0);
        List<String> cmdArgs = args.subList(1, args.size());

        List<String> attach = in.list("attach");
        boolean attachStdin = attach.contains("stdin");
        boolean attachStdout = attach.contains("stdout");
        boolean attachStderr = attach.contains("stderr");
        String macAddress = str(in, "mac-address");
        if (!macAddress.isEmpty() && !validMac(macAddress)) {
            throw new IllegalArgumentException(macAddress + " is not a valid mac address");
        }
        boolean interactive = in.bool("interactive");
        if (interactive) attachStdin = true;
        if (attach.isEmpty()) {
            attachStdout = true;
            attachStderr = true;
        }
        long swappiness = in.integer("memory-swappiness", -1);
        if (swappiness != -1 && (swappiness < 0 || swappiness > 100)) {
            throw new IllegalArgumentException("invalid value: " + swappiness + ". Valid memory swappiness range is 0-100");
        }

        // -v: binds go to HostConfig.Binds, anonymous volumes to Config.Volumes
        List<String> binds = null;
        Map<String, Object> volumes = new LinkedHashMap<>();
        for (String v : in.list("volume")) volumes.put(v, Map.of());
        for (String bind : new ArrayList<>(volumes.keySet())) {
            VolumeSpec parsed = VolumeSpec.parse(bind);
            if (parsed.source().isEmpty()) continue;
            String toBind = bind;
            if (parsed.isBind()) {
                int colon = bind.indexOf(':');
                if (colon >= 0) {
                    String hostPart = bind.substring(0, colon);
                    if (!hostPart.startsWith("/") && hostPart.startsWith(".")) {
                        hostPart = cwd.resolve(hostPart).normalize().toString();
                    }
                    toBind = hostPart + ":" + bind.substring(colon + 1);
                }
            }
            if (binds == null) binds = new ArrayList<>();
            binds.add(toBind);
            volumes.remove(bind);
        }

        Map<String, String> tmpfs = new TreeMap<>();
        for (String t : in.list("tmpfs")) {
            int c = t.indexOf(':');
            tmpfs.put(c < 0 ? t : t.substring(0, c), c < 0 ? "" : t.substring(c + 1));
        }

        List<String> cmd = cmdArgs.isEmpty() ? null : new ArrayList<>(cmdArgs);
        List<String> entrypoint = null;
        String ep = str(in, "entrypoint");
        if (!ep.isEmpty()) entrypoint = List.of(ep);
        else if (in.given("entrypoint")) entrypoint = List.of("");

        PortSpecs.Parsed ports = PortSpecs.parse(in.list("publish"));
        Map<String, Object> exposed = ports.exposed();
        PortSpecs.expose(in.list("expose"), exposed);

        List<DeviceMapping> devices = new ArrayList<>();
        List<String> cdiDevices = new ArrayList<>();
        for (String d : in.list("device")) {
            if (isCdiName(d)) cdiDevices.add(d);
            else devices.add(Devices.mapping(d));
        }

        List<String> envVars = new ArrayList<>();
        for (String file : in.list("env-file")) envVars.addAll(KvFiles.read(cwd.resolve(file), file, env));
        envVars.addAll(envFlags(in.list("env"), env));
        List<String> labelVars = new ArrayList<>();
        for (String file : in.list("label-file")) labelVars.addAll(KvFiles.read(cwd.resolve(file), file, null));
        labelVars.addAll(in.list("label"));

        String pidMode = str(in, "pid");
        if (!(pidMode.isEmpty() || pidMode.equals("host") || validContainerMode(pidMode))) {
            throw new IllegalArgumentException("--pid: invalid PID mode");
        }
        String utsMode = str(in, "uts");
        if (!(utsMode.isEmpty() || utsMode.equals("host"))) throw new IllegalArgumentException("--uts: invalid UTS mode");
        String usernsMode = str(in, "userns");
        if (!(usernsMode.isEmpty() || usernsMode.equals("host"))) {
            throw new IllegalArgumentException("--userns: invalid USER mode");
        }
        String cgroupnsMode = str(in, "cgroupns");
        if (!(cgroupnsMode.isEmpty() || cgroupnsMode.equals("host") || cgroupnsMode.equals("private"))) {
            throw new IllegalArgumentException("--cgroupns: invalid CGROUP mode");
        }
        RestartPolicy restart = restartPolicy(str(in, "restart"));

        String logDriver = str(in, "log-driver");
        List<String> logOpts = in.list("log-opt");
        if (logDriver.equals("none") && !logOpts.isEmpty()) {
            throw new IllegalArgumentException("invalid logging opts for driver " + logDriver);
        }
        Map<String, String> logConfig = kvMap(logOpts);

        List<String> securityOpts = securityOpts(in.list("security-opt"));
        List<String> maskedPaths = null;
        List<String> readonlyPaths = null;
        List<String> filtered = new ArrayList<>();
        for (String o : securityOpts) {
            if (o.equals("systempaths=unconfined")) {
                maskedPaths = List.of();
                readonlyPaths = List.of();
            } else {
                filtered.add(o);
            }
        }
        securityOpts = in.given("security-opt") ? filtered : null;

        Map<String, String> storageOpts = new TreeMap<>();
        for (String o : in.list("storage-opt")) {
            int eq = o.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("invalid storage option");
            storageOpts.put(o.substring(0, eq), o.substring(eq + 1));
        }

        HealthConfig health = health(in);

        List<DeviceRequest> deviceRequests = null;
        for (String g : in.list("gpus")) {
            if (deviceRequests == null) deviceRequests = new ArrayList<>();
            deviceRequests.add(Gpus.parse(g));
        }
        if (!cdiDevices.isEmpty()) {
            if (deviceRequests == null) deviceRequests = new ArrayList<>();
            deviceRequests.add(new DeviceRequest("cdi", 0, cdiDevices, null, null));
        }

        boolean autoRemove = in.bool("rm");
        if (autoRemove && !(restart.name().equals("no") || restart.name().isEmpty())) {
            throw new IllegalArgumentException("conflicting options: cannot specify both --restart and --rm");
        }

        boolean tty = in.bool("tty");
        Map<String, EndpointSettings> endpoints = networkOpts(in);
        List<String> networks = new ArrayList<>(in.list("net"));
        networks.addAll(in.list("network"));
        String networkMode = networks.isEmpty() ? "default" : NetworkSpec.parse(networks.get(0)).target();
        EndpointSettings main = endpoints.get(networkMode);
        if (main != null && main.macAddress() != null && !main.macAddress().isEmpty()) macAddress = main.macAddress();

        Integer stopTimeout = in.given("stop-timeout") ? (int) in.integer("stop-timeout", 0) : null;
        Boolean init = in.given("init") ? in.bool("init") : null;
        String hostname = str(in, "hostname");
        List<String> capAdd = capabilities(in.list("cap-add"));
        List<String> capDrop = capabilities(in.list("cap-drop"));

        boolean openStdin = interactive;
        boolean stdinOnce = openStdin && attachStdin;
        if (detach) {
            attachStdin = false;
            attachStdout = false;
            attachStderr = false;
            stdinOnce = false;
        }

        Map<String, String> annotations = in.list("annotation").isEmpty() ? null : kvMap(in.list("annotation"));
        Map<String, String> sysctls = in.list("sysctl").isEmpty() ? null : kvMap(in.list("sysctl"));
        List<Mount> mounts = new ArrayList<>();
        for (String m : in.list("mount")) mounts.add(MountSpec.parse(m, cwd));

        HostConfig host = new HostConfig(binds, str(in, "cidfile"), new LogConfig(logDriver, logConfig), networkMode,
                ports.bindings(), restart, autoRemove, str(in, "volume-driver"), nullIfEmpty(in.list("volumes-from")),
                List.of(0, 0), annotations, capAdd, capDrop, cgroupnsMode, in.list("dns"), dnsOptions(in),
                in.list("dns-search"), nullIfEmpty(in.list("add-host")), nullIfEmpty(in.list("group-add")), str(in, "ipc"),
                "", nullIfEmpty(in.list("link")), (int) in.integer("oom-score-adj", 0), pidMode, in.bool("privileged"),
                in.bool("publish-all"), in.bool("read-only"), securityOpts, storageOpts, tmpfs, utsMode, usernsMode,
                bytes(in, "shm-size"), sysctls, str(in, "runtime"), str(in, "isolation"),
                in.integer("cpu-shares", 0), bytes(in, "memory"), nanoCpus(in), str(in, "cgroup-parent"),
                (int) uint(in, "blkio-weight"), weightDevices(in), throttle(in, "device-read-bps", true),
                throttle(in, "device-write-bps", true), throttle(in, "device-read-iops", false),
                throttle(in, "device-write-iops", false), in.integer("cpu-period", 0), in.integer("cpu-quota", 0),
                in.integer("cpu-rt-period", 0), in.integer("cpu-rt-runtime", 0), str(in, "cpuset-cpus"),
                str(in, "cpuset-mems"), devices, nullIfEmpty(in.list("device-cgroup-rule")), deviceRequests,
                bytes(in, "kernel-memory") == 0 ? null : bytes(in, "kernel-memory"), null, bytes(in, "memory-reservation"), swapBytes(in), swappiness, in.bool("oom-kill-disable"),
                in.integer("pids-limit", 0), Ulimits.list(in.list("ulimit")), in.integer("cpu-count", 0),
                in.integer("cpu-percent", 0), uint(in, "io-maxiops"), bytes(in, "io-maxbandwidth"),
                mounts.isEmpty() ? null : mounts, maskedPaths, readonlyPaths, init);

        ContainerCreateRequest request = new ContainerCreateRequest(hostname, str(in, "domainname"), str(in, "user"),
                attachStdin, attachStdout, attachStderr, exposed, tty, openStdin, stdinOnce,
                envVars.isEmpty() ? null : envVars, cmd, health, null, image, volumes, str(in, "workdir"), entrypoint,
                null, macAddress, null, labels(labelVars), str(in, "stop-signal"), stopTimeout, null, host,
                new NetworkingConfig(endpoints));
        return new ContainerSpec(request, str(in, "name"), str(in, "platform"), str(in, "pull"), in.bool("quiet"),
                autoRemove);
    }

    /**
     * {@code -e} values as docker run passes them: a bare {@code KEY} takes the environment's value when
     * set; each key once (the last value wins).
     */
    static List<String> envFlags(List<String> values, Function<String, String> env) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            if (eq < 0) {
                String found = env == null ? null : env.apply(v);
                byKey.put(v, found == null ? v : v + "=" + found);
            } else {
                byKey.put(v.substring(0, eq), v);
            }
        }
        return new ArrayList<>(byKey.values());
    }

    /** {@code opts.ParseRestartPolicy}: "" gives an empty policy; {@code on-failure:3} a count. */
    public static RestartPolicy restartPolicy(String policy) {
        if (policy.isEmpty()) return new RestartPolicy("", 0);
        int colon = policy.indexOf(':');
        String name = colon < 0 ? policy : policy.substring(0, colon);
        String count = colon < 0 ? "" : policy.substring(colon + 1);
        if (colon >= 0 && name.isEmpty()) {
            throw new IllegalArgumentException("invalid restart policy format: no policy provided before colon");
        }
        int max = 0;
        if (!count.isEmpty()) {
            try {
                max = (int) GoParse.atoi(count);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid restart policy format: maximum retry count must be an integer");
            }
        }
        return new RestartPolicy(name, max);
    }

    private static HealthConfig health(Invocation in) {
        String cmd = str(in, "health-cmd");
        long interval = duration(in, "health-interval");
        long timeout = duration(in, "health-timeout");
        long startPeriod = duration(in, "health-start-period");
        long startInterval = duration(in, "health-start-interval");
        long retries = in.integer("health-retries", 0);
        boolean any = !cmd.isEmpty() || interval != 0 || timeout != 0 || startPeriod != 0 || retries != 0
                || startInterval != 0;
        if (in.bool("no-healthcheck")) {
            if (any) throw new IllegalArgumentException("--no-healthcheck conflicts with --health-* options");
            return new HealthConfig(List.of("NONE"), null, null, null, null, null);
        }
        if (!any) return null;
        if (interval < 0) throw new IllegalArgumentException("--health-interval cannot be negative");
        if (timeout < 0) throw new IllegalArgumentException("--health-timeout cannot be negative");
        if (retries < 0) throw new IllegalArgumentException("--health-retries cannot be negative");
        if (startPeriod < 0) throw new IllegalArgumentException("--health-start-period cannot be negative");
        if (startInterval < 0) throw new IllegalArgumentException("--health-start-interval cannot be negative");
        return new HealthConfig(cmd.isEmpty() ? null : List.of("CMD-SHELL", cmd), interval, timeout, startPeriod,
                startInterval, (int) retries);
    }

    /** {@code parseNetworkOpts}: the endpoint settings of each network to join. */
    private static Map<String, EndpointSettings> networkOpts(Invocation in) {
        List<String> netValues = new ArrayList<>(in.list("net"));
        netValues.addAll(in.list("network"));
        List<String> aliases = new ArrayList<>(in.list("net-alias"));
        aliases.addAll(in.list("network-alias"));
        List<String> links = in.list("link");
        String ip4 = str(in, "ip");
        String ip6 = str(in, "ip6");
        String mac = str(in, "mac-address");
        List<String> linkLocal = in.list("link-local-ip");
        Map<String, EndpointSettings> endpoints = new LinkedHashMap<>();
        if (netValues.isEmpty()) {
            NetworkSpec n = apply(new NetworkSpec("default", List.of(), "", "", List.of(), List.of(), null, "", 0), aliases,
                    links, ip4, ip6, mac, linkLocal);
            endpoints.put("default", endpoint(n));
            return endpoints;
        }
        boolean userDefined = false;
        boolean nonUserDefined = false;
        for (int i = 0; i < netValues.size(); i++) {
            NetworkSpec n = NetworkSpec.parse(netValues.get(i));
            if (NetworkSpec.isUserDefined(n.target())) userDefined = true;
            else nonUserDefined = true;
            if (i == 0) n = apply(n, aliases, links, ip4, ip6, mac, linkLocal);
            EndpointSettings ep = endpoint(n);
            if (endpoints.containsKey(n.target())) {
                throw new IllegalArgumentException("network \"" + n.target() + "\" is specified multiple times");
            }
            if (i == 0 && netValues.size() == 1 && isEmpty(ep)) continue;
            endpoints.put(n.target(), ep);
        }
        if (userDefined && nonUserDefined) {
            throw new IllegalArgumentException(
                    "conflicting options: cannot attach both user-defined and non-user-defined network-modes");
        }
        return endpoints;
    }

    private static NetworkSpec apply(NetworkSpec n, List<String> aliases, List<String> links, String ip4, String ip6,
                                     String mac, List<String> linkLocal) {
        if (!n.aliases().isEmpty() && !aliases.isEmpty()) {
            throw new IllegalArgumentException("conflicting options: cannot specify both --network-alias and per-network alias");
        }
        if (!n.links().isEmpty() && !links.isEmpty()) {
            throw new IllegalArgumentException("conflicting options: cannot specify both --link and per-network links");
        }
        if (!n.ipv4Address().isEmpty() && !ip4.isEmpty()) {
            throw new IllegalArgumentException("conflicting options: cannot specify both --ip and per-network IPv4 address");
        }
        if (!n.ipv6Address().isEmpty() && !ip6.isEmpty()) {
            throw new IllegalArgumentException("conflicting options: cannot specify both --ip6 and per-network IPv6 address");
        }
        if (!n.macAddress().isEmpty() && !mac.isEmpty()) {
            throw new IllegalArgumentException(
                    "conflicting options: cannot specify both --mac-address and per-network MAC address");
        }
        if (!n.linkLocalIps().isEmpty() && !linkLocal.isEmpty()) {
            throw new IllegalArgumentException(
                    "conflicting options: cannot specify both --link-local-ip and per-network link-local IP addresses");
        }
        List<String> a = aliases.isEmpty() ? n.aliases() : aliases;
        List<String> l = NetworkSpec.isUserDefined(n.target()) && !links.isEmpty() ? links : n.links();
        return new NetworkSpec(n.target(), a, ip4.isEmpty() ? n.ipv4Address() : ip4, ip6.isEmpty() ? n.ipv6Address() : ip6,
                l, linkLocal.isEmpty() ? n.linkLocalIps() : linkLocal, n.driverOpts(), mac.isEmpty() ? n.macAddress() : mac,
                n.gwPriority());
    }

    /** {@code parseNetworkAttachmentOpt}. */
    private static EndpointSettings endpoint(NetworkSpec n) {
        if (n.target().strip().isEmpty()) throw new IllegalArgumentException("no name set for network");
        if (!NetworkSpec.isUserDefined(n.target())) {
            if (!n.aliases().isEmpty()) {
                throw new IllegalArgumentException("network-scoped aliases are only supported for user-defined networks");
            }
            if (!n.links().isEmpty()) throw new IllegalArgumentException("links are only supported for user-defined networks");
        }
        EndpointIpamConfig ipam = null;
        if (!n.ipv4Address().isEmpty() || !n.ipv6Address().isEmpty() || !n.linkLocalIps().isEmpty()) {
            ipam = new EndpointIpamConfig(n.ipv4Address(), n.ipv6Address(), n.linkLocalIps().isEmpty() ? null : n.linkLocalIps());
        }
        String mac = "";
        if (!n.macAddress().isEmpty()) {
            if (!validMac(n.macAddress())) throw new IllegalArgumentException(n.macAddress() + " is not a valid mac address");
            mac = n.macAddress();
        }
        return new EndpointSettings(ipam, n.links().isEmpty() ? null : n.links(), n.aliases().isEmpty() ? null : n.aliases(),
                mac, n.driverOpts() == null || n.driverOpts().isEmpty() ? null : n.driverOpts(), n.gwPriority(), null, null,
                null, null, null, null, null, null, null);
    }

    private static boolean isEmpty(EndpointSettings e) {
        return e.ipamConfig() == null && e.links() == null && e.aliases() == null && e.macAddress().isEmpty()
                && e.driverOpts() == null && (e.gwPriority() == null || e.gwPriority() == 0);
    }

    private static List<String> securityOpts(List<String> opts) {
        List<String> out = new ArrayList<>();
        for (String opt : opts) {
            int eq = opt.indexOf('=');
            String k = eq < 0 ? opt : opt.substring(0, eq);
            String v = eq < 0 ? "" : opt.substring(eq + 1);
            boolean ok = eq >= 0;
            if (!ok && !k.equals("no-new-privileges")) {
                int c = opt.indexOf(':');
                ok = c >= 0;
                k = c < 0 ? opt : opt.substring(0, c);
                v = c < 0 ? "" : opt.substring(c + 1);
            }
            if ((!ok || v.isEmpty()) && !k.equals("no-new-privileges")) {
                throw new IllegalArgumentException("Invalid --security-opt: " + MountSpec.quote(opt));
            }
            if (k.equals("seccomp") && !v.equals("builtin") && !v.equals("unconfined")) {
                out.add("seccomp=" + SeccompProfile.compact(v));
            } else {
                out.add(opt);
            }
        }
        return out;
    }

    /** Capabilities as docker's client normalises them: upper case, {@code CAP_} prefixed, unique, sorted. */
    static List<String> capabilities(List<String> caps) {
        if (caps.isEmpty()) return null;
        java.util.TreeSet<String> set = new java.util.TreeSet<>();
        for (String c : caps) {
            String u = c.toUpperCase(Locale.ROOT);
            if (!u.equals("ALL") && !u.startsWith("CAP_")) u = "CAP_" + u;
            set.add(u);
        }
        return new ArrayList<>(set);
    }

    private static List<String> dnsOptions(Invocation in) {
        List<String> all = new ArrayList<>(in.list("dns-opt"));
        all.addAll(in.list("dns-option"));
        return all;
    }

    private static Map<String, String> labels(List<String> values) {
        return kvMap(values);
    }

    private static Map<String, String> kvMap(List<String> values) {
        Map<String, String> out = new TreeMap<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            out.put(eq < 0 ? v : v.substring(0, eq), eq < 0 ? "" : v.substring(eq + 1));
        }
        return out;
    }

    private static List<WeightDevice> weightDevices(Invocation in) {
        List<WeightDevice> out = new ArrayList<>();
        for (String v : in.list("blkio-weight-device")) out.add(Devices.weight(v));
        return out;
    }

    private static List<ThrottleDevice> throttle(Invocation in, String flag, boolean bps) {
        List<ThrottleDevice> out = new ArrayList<>();
        for (String v : in.list(flag)) out.add(bps ? Devices.bps(v) : Devices.iops(v));
        return out;
    }

    private static long bytes(Invocation in, String flag) {
        String v = in.string(flag);
        return v == null ? 0 : GoParse.ramInBytes(v);
    }

    private static long swapBytes(Invocation in) {
        String v = in.string("memory-swap");
        if (v == null) return 0;
        return v.equals("-1") ? -1 : GoParse.ramInBytes(v);
    }

    private static long nanoCpus(Invocation in) {
        String v = in.string("cpus");
        return v == null ? 0 : GoParse.nanoCpus(v);
    }

    private static long uint(Invocation in, String flag) {
        String v = in.string(flag);
        return v == null ? 0 : GoParse.parseUint(v, 0, 64);
    }

    private static long duration(Invocation in, String flag) {
        String v = in.string(flag);
        return v == null ? 0 : GoParse.duration(v);
    }

    private static String str(Invocation in, String flag) {
        String v = in.string(flag);
        return v == null ? "" : v;
    }

    private static List<String> nullIfEmpty(List<String> l) {
        return l.isEmpty() ? null : l;
    }

    private static boolean validContainerMode(String mode) {
        return mode.startsWith("container:") && mode.length() > "container:".length();
    }

    /** {@code cdi.IsQualifiedName}: {@code vendor.com/class=name}. */
    private static boolean isCdiName(String device) {
        int slash = device.indexOf('/');
        int eq = device.indexOf('=');
        if (slash <= 0 || eq < slash + 2 || eq == device.length() - 1) return false;
        String vendor = device.substring(0, slash);
        return vendor.indexOf('.') > 0 && !device.startsWith("/");
    }

    /** Go's {@code net.ParseMAC} for the 6-, 8- and 20-byte forms with ':', '-' or '.' separators. */
    static boolean validMac(String s) {
        s = s.strip();
        if (s.length() < 14) return false;
        char sep = s.charAt(2);
        if (sep == ':' || sep == '-') {
            if ((s.length() + 1) % 3 != 0) return false;
            int n = (s.length() + 1) / 3;
            if (n != 6 && n != 8 && n != 20) return false;
            for (int i = 0; i < n; i++) {
                int x = i * 3;
                if (Character.digit(s.charAt(x), 16) < 0 || Character.digit(s.charAt(x + 1), 16) < 0) return false;
                if (i < n - 1 && s.charAt(x + 2) != sep) return false;
            }
            return true;
        }
        if (s.charAt(4) == '.') {
            if ((s.length() + 1) % 5 != 0) return false;
            int n = 2 * (s.length() + 1) / 5;
            if (n != 6 && n != 8 && n != 20) return false;
            for (int i = 0; i < s.length(); i++) {
                if ((i + 1) % 5 == 0) {
                    if (s.charAt(i) != '.') return false;
                } else if (Character.digit(s.charAt(i), 16) < 0) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** The binding of a port, for tests and display. */
    public static PortBinding binding(String ip, String port) {
        return new PortBinding(ip, port);
    }
}

package dev.berth.client;

import dev.berth.api.ContainerChange;
import dev.berth.api.ContainerConfig;
import dev.berth.api.ContainerCreateResponse;
import dev.berth.api.ContainerInspect;
import dev.berth.api.ContainerPathStat;
import dev.berth.api.ContainerPruneReport;
import dev.berth.api.ContainerState;
import dev.berth.api.ContainerStats;
import dev.berth.api.ContainerSummary;
import dev.berth.api.ContainerTopResponse;
import dev.berth.api.ContainerUpdateResponse;
import dev.berth.api.ContainerWaitResponse;
import dev.berth.api.DeviceMapping;
import dev.berth.api.DeviceRequest;
import dev.berth.api.EndpointIpamConfig;
import dev.berth.api.EndpointSettings;
import dev.berth.api.ExecInspect;
import dev.berth.api.HostConfig;
import dev.berth.api.ImageInspect;
import dev.berth.api.LogConfig;
import dev.berth.api.Mount;
import dev.berth.api.MountPoint;
import dev.berth.api.NetworkSettings;
import dev.berth.api.Port;
import dev.berth.api.PortBinding;
import dev.berth.api.RestartPolicy;
import dev.berth.api.ThrottleDevice;
import dev.berth.api.Ulimit;
import dev.berth.api.WeightDevice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the container API records from {@link JsonTree} values by hand, as {@link ApiDecoders}
 * does for images: no reflection and no Jackson on the CLI's start-up path. Absent numbers and
 * booleans of primitive components are 0 and false; boxed ones stay null.
 */
final class ContainerDecoders {
    private ContainerDecoders() {}

    static ContainerCreateResponse createResponse(Object o) {
        Map<?, ?> m = map(o);
        return new ContainerCreateResponse(str(m, "Id"), strings(m, "Warnings"));
    }

    static List<ContainerSummary> summaries(Object o) {
        List<ContainerSummary> out = new ArrayList<>();
        for (Object e : list(o)) out.add(summary(e));
        return out;
    }

    static ContainerSummary summary(Object o) {
        Map<?, ?> m = map(o);
        List<Port> ports = null;
        if (m.get("Ports") instanceof List<?> l) {
            ports = new ArrayList<>();
            for (Object p : l) {
                Map<?, ?> pm = map(p);
                ports.add(new Port(str(pm, "IP"), (int) lng(pm, "PrivatePort"), (int) lng(pm, "PublicPort"), str(pm, "Type")));
            }
        }
        ContainerSummary.SummaryHostConfig hc = null;
        if (m.get("HostConfig") instanceof Map<?, ?> h) hc = new ContainerSummary.SummaryHostConfig(str(h, "NetworkMode"));
        ContainerSummary.SummaryNetworkSettings ns = null;
        if (m.get("NetworkSettings") instanceof Map<?, ?> n) {
            ns = new ContainerSummary.SummaryNetworkSettings(endpoints(n.get("Networks")));
        }
        return new ContainerSummary(str(m, "Id"), strings(m, "Names"), str(m, "Image"), str(m, "ImageID"),
                str(m, "Command"), lng(m, "Created"), ports, boxedLong(m, "SizeRw"), boxedLong(m, "SizeRootFs"),
                stringMap(m, "Labels"), str(m, "State"), str(m, "Status"), hc, ns, mountPoints(m.get("Mounts")));
    }

    static ContainerInspect inspect(Object o) {
        Map<?, ?> m = map(o);
        ImageInspect.GraphDriver gd = null;
        if (m.get("GraphDriver") instanceof Map<?, ?> g) gd = new ImageInspect.GraphDriver(str(g, "Name"), stringMap(g, "Data"));
        return new ContainerInspect(str(m, "Id"), str(m, "Created"), str(m, "Path"), strings(m, "Args"),
                state(m.get("State")), str(m, "Image"), str(m, "ResolvConfPath"), str(m, "HostnamePath"),
                str(m, "HostsPath"), str(m, "LogPath"), str(m, "Name"), (int) lng(m, "RestartCount"), str(m, "Driver"),
                str(m, "Platform"), str(m, "MountLabel"), str(m, "ProcessLabel"), str(m, "AppArmorProfile"),
                strings(m, "ExecIDs"), hostConfig(m.get("HostConfig")), gd, boxedLong(m, "SizeRw"),
                boxedLong(m, "SizeRootFs"), mountPoints(m.get("Mounts")), config(m.get("Config")),
                networkSettings(m.get("NetworkSettings")));
    }

    static ContainerState state(Object o) {
        if (o == null) return null;
        Map<?, ?> m = map(o);
        ContainerState.Health health = null;
        if (m.get("Health") instanceof Map<?, ?> h) {
            List<ContainerState.HealthcheckResult> log = null;
            if (h.get("Log") instanceof List<?> l) {
                log = new ArrayList<>();
                for (Object e : l) {
                    Map<?, ?> r = map(e);
                    log.add(new ContainerState.HealthcheckResult(str(r, "Start"), str(r, "End"), (int) lng(r, "ExitCode"),
                            str(r, "Output")));
                }
            }
            health = new ContainerState.Health(str(h, "Status"), (int) lng(h, "FailingStreak"), log);
        }
        return new ContainerState(str(m, "Status"), bool(m, "Running"), bool(m, "Paused"), bool(m, "Restarting"),
                bool(m, "OOMKilled"), bool(m, "Dead"), (int) lng(m, "Pid"), (int) lng(m, "ExitCode"), str(m, "Error"),
                str(m, "StartedAt"), str(m, "FinishedAt"), health);
    }

    static ContainerConfig config(Object o) {
        if (o == null) return null;
        Map<?, ?> m = map(o);
        return new ContainerConfig(str(m, "Hostname"), str(m, "Domainname"), str(m, "User"), boxedBool(m, "AttachStdin"),
                boxedBool(m, "AttachStdout"), boxedBool(m, "AttachStderr"), objectMap(m, "ExposedPorts"),
                boxedBool(m, "Tty"), boxedBool(m, "OpenStdin"), boxedBool(m, "StdinOnce"), strings(m, "Env"),
                strings(m, "Cmd"), objectMap(m, "Healthcheck"), boxedBool(m, "ArgsEscaped"), str(m, "Image"),
                objectMap(m, "Volumes"), str(m, "WorkingDir"), strings(m, "Entrypoint"), strings(m, "OnBuild"),
                stringMap(m, "Labels"), str(m, "StopSignal"), strings(m, "Shell"));
    }

    static NetworkSettings networkSettings(Object o) {
        if (o == null) return null;
        Map<?, ?> m = map(o);
        return new NetworkSettings(str(m, "Bridge"), str(m, "SandboxID"), bool(m, "HairpinMode"),
                str(m, "LinkLocalIPv6Address"), (int) lng(m, "LinkLocalIPv6PrefixLen"), portMap(m.get("Ports")),
                str(m, "SandboxKey"), objects(m.get("SecondaryIPAddresses")), objects(m.get("SecondaryIPv6Addresses")),
                str(m, "EndpointID"), str(m, "Gateway"), str(m, "GlobalIPv6Address"),
                (int) lng(m, "GlobalIPv6PrefixLen"), str(m, "IPAddress"), (int) lng(m, "IPPrefixLen"),
                str(m, "IPv6Gateway"), str(m, "MacAddress"), endpoints(m.get("Networks")));
    }

    static HostConfig hostConfig(Object o) {
        if (o == null) return null;
        Map<?, ?> m = map(o);
        LogConfig lc = null;
        if (m.get("LogConfig") instanceof Map<?, ?> l) lc = new LogConfig(str(l, "Type"), stringMap(l, "Config"));
        List<Integer> console = null;
        if (m.get("ConsoleSize") instanceof List<?> cs) {
            console = new ArrayList<>();
            for (Object v : cs) console.add(v instanceof Number n ? n.intValue() : 0);
        }
        return new HostConfig(strings(m, "Binds"), str(m, "ContainerIDFile"), lc, str(m, "NetworkMode"),
                portMap(m.get("PortBindings")), restartPolicy(m.get("RestartPolicy")), boxedBool(m, "AutoRemove"),
                str(m, "VolumeDriver"), strings(m, "VolumesFrom"), console, stringMap(m, "Annotations"),
                strings(m, "CapAdd"), strings(m, "CapDrop"), str(m, "CgroupnsMode"), strings(m, "Dns"),
                strings(m, "DnsOptions"), strings(m, "DnsSearch"), strings(m, "ExtraHosts"), strings(m, "GroupAdd"),
                str(m, "IpcMode"), str(m, "Cgroup"), strings(m, "Links"), boxedInt(m, "OomScoreAdj"), str(m, "PidMode"),
                boxedBool(m, "Privileged"), boxedBool(m, "PublishAllPorts"), boxedBool(m, "ReadonlyRootfs"),
                strings(m, "SecurityOpt"), stringMap(m, "StorageOpt"), stringMap(m, "Tmpfs"), str(m, "UTSMode"),
                str(m, "UsernsMode"), boxedLong(m, "ShmSize"), stringMap(m, "Sysctls"), str(m, "Runtime"),
                str(m, "Isolation"), boxedLong(m, "CpuShares"), boxedLong(m, "Memory"), boxedLong(m, "NanoCpus"),
                str(m, "CgroupParent"), boxedInt(m, "BlkioWeight"), weightDevices(m.get("BlkioWeightDevice")),
                throttleDevices(m.get("BlkioDeviceReadBps")), throttleDevices(m.get("BlkioDeviceWriteBps")),
                throttleDevices(m.get("BlkioDeviceReadIOps")), throttleDevices(m.get("BlkioDeviceWriteIOps")),
                boxedLong(m, "CpuPeriod"), boxedLong(m, "CpuQuota"), boxedLong(m, "CpuRealtimePeriod"),
                boxedLong(m, "CpuRealtimeRuntime"), str(m, "CpusetCpus"), str(m, "CpusetMems"), devices(m.get("Devices")),
                strings(m, "DeviceCgroupRules"), deviceRequests(m.get("DeviceRequests")), boxedLong(m, "KernelMemory"),
                boxedLong(m, "KernelMemoryTCP"), boxedLong(m, "MemoryReservation"), boxedLong(m, "MemorySwap"),
                boxedLong(m, "MemorySwappiness"), boxedBool(m, "OomKillDisable"), boxedLong(m, "PidsLimit"),
                ulimits(m.get("Ulimits")), boxedLong(m, "CpuCount"), boxedLong(m, "CpuPercent"),
                boxedLong(m, "IOMaximumIOps"), boxedLong(m, "IOMaximumBandwidth"), mounts(m.get("Mounts")),
                strings(m, "MaskedPaths"), strings(m, "ReadonlyPaths"), boxedBool(m, "Init"));
    }

    static ExecInspect execInspect(Object o) {
        Map<?, ?> m = map(o);
        ExecInspect.ProcessConfig pc = null;
        if (m.get("ProcessConfig") instanceof Map<?, ?> p) {
            pc = new ExecInspect.ProcessConfig(bool(p, "tty"), str(p, "entrypoint"), strings(p, "arguments"),
                    boxedBool(p, "privileged"), str(p, "user"));
        }
        return new ExecInspect(str(m, "ID"), bool(m, "Running"), boxedInt(m, "ExitCode"), pc, bool(m, "OpenStdin"),
                bool(m, "OpenStderr"), bool(m, "OpenStdout"), bool(m, "CanRemove"), str(m, "ContainerID"),
                str(m, "DetachKeys"), (int) lng(m, "Pid"));
    }

    static ContainerWaitResponse waitResponse(Object o) {
        Map<?, ?> m = map(o);
        ContainerWaitResponse.WaitError err = null;
        if (m.get("Error") instanceof Map<?, ?> e) err = new ContainerWaitResponse.WaitError(str(e, "Message"));
        return new ContainerWaitResponse(err, lng(m, "StatusCode"));
    }

    static ContainerTopResponse top(Object o) {
        Map<?, ?> m = map(o);
        List<List<String>> procs = null;
        if (m.get("Processes") instanceof List<?> l) {
            procs = new ArrayList<>();
            for (Object row : l) procs.add(stringList(row));
        }
        return new ContainerTopResponse(strings(m, "Titles"), procs);
    }

    static List<ContainerChange> changes(Object o) {
        List<ContainerChange> out = new ArrayList<>();
        for (Object e : list(o)) {
            Map<?, ?> m = map(e);
            out.add(new ContainerChange(str(m, "Path"), (int) lng(m, "Kind")));
        }
        return out;
    }

    static ContainerPruneReport pruneReport(Object o) {
        Map<?, ?> m = map(o);
        return new ContainerPruneReport(strings(m, "ContainersDeleted"), lng(m, "SpaceReclaimed"));
    }

    static ContainerUpdateResponse updateResponse(Object o) {
        return new ContainerUpdateResponse(strings(map(o), "Warnings"));
    }

    static ContainerPathStat pathStat(Object o) {
        Map<?, ?> m = map(o);
        return new ContainerPathStat(str(m, "name"), lng(m, "size"), lng(m, "mode"), str(m, "mtime"), str(m, "linkTarget"));
    }

    static ContainerStats stats(Object o) {
        Map<?, ?> m = map(o);
        ContainerStats.PidsStats pids = null;
        if (m.get("pids_stats") instanceof Map<?, ?> p) pids = new ContainerStats.PidsStats(lng(p, "current"), lng(p, "limit"));
        ContainerStats.BlkioStats blkio = null;
        if (m.get("blkio_stats") instanceof Map<?, ?> b) {
            blkio = new ContainerStats.BlkioStats(blkioEntries(b.get("io_service_bytes_recursive")),
                    blkioEntries(b.get("io_serviced_recursive")));
        }
        ContainerStats.MemoryStats mem = null;
        if (m.get("memory_stats") instanceof Map<?, ?> ms) {
            Map<String, Long> counters = null;
            if (ms.get("stats") instanceof Map<?, ?> s) {
                counters = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : s.entrySet()) {
                    counters.put(String.valueOf(e.getKey()), e.getValue() instanceof Number n ? n.longValue() : 0L);
                }
            }
            mem = new ContainerStats.MemoryStats(lng(ms, "usage"), lng(ms, "max_usage"), counters, lng(ms, "failcnt"),
                    lng(ms, "limit"));
        }
        Map<String, ContainerStats.NetworkStats> nets = null;
        if (m.get("networks") instanceof Map<?, ?> n) {
            nets = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : n.entrySet()) {
                Map<?, ?> v = map(e.getValue());
                nets.put(String.valueOf(e.getKey()), new ContainerStats.NetworkStats(lng(v, "rx_bytes"), lng(v, "rx_packets"),
                        lng(v, "rx_errors"), lng(v, "rx_dropped"), lng(v, "tx_bytes"), lng(v, "tx_packets"),
                        lng(v, "tx_errors"), lng(v, "tx_dropped")));
            }
        }
        return new ContainerStats(str(m, "read"), str(m, "preread"), pids, blkio, (int) lng(m, "num_procs"),
                cpuStats(m.get("cpu_stats")), cpuStats(m.get("precpu_stats")), mem, str(m, "name"), str(m, "id"), nets);
    }

    private static ContainerStats.CpuStats cpuStats(Object o) {
        if (!(o instanceof Map<?, ?> m)) return null;
        ContainerStats.CpuUsage usage = null;
        if (m.get("cpu_usage") instanceof Map<?, ?> u) {
            List<Long> per = null;
            if (u.get("percpu_usage") instanceof List<?> l) {
                per = new ArrayList<>();
                for (Object v : l) per.add(v instanceof Number n ? n.longValue() : 0L);
            }
            usage = new ContainerStats.CpuUsage(lng(u, "total_usage"), per, lng(u, "usage_in_kernelmode"),
                    lng(u, "usage_in_usermode"));
        }
        ContainerStats.ThrottlingData t = null;
        if (m.get("throttling_data") instanceof Map<?, ?> td) {
            t = new ContainerStats.ThrottlingData(lng(td, "periods"), lng(td, "throttled_periods"), lng(td, "throttled_time"));
        }
        return new ContainerStats.CpuStats(usage, lng(m, "system_cpu_usage"), (int) lng(m, "online_cpus"), t);
    }

    private static List<ContainerStats.BlkioStatEntry> blkioEntries(Object o) {
        if (!(o instanceof List<?> l)) return null;
        List<ContainerStats.BlkioStatEntry> out = new ArrayList<>();
        for (Object e : l) {
            Map<?, ?> m = map(e);
            out.add(new ContainerStats.BlkioStatEntry(lng(m, "major"), lng(m, "minor"), str(m, "op"), lng(m, "value")));
        }
        return out;
    }

    // ---- shared pieces ----

    static Map<String, List<PortBinding>> portMap(Object o) {
        if (!(o instanceof Map<?, ?> m)) return null;
        Map<String, List<PortBinding>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            List<PortBinding> bindings = null;
            if (e.getValue() instanceof List<?> l) {
                bindings = new ArrayList<>();
                for (Object b : l) {
                    Map<?, ?> bm = map(b);
                    bindings.add(new PortBinding(str(bm, "HostIp"), str(bm, "HostPort")));
                }
            }
            out.put(String.valueOf(e.getKey()), bindings);
        }
        return out;
    }

    private static RestartPolicy restartPolicy(Object o) {
        if (!(o instanceof Map<?, ?> m)) return null;
        return new RestartPolicy(str(m, "Name"), boxedInt(m, "MaximumRetryCount"));
    }

    static Map<String, EndpointSettings> endpoints(Object o) {
        if (!(o instanceof Map<?, ?> m)) return null;
        Map<String, EndpointSettings> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> v)) {
                out.put(String.valueOf(e.getKey()), null);
                continue;
            }
            EndpointIpamConfig ipam = null;
            if (v.get("IPAMConfig") instanceof Map<?, ?> i) {
                ipam = new EndpointIpamConfig(str(i, "IPv4Address"), str(i, "IPv6Address"), strings(i, "LinkLocalIPs"));
            }
            out.put(String.valueOf(e.getKey()), new EndpointSettings(ipam, strings(v, "Links"), strings(v, "Aliases"),
                    str(v, "MacAddress"), stringMap(v, "DriverOpts"), boxedInt(v, "GwPriority"), str(v, "NetworkID"),
                    str(v, "EndpointID"), str(v, "Gateway"), str(v, "IPAddress"), boxedInt(v, "IPPrefixLen"),
                    str(v, "IPv6Gateway"), str(v, "GlobalIPv6Address"), boxedInt(v, "GlobalIPv6PrefixLen"),
                    strings(v, "DNSNames")));
        }
        return out;
    }

    private static List<MountPoint> mountPoints(Object o) {
        if (!(o instanceof List<?> l)) return null;
        List<MountPoint> out = new ArrayList<>();
        for (Object e : l) {
            Map<?, ?> m = map(e);
            out.add(new MountPoint(str(m, "Type"), str(m, "Name"), str(m, "Source"), str(m, "Destination"),
                    str(m, "Driver"), str(m, "Mode"), bool(m, "RW"), str(m, "Propagation")));
        }
        return out;
    }

    private static List<Mount> mounts(Object o) {
        if (!(o instanceof List<?> l)) return null;
        List<Mount> out = new ArrayList<>();
        for (Object e : l) {
            Map<?, ?> m = map(e);
            Mount.BindOptions bo = null;
            if (m.get("BindOptions") instanceof Map<?, ?> b) {
                bo = new Mount.BindOptions(str(b, "Propagation"), boxedBool(b, "NonRecursive"),
                        boxedBool(b, "CreateMountpoint"), boxedBool(b, "ReadOnlyNonRecursive"),
                        boxedBool(b, "ReadOnlyForceRecursive"));
            }
            Mount.VolumeOptions vo = null;
            if (m.get("VolumeOptions") instanceof Map<?, ?> v) {
                Mount.Driver d = null;
                if (v.get("DriverConfig") instanceof Map<?, ?> dc) d = new Mount.Driver(str(dc, "Name"), stringMap(dc, "Options"));
                vo = new Mount.VolumeOptions(boxedBool(v, "NoCopy"), stringMap(v, "Labels"), str(v, "Subpath"), d);
            }
            Mount.ImageOptions io = null;
            if (m.get("ImageOptions") instanceof Map<?, ?> i) io = new Mount.ImageOptions(str(i, "Subpath"));
            Mount.TmpfsOptions to = null;
            if (m.get("TmpfsOptions") instanceof Map<?, ?> t) {
                List<List<String>> opts = null;
                if (t.get("Options") instanceof List<?> ol) {
                    opts = new ArrayList<>();
                    for (Object x : ol) opts.add(stringList(x));
                }
                to = new Mount.TmpfsOptions(boxedLong(t, "SizeBytes"), boxedInt(t, "Mode"), opts);
            }
            out.add(new Mount(str(m, "Type"), str(m, "Source"), str(m, "Target"), boxedBool(m, "ReadOnly"),
                    str(m, "Consistency"), bo, vo, io, to));
        }
        return out;
    }

    private static List<WeightDevice> weightDevices(Object o) {
        if (!(o instanceof List<?> l)) return null;
        List<WeightDevice> out = new ArrayList<>();
        for (Object e : l) {
            Map<?, ?> m = map(e);
            out.add(new WeightDevice(str(m, "Path"), (int) lng(m, "Weight")));
        }
        return out;
    }

    private static List<ThrottleDevice> throttleDevices(Object o) {
        if (!(o instanceof List<?> l)) return null;
        List<ThrottleDevice> out = new ArrayList<>();
        for (Object e : l) {
            Map<?, ?> m = map(e);
            out.add(new ThrottleDevice(str(m, "Path"), lng(m, "Rate")));
        }
        return out;
    }

    private static List<DeviceMapping> devices(Object o) {
        if (!(o instanceof List<?> l)) return null;
        List<DeviceMapping> out = new ArrayList<>();
        for (Object e : l) {
            Map<?, ?> m = map(e);
            out.add(new DeviceMapping(str(m, "PathOnHost"), str(m, "PathInContainer"), str(m, "CgroupPermissions")));
        }
        return out;
    }

    private static List<DeviceRequest> deviceRequests(Object o) {
        if (!(o instanceof List<?> l)) return null;
        List<DeviceRequest> out = new ArrayList<>();
        for (Object e : l) {
            Map<?, ?> m = map(e);
            List<List<String>> caps = null;
            if (m.get("Capabilities") instanceof List<?> cl) {
                caps = new ArrayList<>();
                for (Object c : cl) caps.add(stringList(c));
            }
            out.add(new DeviceRequest(str(m, "Driver"), boxedInt(m, "Count"), strings(m, "DeviceIDs"), caps,
                    stringMap(m, "Options")));
        }
        return out;
    }

    private static List<Ulimit> ulimits(Object o) {
        if (!(o instanceof List<?> l)) return null;
        List<Ulimit> out = new ArrayList<>();
        for (Object e : l) {
            Map<?, ?> m = map(e);
            out.add(new Ulimit(str(m, "Name"), lng(m, "Hard"), lng(m, "Soft")));
        }
        return out;
    }

    // ---- helpers ----

    static Map<?, ?> map(Object o) {
        if (o instanceof Map<?, ?> m) return m;
        if (o == null) return Map.of();
        throw new IllegalArgumentException("expected a JSON object");
    }

    static List<?> list(Object o) {
        if (o instanceof List<?> l) return l;
        if (o == null) return List.of();
        throw new IllegalArgumentException("expected a JSON array");
    }

    static String str(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v instanceof String s ? s : String.valueOf(v);
    }

    static long lng(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.longValue() : 0;
    }

    static boolean bool(Map<?, ?> m, String key) {
        return Boolean.TRUE.equals(m.get(key));
    }

    private static Boolean boxedBool(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v instanceof Boolean b ? b : null;
    }

    private static Long boxedLong(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.longValue() : null;
    }

    private static Integer boxedInt(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.intValue() : null;
    }

    static List<String> strings(Map<?, ?> m, String key) {
        return m.get(key) instanceof List<?> ? stringList(m.get(key)) : null;
    }

    private static List<String> stringList(Object o) {
        if (!(o instanceof List<?> l)) return null;
        List<String> out = new ArrayList<>(l.size());
        for (Object e : l) out.add(e == null ? null : String.valueOf(e));
        return out;
    }

    private static List<Object> objects(Object o) {
        if (!(o instanceof List<?> l)) return null;
        return new ArrayList<>(l);
    }

    static Map<String, String> stringMap(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof Map<?, ?> v)) return null;
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : v.entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue() == null ? null : String.valueOf(e.getValue()));
        }
        return out;
    }

    private static Map<String, Object> objectMap(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof Map<?, ?> v)) return null;
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : v.entrySet()) out.put(String.valueOf(e.getKey()), e.getValue());
        return out;
    }
}

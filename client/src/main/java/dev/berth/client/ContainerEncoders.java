package dev.berth.client;

import dev.berth.api.ContainerCreateRequest;
import dev.berth.api.ContainerUpdateRequest;
import dev.berth.api.DeviceMapping;
import dev.berth.api.DeviceRequest;
import dev.berth.api.EndpointIpamConfig;
import dev.berth.api.EndpointSettings;
import dev.berth.api.ExecCreateRequest;
import dev.berth.api.ExecStartRequest;
import dev.berth.api.HealthConfig;
import dev.berth.api.HostConfig;
import dev.berth.api.LogConfig;
import dev.berth.api.Mount;
import dev.berth.api.NetworkingConfig;
import dev.berth.api.PortBinding;
import dev.berth.api.RestartPolicy;
import dev.berth.api.ThrottleDevice;
import dev.berth.api.Ulimit;
import dev.berth.api.WeightDevice;
import java.util.List;
import java.util.Map;

/**
 * Request bodies as docker CLI 28 sends them: moby's structs marshalled by Go, field for field.
 * A Java null becomes what Go writes for the field's zero value: "" / false / 0 for plain values,
 * {@code null} for slices, maps and pointers, nothing at all for {@code omitempty} fields.
 */
final class ContainerEncoders {
    private ContainerEncoders() {}

    static byte[] create(ContainerCreateRequest r) {
        GoJsonWriter w = new GoJsonWriter().beginObject();
        w.name("Hostname").value(r.hostname());
        w.name("Domainname").value(r.domainname());
        w.name("User").value(r.user());
        w.name("AttachStdin").value(r.attachStdin());
        w.name("AttachStdout").value(r.attachStdout());
        w.name("AttachStderr").value(r.attachStderr());
        if (r.exposedPorts() != null && !r.exposedPorts().isEmpty()) w.name("ExposedPorts").set(r.exposedPorts());
        w.name("Tty").value(r.tty());
        w.name("OpenStdin").value(r.openStdin());
        w.name("StdinOnce").value(r.stdinOnce());
        w.name("Env").strings(r.env());
        w.name("Cmd").strings(r.cmd());
        if (r.healthcheck() != null) health(w.name("Healthcheck"), r.healthcheck());
        if (Boolean.TRUE.equals(r.argsEscaped())) w.name("ArgsEscaped").value(true);
        w.name("Image").value(r.image());
        w.name("Volumes").set(r.volumes());
        w.name("WorkingDir").value(r.workingDir());
        w.name("Entrypoint").strings(r.entrypoint());
        if (Boolean.TRUE.equals(r.networkDisabled())) w.name("NetworkDisabled").value(true);
        if (notEmpty(r.macAddress())) w.name("MacAddress").value(r.macAddress());
        w.name("OnBuild").strings(r.onBuild());
        w.name("Labels").stringMap(r.labels());
        if (notEmpty(r.stopSignal())) w.name("StopSignal").value(r.stopSignal());
        if (r.stopTimeout() != null) w.name("StopTimeout").value(r.stopTimeout());
        if (r.shell() != null && !r.shell().isEmpty()) w.name("Shell").strings(r.shell());
        if (r.hostConfig() != null) hostConfig(w.name("HostConfig"), r.hostConfig());
        if (r.networkingConfig() != null) networking(w.name("NetworkingConfig"), r.networkingConfig());
        return w.endObject().toBytes();
    }

    static byte[] execCreate(ExecCreateRequest r) {
        GoJsonWriter w = new GoJsonWriter().beginObject();
        w.name("User").value(r.user());
        w.name("Privileged").value(r.privileged());
        w.name("Tty").value(r.tty());
        if (r.consoleSize() != null) consoleSize(w.name("ConsoleSize"), r.consoleSize());
        w.name("AttachStdin").value(r.attachStdin());
        w.name("AttachStderr").value(r.attachStderr());
        w.name("AttachStdout").value(r.attachStdout());
        w.name("Detach").value(r.detach());
        w.name("DetachKeys").value(r.detachKeys());
        w.name("Env").strings(r.env());
        w.name("WorkingDir").value(r.workingDir());
        w.name("Cmd").strings(r.cmd());
        return w.endObject().toBytes();
    }

    static byte[] execStart(ExecStartRequest r) {
        GoJsonWriter w = new GoJsonWriter().beginObject();
        w.name("Detach").value(r.detach());
        w.name("Tty").value(r.tty());
        if (r.consoleSize() != null) consoleSize(w.name("ConsoleSize"), r.consoleSize());
        return w.endObject().toBytes();
    }

    static byte[] update(ContainerUpdateRequest r) {
        GoJsonWriter w = new GoJsonWriter().beginObject();
        w.name("CpuShares").value(r.cpuShares());
        w.name("Memory").value(r.memory());
        w.name("NanoCpus").value(r.nanoCpus());
        w.name("CgroupParent").value(r.cgroupParent());
        w.name("BlkioWeight").value(r.blkioWeight());
        weightDevices(w.name("BlkioWeightDevice"), r.blkioWeightDevice());
        throttleDevices(w.name("BlkioDeviceReadBps"), r.blkioDeviceReadBps());
        throttleDevices(w.name("BlkioDeviceWriteBps"), r.blkioDeviceWriteBps());
        throttleDevices(w.name("BlkioDeviceReadIOps"), r.blkioDeviceReadIOps());
        throttleDevices(w.name("BlkioDeviceWriteIOps"), r.blkioDeviceWriteIOps());
        w.name("CpuPeriod").value(r.cpuPeriod());
        w.name("CpuQuota").value(r.cpuQuota());
        w.name("CpuRealtimePeriod").value(r.cpuRealtimePeriod());
        w.name("CpuRealtimeRuntime").value(r.cpuRealtimeRuntime());
        w.name("CpusetCpus").value(r.cpusetCpus());
        w.name("CpusetMems").value(r.cpusetMems());
        devices(w.name("Devices"), r.devices());
        w.name("DeviceCgroupRules").strings(r.deviceCgroupRules());
        deviceRequests(w.name("DeviceRequests"), r.deviceRequests());
        if (nonZero(r.kernelMemory())) w.name("KernelMemory").value(r.kernelMemory());
        if (nonZero(r.kernelMemoryTcp())) w.name("KernelMemoryTCP").value(r.kernelMemoryTcp());
        w.name("MemoryReservation").value(r.memoryReservation());
        w.name("MemorySwap").value(r.memorySwap());
        w.name("MemorySwappiness").pointer(r.memorySwappiness());
        w.name("OomKillDisable").pointer(r.oomKillDisable());
        w.name("PidsLimit").pointer(r.pidsLimit());
        ulimits(w.name("Ulimits"), r.ulimits());
        w.name("CpuCount").value(r.cpuCount());
        w.name("CpuPercent").value(r.cpuPercent());
        w.name("IOMaximumIOps").value(r.ioMaximumIOps());
        w.name("IOMaximumBandwidth").value(r.ioMaximumBandwidth());
        restartPolicy(w.name("RestartPolicy"), r.restartPolicy());
        return w.endObject().toBytes();
    }

    private static void health(GoJsonWriter w, HealthConfig h) {
        w.beginObject();
        if (h.test() != null && !h.test().isEmpty()) w.name("Test").strings(h.test());
        if (nonZero(h.interval())) w.name("Interval").value(h.interval());
        if (nonZero(h.timeout())) w.name("Timeout").value(h.timeout());
        if (nonZero(h.startPeriod())) w.name("StartPeriod").value(h.startPeriod());
        if (nonZero(h.startInterval())) w.name("StartInterval").value(h.startInterval());
        if (nonZero(h.retries())) w.name("Retries").value(h.retries());
        w.endObject();
    }

    private static void hostConfig(GoJsonWriter w, HostConfig h) {
        w.beginObject();
        w.name("Binds").strings(h.binds());
        w.name("ContainerIDFile").value(h.containerIdFile());
        LogConfig lc = h.logConfig();
        w.name("LogConfig").beginObject().name("Type").value(lc == null ? null : lc.type())
                .name("Config").stringMap(lc == null ? null : lc.config()).endObject();
        w.name("NetworkMode").value(h.networkMode());
        portBindings(w.name("PortBindings"), h.portBindings());
        restartPolicy(w.name("RestartPolicy"), h.restartPolicy());
        w.name("AutoRemove").value(h.autoRemove());
        w.name("VolumeDriver").value(h.volumeDriver());
        w.name("VolumesFrom").strings(h.volumesFrom());
        consoleSize(w.name("ConsoleSize"), h.consoleSize());
        if (h.annotations() != null && !h.annotations().isEmpty()) w.name("Annotations").stringMap(h.annotations());
        w.name("CapAdd").strings(h.capAdd());
        w.name("CapDrop").strings(h.capDrop());
        w.name("CgroupnsMode").value(h.cgroupnsMode());
        w.name("Dns").strings(h.dns());
        w.name("DnsOptions").strings(h.dnsOptions());
        w.name("DnsSearch").strings(h.dnsSearch());
        w.name("ExtraHosts").strings(h.extraHosts());
        w.name("GroupAdd").strings(h.groupAdd());
        w.name("IpcMode").value(h.ipcMode());
        w.name("Cgroup").value(h.cgroup());
        w.name("Links").strings(h.links());
        w.name("OomScoreAdj").value(h.oomScoreAdj());
        w.name("PidMode").value(h.pidMode());
        w.name("Privileged").value(h.privileged());
        w.name("PublishAllPorts").value(h.publishAllPorts());
        w.name("ReadonlyRootfs").value(h.readonlyRootfs());
        w.name("SecurityOpt").strings(h.securityOpt());
        if (h.storageOpt() != null && !h.storageOpt().isEmpty()) w.name("StorageOpt").stringMap(h.storageOpt());
        if (h.tmpfs() != null && !h.tmpfs().isEmpty()) w.name("Tmpfs").stringMap(h.tmpfs());
        w.name("UTSMode").value(h.utsMode());
        w.name("UsernsMode").value(h.usernsMode());
        w.name("ShmSize").value(h.shmSize());
        if (h.sysctls() != null && !h.sysctls().isEmpty()) w.name("Sysctls").stringMap(h.sysctls());
        if (notEmpty(h.runtime())) w.name("Runtime").value(h.runtime());
        w.name("Isolation").value(h.isolation());
        w.name("CpuShares").value(h.cpuShares());
        w.name("Memory").value(h.memory());
        w.name("NanoCpus").value(h.nanoCpus());
        w.name("CgroupParent").value(h.cgroupParent());
        w.name("BlkioWeight").value(h.blkioWeight());
        weightDevices(w.name("BlkioWeightDevice"), h.blkioWeightDevice());
        throttleDevices(w.name("BlkioDeviceReadBps"), h.blkioDeviceReadBps());
        throttleDevices(w.name("BlkioDeviceWriteBps"), h.blkioDeviceWriteBps());
        throttleDevices(w.name("BlkioDeviceReadIOps"), h.blkioDeviceReadIOps());
        throttleDevices(w.name("BlkioDeviceWriteIOps"), h.blkioDeviceWriteIOps());
        w.name("CpuPeriod").value(h.cpuPeriod());
        w.name("CpuQuota").value(h.cpuQuota());
        w.name("CpuRealtimePeriod").value(h.cpuRealtimePeriod());
        w.name("CpuRealtimeRuntime").value(h.cpuRealtimeRuntime());
        w.name("CpusetCpus").value(h.cpusetCpus());
        w.name("CpusetMems").value(h.cpusetMems());
        devices(w.name("Devices"), h.devices());
        w.name("DeviceCgroupRules").strings(h.deviceCgroupRules());
        deviceRequests(w.name("DeviceRequests"), h.deviceRequests());
        if (nonZero(h.kernelMemory())) w.name("KernelMemory").value(h.kernelMemory());
        if (nonZero(h.kernelMemoryTcp())) w.name("KernelMemoryTCP").value(h.kernelMemoryTcp());
        w.name("MemoryReservation").value(h.memoryReservation());
        w.name("MemorySwap").value(h.memorySwap());
        w.name("MemorySwappiness").pointer(h.memorySwappiness());
        w.name("OomKillDisable").pointer(h.oomKillDisable());
        w.name("PidsLimit").pointer(h.pidsLimit());
        ulimits(w.name("Ulimits"), h.ulimits());
        w.name("CpuCount").value(h.cpuCount());
        w.name("CpuPercent").value(h.cpuPercent());
        w.name("IOMaximumIOps").value(h.ioMaximumIOps());
        w.name("IOMaximumBandwidth").value(h.ioMaximumBandwidth());
        if (h.mounts() != null && !h.mounts().isEmpty()) mounts(w.name("Mounts"), h.mounts());
        w.name("MaskedPaths").strings(h.maskedPaths());
        w.name("ReadonlyPaths").strings(h.readonlyPaths());
        if (h.init() != null) w.name("Init").value(h.init());
        w.endObject();
    }

    private static void consoleSize(GoJsonWriter w, List<Integer> size) {
        w.beginArray();
        w.value(size != null && size.size() > 0 ? size.get(0) : null);
        w.value(size != null && size.size() > 1 ? size.get(1) : null);
        w.endArray();
    }

    private static void restartPolicy(GoJsonWriter w, RestartPolicy p) {
        w.beginObject().name("Name").value(p == null ? null : p.name())
                .name("MaximumRetryCount").value(p == null ? null : p.maximumRetryCount()).endObject();
    }

    private static void portBindings(GoJsonWriter w, Map<String, List<PortBinding>> ports) {
        if (ports == null) {
            w.nullValue();
            return;
        }
        w.beginObject();
        for (String port : GoJsonWriter.sortedKeys(ports)) {
            List<PortBinding> bindings = ports.get(port);
            w.name(port);
            if (bindings == null) {
                w.nullValue();
                continue;
            }
            w.beginArray();
            for (PortBinding b : bindings) {
                w.beginObject().name("HostIp").value(b.hostIp()).name("HostPort").value(b.hostPort()).endObject();
            }
            w.endArray();
        }
        w.endObject();
    }

    private static void weightDevices(GoJsonWriter w, List<WeightDevice> list) {
        if (list == null) {
            w.nullValue();
            return;
        }
        w.beginArray();
        for (WeightDevice d : list) w.beginObject().name("Path").value(d.path()).name("Weight").value(d.weight()).endObject();
        w.endArray();
    }

    private static void throttleDevices(GoJsonWriter w, List<ThrottleDevice> list) {
        if (list == null) {
            w.nullValue();
            return;
        }
        w.beginArray();
        for (ThrottleDevice d : list) w.beginObject().name("Path").value(d.path()).name("Rate").value(d.rate()).endObject();
        w.endArray();
    }

    private static void devices(GoJsonWriter w, List<DeviceMapping> list) {
        if (list == null) {
            w.nullValue();
            return;
        }
        w.beginArray();
        for (DeviceMapping d : list) {
            w.beginObject().name("PathOnHost").value(d.pathOnHost()).name("PathInContainer").value(d.pathInContainer())
                    .name("CgroupPermissions").value(d.cgroupPermissions()).endObject();
        }
        w.endArray();
    }

    private static void deviceRequests(GoJsonWriter w, List<DeviceRequest> list) {
        if (list == null) {
            w.nullValue();
            return;
        }
        w.beginArray();
        for (DeviceRequest d : list) {
            w.beginObject().name("Driver").value(d.driver()).name("Count").value(d.count())
                    .name("DeviceIDs").strings(d.deviceIds()).name("Capabilities");
            if (d.capabilities() == null) {
                w.nullValue();
            } else {
                w.beginArray();
                for (List<String> and : d.capabilities()) w.strings(and);
                w.endArray();
            }
            w.name("Options").stringMap(d.options()).endObject();
        }
        w.endArray();
    }

    private static void ulimits(GoJsonWriter w, List<Ulimit> list) {
        if (list == null) {
            w.nullValue();
            return;
        }
        w.beginArray();
        for (Ulimit u : list) {
            w.beginObject().name("Name").value(u.name()).name("Hard").value(u.hard()).name("Soft").value(u.soft()).endObject();
        }
        w.endArray();
    }

    private static void mounts(GoJsonWriter w, List<Mount> list) {
        w.beginArray();
        for (Mount m : list) {
            w.beginObject();
            if (notEmpty(m.type())) w.name("Type").value(m.type());
            if (notEmpty(m.source())) w.name("Source").value(m.source());
            if (notEmpty(m.target())) w.name("Target").value(m.target());
            if (Boolean.TRUE.equals(m.readOnly())) w.name("ReadOnly").value(true);
            if (notEmpty(m.consistency())) w.name("Consistency").value(m.consistency());
            Mount.BindOptions b = m.bindOptions();
            if (b != null) {
                w.name("BindOptions").beginObject();
                if (notEmpty(b.propagation())) w.name("Propagation").value(b.propagation());
                if (Boolean.TRUE.equals(b.nonRecursive())) w.name("NonRecursive").value(true);
                if (Boolean.TRUE.equals(b.createMountpoint())) w.name("CreateMountpoint").value(true);
                if (Boolean.TRUE.equals(b.readOnlyNonRecursive())) w.name("ReadOnlyNonRecursive").value(true);
                if (Boolean.TRUE.equals(b.readOnlyForceRecursive())) w.name("ReadOnlyForceRecursive").value(true);
                w.endObject();
            }
            Mount.VolumeOptions v = m.volumeOptions();
            if (v != null) {
                w.name("VolumeOptions").beginObject();
                if (Boolean.TRUE.equals(v.noCopy())) w.name("NoCopy").value(true);
                if (v.labels() != null && !v.labels().isEmpty()) w.name("Labels").stringMap(v.labels());
                if (notEmpty(v.subpath())) w.name("Subpath").value(v.subpath());
                Mount.Driver d = v.driverConfig();
                if (d != null) {
                    w.name("DriverConfig").beginObject();
                    if (notEmpty(d.name())) w.name("Name").value(d.name());
                    if (d.options() != null && !d.options().isEmpty()) w.name("Options").stringMap(d.options());
                    w.endObject();
                }
                w.endObject();
            }
            Mount.ImageOptions io = m.imageOptions();
            if (io != null) {
                w.name("ImageOptions").beginObject();
                if (notEmpty(io.subpath())) w.name("Subpath").value(io.subpath());
                w.endObject();
            }
            Mount.TmpfsOptions t = m.tmpfsOptions();
            if (t != null) {
                w.name("TmpfsOptions").beginObject();
                if (nonZero(t.sizeBytes())) w.name("SizeBytes").value(t.sizeBytes());
                if (nonZero(t.mode())) w.name("Mode").value(t.mode());
                if (t.options() != null && !t.options().isEmpty()) {
                    w.name("Options").beginArray();
                    for (List<String> o : t.options()) w.strings(o);
                    w.endArray();
                }
                w.endObject();
            }
            w.endObject();
        }
        w.endArray();
    }

    private static void networking(GoJsonWriter w, NetworkingConfig n) {
        w.beginObject().name("EndpointsConfig");
        Map<String, EndpointSettings> eps = n.endpointsConfig();
        if (eps == null) {
            w.nullValue();
        } else {
            w.beginObject();
            for (String name : GoJsonWriter.sortedKeys(eps)) {
                w.name(name);
                EndpointSettings e = eps.get(name);
                if (e == null) {
                    w.nullValue();
                    continue;
                }
                w.beginObject();
                EndpointIpamConfig ipam = e.ipamConfig();
                w.name("IPAMConfig");
                if (ipam == null) {
                    w.nullValue();
                } else {
                    w.beginObject();
                    if (notEmpty(ipam.ipv4Address())) w.name("IPv4Address").value(ipam.ipv4Address());
                    if (notEmpty(ipam.ipv6Address())) w.name("IPv6Address").value(ipam.ipv6Address());
                    if (ipam.linkLocalIps() != null && !ipam.linkLocalIps().isEmpty()) {
                        w.name("LinkLocalIPs").strings(ipam.linkLocalIps());
                    }
                    w.endObject();
                }
                w.name("Links").strings(e.links());
                w.name("Aliases").strings(e.aliases());
                w.name("MacAddress").value(e.macAddress());
                w.name("DriverOpts").stringMap(e.driverOpts());
                w.name("GwPriority").value(e.gwPriority());
                w.name("NetworkID").value(e.networkId());
                w.name("EndpointID").value(e.endpointId());
                w.name("Gateway").value(e.gateway());
                w.name("IPAddress").value(e.ipAddress());
                w.name("IPPrefixLen").value(e.ipPrefixLen());
                w.name("IPv6Gateway").value(e.ipv6Gateway());
                w.name("GlobalIPv6Address").value(e.globalIpv6Address());
                w.name("GlobalIPv6PrefixLen").value(e.globalIpv6PrefixLen());
                w.name("DNSNames").strings(e.dnsNames());
                w.endObject();
            }
            w.endObject();
        }
        w.endObject();
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    private static boolean nonZero(Number n) {
        return n != null && n.longValue() != 0;
    }
}

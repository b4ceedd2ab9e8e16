package dev.berth.daemonapi;

import dev.berth.api.ApiJson;
import dev.berth.api.ContainerCreateRequest;
import dev.berth.api.ContainerInspect;
import dev.berth.api.ContainerSummary;
import dev.berth.api.EndpointSettings;
import dev.berth.api.Port;
import dev.berth.api.HostConfig;
import dev.berth.api.ImageInspect;
import dev.berth.api.Mount;
import dev.berth.api.MountPoint;
import dev.berth.api.NetworkSettings;
import dev.berth.common.EngineException;
import dev.berth.engine.container.Container;
import dev.berth.engine.container.ContainerSpec;
import dev.berth.engine.container.ContainerState;
import dev.berth.engine.container.Health;
import dev.berth.engine.container.HostSpec;
import dev.berth.engine.container.MountRequest;
import dev.berth.engine.network.EndpointSpec;
import dev.berth.engine.volume.Volume;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps container requests to engine specs, and engine containers to the API's DTOs, as dockerd shows them. */
final class ContainerViews {
    private ContainerViews() {}

    /** {@code POST /containers/create}: the request's run config and host config in engine terms. */
    static ContainerSpec spec(String name, ContainerCreateRequest req) {
        var config = ApiJson.mapper().convertValue(req, dev.berth.oci.ContainerConfig.class);
        HostConfig h = req.hostConfig();
        HostSpec host = h == null ? HostSpec.defaults() : hostSpec(h);
        Map<String, EndpointSpec> endpoints = NetworksRouter.endpoints(req.networkingConfig() == null ? null
                : req.networkingConfig().endpointsConfig());
        if (req.macAddress() != null && !req.macAddress().isEmpty()) { // Config.MacAddress (API < 1.44): the primary network's
            String primary = host.networkMode();
            endpoints.put(primary, endpoints.getOrDefault(primary, EndpointSpec.NONE).withMacAddress(req.macAddress()));
        }
        return new ContainerSpec(name, req.image(), config, host, req.stopTimeout(), endpoints);
    }

    private static HostSpec hostSpec(HostConfig h) {
        HostSpec s = HostSpec.defaults()
                .withAutoRemove(Boolean.TRUE.equals(h.autoRemove()))
                .withNetworkMode(h.networkMode())
                .withPrivileged(Boolean.TRUE.equals(h.privileged()))
                .withCapabilities(h.capAdd(), h.capDrop())
                .withSecurityOpt(h.securityOpt())
                .withReadonlyRootfs(Boolean.TRUE.equals(h.readonlyRootfs()))
                .withInit(h.init())
                .withBinds(h.binds())
                .withMounts(h.mounts() == null ? List.of() : h.mounts().stream().map(ContainerViews::mountRequest).toList())
                .withVolumesFrom(h.volumesFrom())
                .withTmpfs(h.tmpfs())
                .withExtraHosts(h.extraHosts())
                .withDns(h.dns(), h.dnsSearch(), h.dnsOptions())
                .withPortBindings(portBindings(h), Boolean.TRUE.equals(h.publishAllPorts()))
                .withNamespaceModes(h.pidMode(), h.ipcMode(), h.utsMode())
                .withSysctls(h.sysctls())
                .withResources(new HostSpec.Resources(h.memory(), h.memorySwap(), h.memoryReservation(),
                        h.memorySwappiness(), h.nanoCpus(), h.cpuShares(), h.cpuPeriod(), h.cpuQuota(), h.cpusetCpus(),
                        h.cpusetMems(), h.pidsLimit(),
                        h.ulimits() == null ? List.of() : h.ulimits().stream()
                                .map(u -> new HostSpec.Ulimit(u.name(), u.soft(), u.hard())).toList(),
                        h.shmSize(), h.oomKillDisable(), h.blkioWeight()));
        if (h.restartPolicy() != null && h.restartPolicy().name() != null && !h.restartPolicy().name().isEmpty()) {
            s = s.withRestartPolicy(new HostSpec.RestartPolicy(h.restartPolicy().name(),
                    h.restartPolicy().maximumRetryCount() == null ? 0 : h.restartPolicy().maximumRetryCount()));
        }
        if (h.consoleSize() != null && h.consoleSize().size() == 2 && h.consoleSize().get(0) > 0) {
            s = s.withConsoleSize(new HostSpec.ConsoleSize(h.consoleSize().get(0), h.consoleSize().get(1)));
        }
        return s;
    }

    private static Map<String, List<HostSpec.PortBinding>> portBindings(HostConfig h) {
        Map<String, List<HostSpec.PortBinding>> out = new LinkedHashMap<>();
        if (h.portBindings() != null) {
            h.portBindings().forEach((port, list) -> out.put(port, list == null ? List.of() : list.stream()
                    .map(b -> new HostSpec.PortBinding(b.hostIp() == null ? "" : b.hostIp(),
                            b.hostPort() == null ? "" : b.hostPort())).toList()));
        }
        return out;
    }

    /** {@code GET /containers/{id}/json}; {@code health} null without a health check. */
    static ContainerInspect inspect(Container c, Health health, NetworkSettings networkSettings) {
        ContainerState s = c.state();
        var state = new dev.berth.api.ContainerState(s.status().value(), s.running(), s.paused(), s.restarting(),
                s.oomKilled(), s.dead(), (int) s.pid(), s.exitCode(), s.error() == null ? "" : s.error(),
                Times.rfc3339Nano(s.startedAt()), Times.rfc3339Nano(s.finishedAt()), health(health));
        var config = ImageViews.containerConfig(c.config());
        Map<String, String> graph = new LinkedHashMap<>();
        if (c.rootfs() != null) {
            graph.put("MergedDir", String.valueOf(c.rootfs().mergedDir()));
            graph.put("UpperDir", String.valueOf(c.rootfs().upperDir()));
            graph.put("WorkDir", String.valueOf(c.rootfs().workDir()));
        }
        return new ContainerInspect(c.id(), Times.rfc3339Nano(c.created()), c.path(), c.args(), state,
                c.imageId().toString(), str(c.resolvConfPath()), str(c.hostnamePath()), str(c.hostsPath()),
                str(c.logPath()), c.name(), c.restartCount(), "overlay2", "linux", "", "", "",
                c.execIds().isEmpty() ? null : c.execIds(), hostConfig(c.hostConfig()),
                new ImageInspect.GraphDriver("overlay2", graph), null, null, mounts(c), config, networkSettings);
    }

    private static dev.berth.api.ContainerState.Health health(Health h) {
        if (h == null) return null;
        return new dev.berth.api.ContainerState.Health(h.status(), h.failingStreak(), h.log().stream()
                .map(r -> new dev.berth.api.ContainerState.HealthcheckResult(Times.rfc3339Nano(r.start()),
                        Times.rfc3339Nano(r.end()), r.exitCode(), r.output())).toList());
    }

    /** One row of {@code GET /containers/json}; a running container's status ends with its health, as moby words it. */
    static ContainerSummary summary(Container c, Health health, Instant now, List<Port> ports,
                                    Map<String, EndpointSettings> networks) {
        String status = c.state().describe(now);
        if (health != null && c.state().status() == ContainerState.Status.RUNNING) status += " (" + health.describe() + ")";
        return new ContainerSummary(c.id(), List.of(c.name()), c.image(), c.imageId().toString(), c.command(),
                c.created().getEpochSecond(), ports, null, null, c.labels(), c.state().status().value(),
                status, new ContainerSummary.SummaryHostConfig(networkMode(c.hostConfig())),
                new ContainerSummary.SummaryNetworkSettings(networks), mounts(c));
    }

    /** The host config as dockerd echoes it: every key the client may read present, built by name. */
    static HostConfig hostConfig(HostSpec h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Binds", h.binds().isEmpty() ? null : h.binds());
        m.put("ContainerIDFile", "");
        // conmon writes k8s-file, served through /logs as dockerd serves json-file: clients check the type
        // (compose 1.29 shows logs only for json-file, journald and local), so it is the one they know.
        m.put("LogConfig", Map.of("Type", "json-file", "Config", Map.of()));
        m.put("NetworkMode", networkMode(h));
        Map<String, List<Map<String, String>>> bindings = new LinkedHashMap<>();
        h.portBindings().forEach((port, list) -> bindings.put(port, list.stream()
                .map(b -> Map.of("HostIp", b.hostIp(), "HostPort", b.hostPort())).toList()));
        m.put("PortBindings", bindings);
        m.put("RestartPolicy", Map.of("Name", h.restartPolicy().name(), "MaximumRetryCount", h.restartPolicy().maximumRetryCount()));
        m.put("AutoRemove", h.autoRemove());
        m.put("VolumeDriver", "");
        m.put("VolumesFrom", h.volumesFrom().isEmpty() ? null : h.volumesFrom());
        if (!h.mounts().isEmpty()) m.put("Mounts", h.mounts().stream().map(ContainerViews::mount).toList());
        m.put("CapAdd", h.capAdd().isEmpty() ? null : h.capAdd());
        m.put("CapDrop", h.capDrop().isEmpty() ? null : h.capDrop());
        m.put("Dns", h.dns());
        m.put("DnsOptions", h.dnsOptions());
        m.put("DnsSearch", h.dnsSearch());
        m.put("ExtraHosts", h.extraHosts().isEmpty() ? null : h.extraHosts());
        m.put("IpcMode", h.ipcMode() == null ? "private" : h.ipcMode());
        m.put("PidMode", h.pidMode() == null ? "" : h.pidMode());
        m.put("UTSMode", h.utsMode() == null ? "" : h.utsMode());
        m.put("Privileged", h.privileged());
        m.put("PublishAllPorts", h.publishAllPorts());
        m.put("ReadonlyRootfs", h.readonlyRootfs());
        m.put("SecurityOpt", h.securityOpt().isEmpty() ? null : h.securityOpt());
        m.put("Tmpfs", h.tmpfs().isEmpty() ? null : h.tmpfs());
        m.put("Sysctls", h.sysctls().isEmpty() ? null : h.sysctls());
        m.put("Runtime", "runc");
        m.put("Init", h.init());
        HostSpec.Resources r = h.resources();
        m.put("ShmSize", r.shmSize() == null ? 64L * 1024 * 1024 : r.shmSize());
        m.put("Memory", zero(r.memory()));
        // dockerd records the default swap limit, twice the memory, at create
        m.put("MemorySwap", zero(r.memory()) > 0 && zero(r.memorySwap()) == 0 ? 2 * r.memory() : zero(r.memorySwap()));
        m.put("MemoryReservation", zero(r.memoryReservation()));
        m.put("MemorySwappiness", r.memorySwappiness());
        m.put("NanoCpus", zero(r.nanoCpus()));
        m.put("CpuShares", zero(r.cpuShares()));
        m.put("CpuPeriod", zero(r.cpuPeriod()));
        m.put("CpuQuota", zero(r.cpuQuota()));
        m.put("CpusetCpus", r.cpusetCpus() == null ? "" : r.cpusetCpus());
        m.put("CpusetMems", r.cpusetMems() == null ? "" : r.cpusetMems());
        m.put("PidsLimit", r.pidsLimit());
        m.put("OomKillDisable", Boolean.TRUE.equals(r.oomKillDisable()));
        m.put("BlkioWeight", r.blkioWeight() == null ? 0 : r.blkioWeight());
        m.put("Ulimits", r.ulimits().isEmpty() ? null : r.ulimits().stream()
                .map(u -> Map.of("Name", u.name(), "Soft", u.soft(), "Hard", u.hard())).toList());
        m.put("ConsoleSize", h.consoleSize() == null ? List.of(0, 0)
                : List.of(h.consoleSize().height(), h.consoleSize().width()));
        return ApiJson.mapper().convertValue(m, HostConfig.class);
    }

    /** The container's mounts as dockerd shows them ({@code Mounts}). */
    private static List<MountPoint> mounts(Container c) {
        return c.mounts().stream().map(m -> new MountPoint(m.type(), m.isVolume() ? m.name() : null, m.source(), m.destination(),
                m.isVolume() ? Volume.DRIVER : null, m.mode(), m.rw(), m.propagation())).toList();
    }

    private static MountRequest mountRequest(Mount m) {
        Mount.VolumeOptions v = m.volumeOptions();
        Mount.TmpfsOptions t = m.tmpfsOptions();
        if (v != null && v.driverConfig() != null && v.driverConfig().name() != null && !v.driverConfig().name().isEmpty()
                && !v.driverConfig().name().equals(Volume.DRIVER)) {
            throw new EngineException.NotFound("error looking up volume plugin " + v.driverConfig().name() + ": plugin \""
                    + v.driverConfig().name() + "\" not found");
        }
        return new MountRequest(m.type(), m.source(), m.target(), Boolean.TRUE.equals(m.readOnly()),
                m.bindOptions() == null ? null : m.bindOptions().propagation(), v != null && Boolean.TRUE.equals(v.noCopy()),
                v == null ? null : v.labels(), v == null || v.driverConfig() == null ? null : v.driverConfig().options(),
                t == null ? null : t.sizeBytes(), t == null ? null : t.mode());
    }

    /** A {@code --mount} back as the request had it (inspect's {@code HostConfig.Mounts}). */
    private static Mount mount(MountRequest m) {
        boolean volumeOptions = m.noCopy() || !m.volumeLabels().isEmpty() || !m.volumeOptions().isEmpty();
        return new Mount(m.type(), m.source().isEmpty() ? null : m.source(), m.target(), m.readOnly() ? Boolean.TRUE : null, null,
                m.propagation() == null ? null : new Mount.BindOptions(m.propagation(), null, null, null, null),
                volumeOptions ? new Mount.VolumeOptions(m.noCopy() ? Boolean.TRUE : null, m.volumeLabels().isEmpty() ? null : m.volumeLabels(),
                        null, m.volumeOptions().isEmpty() ? null : new Mount.Driver(null, m.volumeOptions())) : null,
                null, m.tmpfsSize() == null && m.tmpfsMode() == null ? null : new Mount.TmpfsOptions(m.tmpfsSize(), m.tmpfsMode(), null));
    }

    private static String networkMode(HostSpec h) {
        return h.networkMode() == null || h.networkMode().isEmpty() ? "default" : h.networkMode();
    }

    private static long zero(Long v) {
        return v == null ? 0 : v;
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }
}

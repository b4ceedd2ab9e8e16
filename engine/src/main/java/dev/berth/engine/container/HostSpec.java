package dev.berth.engine.container;

import dev.berth.common.EngineException;

import java.util.List;
import java.util.Map;

/**
 * The host side of a create request (Docker's {@code HostConfig}), in engine terms. Null lists and
 * maps read as empty; null strings as unset. What berth does not act on yet is kept as data so that
 * {@code inspect} shows it back: port bindings and {@code publishAllPorts} (networking comes with
 * CNI), named volumes in {@code binds} (refused at create until volumes exist).
 *
 * @param autoRemove      {@code --rm}: remove the container when it exits
 * @param restartPolicy   {@code --restart}
 * @param networkMode     {@code default}/{@code bridge} (own network namespace, loopback only for now),
 *                        {@code none}, {@code host}, {@code container:<name|id>}
 * @param privileged      {@code --privileged}
 * @param capAdd          {@code --cap-add} ({@code CAP_} optional, case-insensitive, {@code ALL})
 * @param capDrop         {@code --cap-drop}
 * @param securityOpt     {@code --security-opt}: {@code no-new-privileges[:true|false]},
 *                        {@code seccomp=unconfined}, {@code seccomp=<profile JSON>} (the CLI sends the file's content),
 *                        {@code label=...} and {@code apparmor=...} (accepted and ignored)
 * @param readonlyRootfs  {@code --read-only}
 * @param init            {@code --init}: run an init (tini/catatonit) as PID 1; null means false
 * @param resources       cgroup limits and ulimits
 * @param binds           {@code -v /host/path:/container/path[:ro|rw][,propagation]}
 * @param tmpfs           {@code --tmpfs}: destination → mount options ({@code size=64m,mode=1777})
 * @param extraHosts      {@code --add-host name:ip}
 * @param dns             {@code --dns} name servers (replace the host's)
 * @param dnsSearch       {@code --dns-search}
 * @param dnsOptions      {@code --dns-option}
 * @param portBindings    {@code -p}, by container port ({@code 80/tcp}); data only for now
 * @param publishAllPorts {@code -P}; data only for now
 * @param pidMode         {@code ""} or {@code host}
 * @param ipcMode         {@code ""}, {@code private}, {@code shareable} (all a new namespace) or {@code host}
 * @param utsMode         {@code ""} or {@code host}
 * @param sysctls         {@code --sysctl} (namespaced kernel parameters)
 * @param consoleSize     the terminal's initial size ({@code [height, width]}), or null
 * @param mounts          {@code --mount} ({@code HostConfig.Mounts})
 * @param volumesFrom     {@code --volumes-from container[:ro|rw]}
 */
public record HostSpec(boolean autoRemove, RestartPolicy restartPolicy, String networkMode, boolean privileged,
                       List<String> capAdd, List<String> capDrop, List<String> securityOpt, boolean readonlyRootfs,
                       Boolean init, Resources resources, List<String> binds, Map<String, String> tmpfs,
                       List<String> extraHosts, List<String> dns, List<String> dnsSearch, List<String> dnsOptions,
                       Map<String, List<PortBinding>> portBindings, boolean publishAllPorts, String pidMode,
                       String ipcMode, String utsMode, Map<String, String> sysctls, ConsoleSize consoleSize,
                       List<MountRequest> mounts, List<String> volumesFrom) {
    public HostSpec {
        if (restartPolicy == null) restartPolicy = RestartPolicy.NO;
        if (networkMode == null || networkMode.isEmpty()) networkMode = "default";
        capAdd = copy(capAdd);
        capDrop = copy(capDrop);
        securityOpt = copy(securityOpt);
        if (resources == null) resources = Resources.NONE;
        binds = copy(binds);
        tmpfs = tmpfs == null ? Map.of() : Map.copyOf(tmpfs);
        extraHosts = copy(extraHosts);
        dns = copy(dns);
        dnsSearch = copy(dnsSearch);
        dnsOptions = copy(dnsOptions);
        portBindings = portBindings == null ? Map.of() : Map.copyOf(portBindings);
        if (pidMode == null) pidMode = "";
        if (ipcMode == null) ipcMode = "";
        if (utsMode == null) utsMode = "";
        sysctls = sysctls == null ? Map.of() : Map.copyOf(sysctls);
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        volumesFrom = copy(volumesFrom);
    }

    /** What {@code docker run IMAGE} without host flags asks for. */
    public static HostSpec defaults() {
        return new HostSpec(false, RestartPolicy.NO, "default", false, List.of(), List.of(), List.of(), false, null,
                Resources.NONE, List.of(), Map.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), false,
                "", "", "", Map.of(), null, List.of(), List.of());
    }

    /** {@code init} as a boolean. */
    public boolean initEnabled() {
        return Boolean.TRUE.equals(init);
    }

    public HostSpec withAutoRemove(boolean v) {
        return new HostSpec(v, restartPolicy, networkMode, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, init, resources, binds, tmpfs, extraHosts, dns, dnsSearch, dnsOptions, portBindings, publishAllPorts, pidMode, ipcMode, utsMode, sysctls, consoleSize, mounts, volumesFrom);
    }

    public HostSpec withRestartPolicy(RestartPolicy v) {
        return new HostSpec(autoRemove, v, networkMode, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, init, resources, binds, tmpfs, extraHosts, dns, dnsSearch, dnsOptions, portBindings, publishAllPorts, pidMode, ipcMode, utsMode, sysctls, consoleSize, mounts, volumesFrom);
    }

    public HostSpec withNetworkMode(String v) {
        return new HostSpec(autoRemove, restartPolicy, v, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, init, resources, binds, tmpfs, extraHosts, dns, dnsSearch, dnsOptions, portBindings, publishAllPorts, pidMode, ipcMode, utsMode, sysctls, consoleSize, mounts, volumesFrom);
    }

    public HostSpec withPrivileged(boolean v) {
        return new HostSpec(autoRemove, restartPolicy, networkMode, v, capAdd, capDrop, securityOpt, readonlyRootfs, init, resources, binds, tmpfs, extraHosts, dns, dnsSearch, dnsOptions, portBindings, publishAllPorts, pidMode, ipcMode, utsMode, sysctls, consoleSize, mounts, volumesFrom);
    }

    public HostSpec withCapabilities(List<String> add, List<String> drop) {
        return new HostSpec(autoRemove, restartPolicy, networkMode, privileged, add, drop, securityOpt, readonlyRootfs, init, resources, binds, tmpfs, extraHosts, dns, dnsSearch, dnsOptions, portBindings, publishAllPorts, pidMode, ipcMode, utsMode, sysctls, consoleSize, mounts, volumesFrom);
    }

    public HostSpec withSecurityOpt(List<String> v) {
        return new HostSpec(autoRemove, restartPolicy, networkMode, privileged, capAdd, capDrop, v, readonlyRootfs, init, resources, binds, tmpfs, extraHosts, dns, dnsSearch, dnsOptions, portBindings, publishAllPorts, pidMode, ipcMode, utsMode, sysctls, consoleSize, mounts, volumesFrom);
    }

    public HostSpec withReadonlyRootfs(boolean v) {
        return new HostSpec(autoRemove, restartPolicy, networkMode, privileged, capAdd, capDrop, securityOpt, v, init, resources, binds, tmpfs, extraHosts, dns, dnsSearch, dnsOptions, portBindings, publishAllPorts, pidMode, ipcMode, utsMode, sysctls, consoleSize, mounts, volumesFrom);
    }

    public HostSpec withInit(Boolean v) {
        return new HostSpec(autoRemove, restartPolicy, networkMode, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, v, resources, binds, tmpfs, extraHosts, dns, dnsSearch, dnsOptions, portBindings, publishAllPorts, pidMode, ipcMode, utsMode, sysctls, consoleSize, mounts, volumesFrom);
    }

    public HostSpec withResources(Resources v) {
        return new HostSpec(autoRemove, restartPolicy, networkMode, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, init, v, binds, tmpfs, extraHosts, dns, dnsSearch, dnsOptions, portBindings, publishAllPorts, pidMode, ipcMode, utsMode, sysctls, consoleSize, mounts, volumesFrom);
    }

    public HostSpec withBinds(List<String> v) {
        return new HostSpec(autoRemove, restartPolicy, networkMode, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, init, resources, v, tmpfs, extraHosts, dns, dnsSearch, dnsOptions, portBindings, publishAllPorts, pidMode, ipcMode, utsMode, sysctls, consoleSize, mounts, volumesFrom);
    }

    public HostSpec withTmpfs(Map<String, String> v) {
        return new HostSpec(autoRemove, restartPolicy, networkMode, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, init, resources, binds, v, extraHosts, dns, dnsSearch, dnsOptions, portBindings, publishAllPorts, pidMode, ipcMode, utsMode, sysctls, consoleSize, mounts, volumesFrom);
    }

    public HostSpec withExtraHosts(List<String> v) {
        return new HostSpec(autoRemove, restartPolicy, networkMode, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, init, resources, binds, tmpfs, v, dns, dnsSearch, dnsOptions, portBindings, publishAllPorts, pidMode, ipcMode, utsMode, sysctls, consoleSize, mounts, volumesFrom);
    }

    public HostSpec withDns(List<String> servers, List<String> search, List<String> options) {
        return new HostSpec(autoRemove, restartPolicy, networkMode, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, init, resources, binds, tmpfs, extraHosts, servers, search, options, portBindings, publishAllPorts, pidMode, ipcMode, utsMode, sysctls, consoleSize, mounts, volumesFrom);
    }

    public HostSpec withPortBindings(Map<String, List<PortBinding>> v, boolean publishAll) {
        return new HostSpec(autoRemove, restartPolicy, networkMode, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, init, resources, binds, tmpfs, extraHosts, dns, dnsSearch, dnsOptions, v, publishAll, pidMode, ipcMode, utsMode, sysctls, consoleSize, mounts, volumesFrom);
    }

    public HostSpec withNamespaceModes(String pid, String ipc, String uts) {
        return new HostSpec(autoRemove, restartPolicy, networkMode, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, init, resources, binds, tmpfs, extraHosts, dns, dnsSearch, dnsOptions, portBindings, publishAllPorts, pid, ipc, uts, sysctls, consoleSize, mounts, volumesFrom);
    }

    public HostSpec withSysctls(Map<String, String> v) {
        return new HostSpec(autoRemove, restartPolicy, networkMode, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, init, resources, binds, tmpfs, extraHosts, dns, dnsSearch, dnsOptions, portBindings, publishAllPorts, pidMode, ipcMode, utsMode, v, consoleSize, mounts, volumesFrom);
    }

    public HostSpec withConsoleSize(ConsoleSize v) {
        return new HostSpec(autoRemove, restartPolicy, networkMode, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, init, resources, binds, tmpfs, extraHosts, dns, dnsSearch, dnsOptions, portBindings, publishAllPorts, pidMode, ipcMode, utsMode, sysctls, v, mounts, volumesFrom);
    }

    public HostSpec withMounts(List<MountRequest> v) {
        return new HostSpec(autoRemove, restartPolicy, networkMode, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, init, resources, binds, tmpfs, extraHosts, dns, dnsSearch, dnsOptions, portBindings, publishAllPorts, pidMode, ipcMode, utsMode, sysctls, consoleSize, v, volumesFrom);
    }

    public HostSpec withVolumesFrom(List<String> v) {
        return new HostSpec(autoRemove, restartPolicy, networkMode, privileged, capAdd, capDrop, securityOpt, readonlyRootfs, init, resources, binds, tmpfs, extraHosts, dns, dnsSearch, dnsOptions, portBindings, publishAllPorts, pidMode, ipcMode, utsMode, sysctls, consoleSize, mounts, v);
    }

    private static <T> List<T> copy(List<T> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    /**
     * Docker's restart policy.
     *
     * @param name              {@code no} (also {@code ""}), {@code always}, {@code unless-stopped}, {@code on-failure}
     * @param maximumRetryCount for {@code on-failure}: restarts allowed, 0 for no limit
     */
    public record RestartPolicy(String name, int maximumRetryCount) {
        public static final RestartPolicy NO = new RestartPolicy("no", 0);

        public RestartPolicy {
            if (name == null || name.isEmpty()) name = "no";
        }

        /** Refuses an unknown policy or a retry count that does not fit it, with dockerd's messages. */
        public void validate() {
            switch (name) {
                case "no", "always", "unless-stopped" -> {
                    if (maximumRetryCount != 0) {
                        throw new EngineException.InvalidArgument("invalid restart policy: maximum retry count can only be used with 'on-failure'");
                    }
                }
                case "on-failure" -> {
                    if (maximumRetryCount < 0) throw new EngineException.InvalidArgument("invalid restart policy: maximum retry count can't be negative");
                }
                default -> throw new EngineException.InvalidArgument("invalid restart policy: unknown policy '" + name
                        + "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
            }
        }

        /** {@code no}, {@code always}, {@code unless-stopped}, {@code on-failure[:N]}, as the CLI flag spells it. */
        public static RestartPolicy parse(String flag) {
            if (flag == null || flag.isEmpty()) return NO;
            int colon = flag.indexOf(':');
            if (colon < 0) return new RestartPolicy(flag, 0);
            try {
                return new RestartPolicy(flag.substring(0, colon), Integer.parseInt(flag.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new dev.berth.common.EngineException.InvalidArgument("invalid restart policy format: maximum retry count must be an integer");
            }
        }

        public boolean isNone() { return name.equals("no"); }
        public boolean isAlways() { return name.equals("always"); }
        public boolean isUnlessStopped() { return name.equals("unless-stopped"); }
        public boolean isOnFailure() { return name.equals("on-failure"); }
    }

    /**
     * cgroup limits and process limits; null members are not set.
     *
     * @param memory            bytes ({@code -m}); at least 6 MiB
     * @param memorySwap        memory plus swap in bytes; -1 unlimited, 0/null twice the memory
     * @param memoryReservation the soft limit in bytes
     * @param memorySwappiness  0..100
     * @param nanoCpus          {@code --cpus} in billionths of a CPU
     * @param cpuShares         relative weight
     * @param cpuPeriod         CFS period in microseconds ({@code --cpu-period})
     * @param cpuQuota          CFS quota in microseconds ({@code --cpu-quota})
     * @param cpusetCpus        {@code 0-2,4}
     * @param cpusetMems        memory nodes
     * @param pidsLimit         tasks; 0 or negative unlimited
     * @param ulimits           {@code --ulimit nofile=1024:2048}
     * @param shmSize           bytes of {@code /dev/shm}; null for 64 MiB
     * @param oomKillDisable    {@code --oom-kill-disable}
     * @param blkioWeight       10..1000
     */
    public record Resources(Long memory, Long memorySwap, Long memoryReservation, Long memorySwappiness, Long nanoCpus,
                            Long cpuShares, Long cpuPeriod, Long cpuQuota, String cpusetCpus, String cpusetMems,
                            Long pidsLimit, List<Ulimit> ulimits, Long shmSize, Boolean oomKillDisable, Integer blkioWeight) {
        public static final Resources NONE = new Resources(null, null, null, null, null, null, null, null, null, null,
                null, List.of(), null, null, null);

        public Resources {
            ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
        }

        public Resources withMemory(Long bytes, Long plusSwap) {
            return new Resources(bytes, plusSwap, memoryReservation, memorySwappiness, nanoCpus, cpuShares, cpuPeriod, cpuQuota, cpusetCpus, cpusetMems, pidsLimit, ulimits, shmSize, oomKillDisable, blkioWeight);
        }

        public Resources withNanoCpus(Long v) {
            return new Resources(memory, memorySwap, memoryReservation, memorySwappiness, v, cpuShares, cpuPeriod, cpuQuota, cpusetCpus, cpusetMems, pidsLimit, ulimits, shmSize, oomKillDisable, blkioWeight);
        }

        public Resources withPidsLimit(Long v) {
            return new Resources(memory, memorySwap, memoryReservation, memorySwappiness, nanoCpus, cpuShares, cpuPeriod, cpuQuota, cpusetCpus, cpusetMems, v, ulimits, shmSize, oomKillDisable, blkioWeight);
        }

        public Resources withUlimits(List<Ulimit> v) {
            return new Resources(memory, memorySwap, memoryReservation, memorySwappiness, nanoCpus, cpuShares, cpuPeriod, cpuQuota, cpusetCpus, cpusetMems, pidsLimit, v, shmSize, oomKillDisable, blkioWeight);
        }

        public Resources withShmSize(Long v) {
            return new Resources(memory, memorySwap, memoryReservation, memorySwappiness, nanoCpus, cpuShares, cpuPeriod, cpuQuota, cpusetCpus, cpusetMems, pidsLimit, ulimits, v, oomKillDisable, blkioWeight);
        }
    }

    /** {@code --ulimit name=soft:hard}, e.g. {@code nofile}. */
    public record Ulimit(String name, long soft, long hard) {}

    /** One {@code -p} binding; an empty host port means "pick one". */
    public record PortBinding(String hostIp, String hostPort) {}

    /** A terminal size in character cells. */
    public record ConsoleSize(int height, int width) {}
}

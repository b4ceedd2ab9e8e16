package dev.berth.runtime.spec;

import dev.berth.common.EngineException;
import dev.berth.runtime.spec.LinuxSpec.Device;
import dev.berth.runtime.spec.LinuxSpec.Namespace;
import dev.berth.runtime.spec.LinuxSpec.NamespaceType;
import dev.berth.runtime.spec.Resources.DeviceRule;
import dev.berth.runtime.spec.Spec.Mount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The small customizers spec generation is made of (containerd's {@code With*} SpecOpts).
 * Each changes one aspect and nothing else; {@link #compose} chains them in order.
 *
 * <h2>Order dependencies</h2>
 * Most customizers touch disjoint parts and commute. These do not:
 * <ol>
 *   <li><b>Capabilities before seccomp.</b> {@link #withDefaultSeccomp()} and
 *       {@link #withSeccompProfile} resolve the profile against the bounding set <em>as it is when
 *       they run</em> (mount, unshare... are allowed only with CAP_SYS_ADMIN), so compose them after
 *       {@link #withCapabilities}.</li>
 *   <li><b>Privileged last among security customizers.</b> {@link #withPrivileged} grants all
 *       capabilities, removes the seccomp filter and the masked and read-only paths, makes
 *       {@code /sys} writable and allows every device; a capability or seccomp customizer after it
 *       would narrow that again (Docker ignores {@code --security-opt seccomp} for privileged
 *       containers: leave seccomp customizers out, or put them before).</li>
 *   <li><b>Memory before swap-only changes.</b> {@link #withMemory} derives the swap default from
 *       the limit it sets; {@link #withMemorySwappiness} and {@link #withOomKillDisable} only set
 *       their own fields.</li>
 * </ol>
 * {@link #withShmSize} only resizes the default {@code /dev/shm} (source {@code shm}), so a user
 * mount at {@code /dev/shm} from {@link #withMounts} wins in either order.
 */
public final class SpecCustomizers {
    private SpecCustomizers() {}

    /** Applies {@code customizers} in order. */
    public static SpecCustomizer compose(List<SpecCustomizer> customizers) {
        List<SpecCustomizer> all = List.copyOf(customizers);
        return spec -> {
            Spec s = spec;
            for (SpecCustomizer c : all) s = c.apply(s);
            return s;
        };
    }

    /** Applies {@code customizers} in order. */
    public static SpecCustomizer compose(SpecCustomizer... customizers) {
        return compose(List.of(customizers));
    }

    // ---- Process --------------------------------------------------------------------------------

    /** The command line (entrypoint + cmd, already combined by the caller). */
    public static SpecCustomizer withProcessArgs(List<String> args) {
        List<String> copy = List.copyOf(args);
        return spec -> spec.withProcess(p -> p.withArgs(copy));
    }

    /**
     * Adds {@code KEY=value} entries to the environment; an entry replaces an existing one with the
     * same key in place (so image env then container env gives Docker's precedence).
     */
    public static SpecCustomizer withEnv(List<String> env) {
        List<String> copy = List.copyOf(env);
        return spec -> spec.withProcess(p -> p.withEnv(mergeEnv(p.env(), copy)));
    }

    static List<String> mergeEnv(List<String> base, List<String> add) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String e : base) byKey.put(envKey(e), e);
        for (String e : add) byKey.put(envKey(e), e);
        return List.copyOf(byKey.values());
    }

    private static String envKey(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq);
    }

    /** The working directory; must be absolute. */
    public static SpecCustomizer withCwd(String cwd) {
        if (cwd == null || !cwd.startsWith("/")) {
            throw new EngineException.InvalidArgument("the working directory '" + cwd + "' is invalid; it needs to be an absolute path");
        }
        return spec -> spec.withProcess(p -> p.withCwd(cwd));
    }

    /** Numeric uid, gid and supplementary groups (names are resolved by the caller). */
    public static SpecCustomizer withUser(long uid, long gid, List<Long> additionalGids) {
        Spec.User user = new Spec.User(uid, gid, null, additionalGids);
        return spec -> spec.withProcess(p -> p.withUser(user));
    }

    /** A pseudo-terminal for the process ({@code -t}); {@code size} may be null. */
    public static SpecCustomizer withTerminal(boolean terminal, Spec.ConsoleSize size) {
        return spec -> spec.withProcess(p -> p.withTerminal(terminal, terminal ? size : null));
    }

    /** {@code --security-opt no-new-privileges}. */
    public static SpecCustomizer withNoNewPrivileges(boolean noNewPrivileges) {
        return spec -> spec.withProcess(p -> p.withNoNewPrivileges(noNewPrivileges));
    }

    /** Sets rlimits ({@code --ulimit}); replaces any of the same type. Only set when asked, as Docker does. */
    public static SpecCustomizer withRlimits(List<Spec.Rlimit> rlimits) {
        List<Spec.Rlimit> copy = List.copyOf(rlimits);
        return spec -> spec.withProcess(p -> {
            Map<String, Spec.Rlimit> byType = new LinkedHashMap<>();
            for (Spec.Rlimit r : p.rlimits()) byType.put(r.type(), r);
            for (Spec.Rlimit r : copy) byType.put(r.type(), r);
            return p.withRlimits(List.copyOf(byType.values()));
        });
    }

    /** {@code --oom-score-adj}; a negative value needs CAP_SYS_RESOURCE on the host. */
    public static SpecCustomizer withOomScoreAdj(int score) {
        if (score < -1000 || score > 1000) throw new EngineException.InvalidArgument("Invalid value " + score + ", range for oom score adj is [-1000, 1000]");
        return spec -> spec.withProcess(p -> p.withOomScoreAdj(score));
    }

    // ---- Identity and filesystem ----------------------------------------------------------------

    /** The UTS hostname. */
    public static SpecCustomizer withHostname(String hostname) {
        return spec -> spec.withHostname(hostname);
    }

    /** The root filesystem directory (an overlay mount point, usually), made absolute. */
    public static SpecCustomizer withRootPath(Path rootfs) {
        String path = rootfs.toAbsolutePath().normalize().toString();
        return spec -> spec.withRoot(new Spec.Root(path, spec.root() != null && spec.root().readonly()));
    }

    /** {@code --read-only}: the root filesystem is mounted read-only. */
    public static SpecCustomizer withReadonlyRootfs(boolean readonly) {
        return spec -> spec.withRoot(new Spec.Root(spec.root() == null ? null : spec.root().path(), readonly));
    }

    /**
     * Adds mounts after the default ones. A mount replaces any earlier mount at the same
     * destination, and one at {@code /dev} also removes the defaults below {@code /dev/} (moby's rule).
     */
    public static SpecCustomizer withMounts(List<Mount> mounts) {
        List<Mount> copy = List.copyOf(mounts);
        return spec -> {
            List<Mount> result = new ArrayList<>();
            boolean userDev = copy.stream().anyMatch(m -> m.destination().equals("/dev"));
            for (Mount m : spec.mounts()) {
                boolean replaced = copy.stream().anyMatch(u -> u.destination().equals(m.destination()));
                if (replaced || (userDev && m.destination().startsWith("/dev/"))) continue;
                result.add(m);
            }
            result.addAll(copy);
            return spec.withMounts(result);
        };
    }

    /**
     * Bind mounts of the container's {@code /etc/hostname}, {@code /etc/hosts} and
     * {@code /etc/resolv.conf} from files the caller prepared; a null path is skipped.
     */
    public static SpecCustomizer withEtcFiles(Path hostname, Path hosts, Path resolvConf) {
        List<Mount> mounts = new ArrayList<>();
        if (resolvConf != null) mounts.add(Mount.bind(resolvConf.toAbsolutePath().toString(), "/etc/resolv.conf", false));
        if (hostname != null) mounts.add(Mount.bind(hostname.toAbsolutePath().toString(), "/etc/hostname", false));
        if (hosts != null) mounts.add(Mount.bind(hosts.toAbsolutePath().toString(), "/etc/hosts", false));
        return withMounts(mounts);
    }

    /** {@code --shm-size}: the size of the default {@code /dev/shm} tmpfs, in bytes (rounded up to KiB). */
    public static SpecCustomizer withShmSize(long bytes) {
        if (bytes <= 0) throw new EngineException.InvalidArgument("SHM size must be greater than 0, not " + bytes);
        String size = "size=" + (bytes + 1023) / 1024 + "k";
        return spec -> spec.withMounts(spec.mounts().stream().map(m -> {
            if (!m.destination().equals("/dev/shm") || !"shm".equals(m.source())) return m;
            List<String> options = new ArrayList<>(m.options().stream().filter(o -> !o.startsWith("size=")).toList());
            options.add(size);
            return m.withOptions(options);
        }).toList());
    }

    /**
     * Host devices in the container ({@code --device}): the node is created and the devices cgroup
     * allows it with {@code permissions} ({@code rwm} or a subset).
     */
    public static SpecCustomizer withDevices(List<Device> devices, String permissions) {
        List<Device> copy = List.copyOf(devices);
        return spec -> spec.withLinux(l -> {
            List<Device> nodes = new ArrayList<>(l.devices());
            List<DeviceRule> rules = new ArrayList<>(l.resources().devices());
            for (Device d : copy) {
                nodes.add(d);
                rules.add(DeviceRule.allow(d.type(), d.major(), d.minor(), permissions));
            }
            return l.withDevices(nodes).withResources(r -> r.withDevices(rules));
        });
    }

    // ---- Security -------------------------------------------------------------------------------

    /**
     * {@code --cap-add/--cap-drop} on the current set, with Docker's rules (see
     * {@link KernelCapabilities#tweak}); names are case-insensitive, {@code CAP_} optional, {@code ALL} allowed.
     *
     * @param all what {@code ALL} means: {@link KernelCapabilities#grantable()} on a real host
     */
    public static SpecCustomizer withCapabilities(List<String> add, List<String> drop, List<String> all) {
        List<String> a = List.copyOf(add);
        List<String> d = List.copyOf(drop);
        List<String> everything = List.copyOf(all);
        KernelCapabilities.normalize(a); // fail early, when the customizer is made
        KernelCapabilities.normalize(d);
        return spec -> spec.withProcess(p -> {
            List<String> base = p.capabilities() == null ? List.of() : p.capabilities().bounding();
            return p.withCapabilities(Spec.Capabilities.of(KernelCapabilities.tweak(base, a, d, everything)));
        });
    }

    /**
     * {@code --privileged}: all capabilities ({@code all}), every host device ({@code hostDevices},
     * see {@link HostDevices#list()}) and an allow-all device rule, no seccomp filter, no masked or
     * read-only paths, writable {@code /sys} and {@code /sys/fs/cgroup}. See the order rules above.
     */
    public static SpecCustomizer withPrivileged(List<String> all, List<Device> hostDevices) {
        List<String> caps = List.copyOf(all);
        List<Device> devices = List.copyOf(hostDevices);
        return spec -> {
            Spec s = spec.withProcess(p -> p.withCapabilities(Spec.Capabilities.of(caps)));
            s = s.withMounts(s.mounts().stream().map(m -> m.destination().equals("/sys") || m.destination().equals("/sys/fs/cgroup")
                    ? m.withOptions(m.options().stream().map(o -> o.equals("ro") ? "rw" : o).toList()) : m).toList());
            return s.withLinux(l -> l.withSeccomp(null).withMaskedPaths(List.of()).withReadonlyPaths(List.of())
                    .withDevices(mergeDevices(l.devices(), devices))
                    .withResources(r -> r.withDevices(List.of(DeviceRule.allow(null, null, null, "rwm")))));
        };
    }

    private static List<Device> mergeDevices(List<Device> existing, List<Device> add) {
        Map<String, Device> byPath = new TreeMap<>();
        for (Device d : add) byPath.put(d.path(), d);
        for (Device d : existing) byPath.put(d.path(), d);
        return List.copyOf(byPath.values());
    }

    /** berth's default seccomp profile, resolved for this host's architecture and kernel. Compose after capabilities. */
    public static SpecCustomizer withDefaultSeccomp() {
        return withSeccompProfile(SeccompProfiles.defaultProfile());
    }

    /** {@code --security-opt seccomp=FILE}, resolved for this host. Compose after capabilities. */
    public static SpecCustomizer withSeccompProfile(SeccompProfile profile) {
        return withSeccompProfile(profile, SeccompProfiles.nativeArch(), SeccompProfiles.kernelRelease());
    }

    /** A profile resolved for a given architecture ({@code amd64}) and kernel release, for reproducible specs. */
    public static SpecCustomizer withSeccompProfile(SeccompProfile profile, String goArch, String kernelRelease) {
        Objects.requireNonNull(profile);
        return spec -> {
            List<String> caps = spec.process().capabilities() == null ? List.of() : spec.process().capabilities().bounding();
            return spec.withLinux(l -> l.withSeccomp(SeccompProfiles.toSpec(profile, caps, goArch, kernelRelease)));
        };
    }

    /** {@code --security-opt seccomp=unconfined}: no syscall filter. */
    public static SpecCustomizer withoutSeccomp() {
        return spec -> spec.withLinux(l -> l.withSeccomp(null));
    }

    // ---- Namespaces -----------------------------------------------------------------------------

    /** A new namespace of this type (added if the spec has none). */
    public static SpecCustomizer withNewNamespace(NamespaceType type) {
        return setNamespace(type, new Namespace(type, null));
    }

    /**
     * Joins an existing namespace: {@code /proc/<pid>/ns/<kind>} of another container, or a
     * bind-mounted namespace file (a network namespace made for CNI).
     */
    public static SpecCustomizer withNamespacePath(NamespaceType type, Path path) {
        return setNamespace(type, new Namespace(type, path.toAbsolutePath().toString()));
    }

    /** Shares the host's namespace of this type ({@code --network host}, {@code --pid host}...). */
    public static SpecCustomizer withHostNamespace(NamespaceType type) {
        return setNamespace(type, null);
    }

    private static SpecCustomizer setNamespace(NamespaceType type, Namespace replacement) {
        return spec -> spec.withLinux(l -> {
            List<Namespace> result = new ArrayList<>();
            boolean done = false;
            for (Namespace n : l.namespaces()) {
                if (n.type() != type) {
                    result.add(n);
                } else if (replacement != null && !done) {
                    result.add(replacement);
                    done = true;
                }
            }
            if (replacement != null && !done) result.add(replacement);
            return l.withNamespaces(result);
        });
    }

    // ---- Cgroups --------------------------------------------------------------------------------

    /** The container's cgroup, cgroupfs style ({@code /berth/<id>}: under the root of every hierarchy). */
    public static SpecCustomizer withCgroupsPath(String path) {
        if (path == null || !path.startsWith("/")) throw new EngineException.InvalidArgument("a cgroups path is absolute: " + path);
        return spec -> spec.withLinux(l -> l.withCgroupsPath(path));
    }

    /**
     * {@code --memory} and {@code --memory-swap}. {@code memoryPlusSwap} is the total of memory and
     * swap, as Docker's flag means it: 0 (not given) allows as much swap as memory (dockerd's
     * default, twice the limit in total), -1 unlimited swap.
     */
    public static SpecCustomizer withMemory(long limit, long memoryPlusSwap) {
        if (limit <= 0) throw new EngineException.InvalidArgument("a memory limit is positive, not " + limit);
        if (memoryPlusSwap > 0 && memoryPlusSwap < limit) {
            throw new EngineException.InvalidArgument("Minimum memoryswap limit should be larger than memory limit, see usage");
        }
        long swap = memoryPlusSwap == 0 ? 2 * limit : memoryPlusSwap < 0 ? -1 : memoryPlusSwap;
        return spec -> spec.withLinux(l -> l.withResources(r -> r.withMemory(r.memoryOrEmpty().withLimit(limit).withSwap(swap))));
    }

    /** {@code --memory-reservation}: the soft limit, in bytes. */
    public static SpecCustomizer withMemoryReservation(long bytes) {
        return spec -> spec.withLinux(l -> l.withResources(r -> r.withMemory(r.memoryOrEmpty().withReservation(bytes))));
    }

    /** {@code --memory-swappiness}, 0..100. */
    public static SpecCustomizer withMemorySwappiness(long swappiness) {
        if (swappiness < 0 || swappiness > 100) throw new EngineException.InvalidArgument("Invalid value: " + swappiness + ", valid memory swappiness range is 0-100");
        return spec -> spec.withLinux(l -> l.withResources(r -> r.withMemory(r.memoryOrEmpty().withSwappiness(swappiness))));
    }

    /** {@code --oom-kill-disable}: at the memory limit, processes wait instead of being killed. */
    public static SpecCustomizer withOomKillDisable(boolean disable) {
        return spec -> spec.withLinux(l -> l.withResources(r -> r.withMemory(r.memoryOrEmpty().withDisableOOMKiller(disable))));
    }

    /** The CFS period {@code --cpus} uses: 100 ms, in microseconds. */
    public static final long CPU_PERIOD_US = 100_000;

    /** {@code --cpus} in billionths of a CPU (Docker's NanoCPUs): a quota per 100 ms period. */
    public static SpecCustomizer withCpus(long nanoCpus) {
        if (nanoCpus <= 0) throw new EngineException.InvalidArgument("Range of CPUs is from 0.01 to the number of CPUs available, not " + nanoCpus / 1e9);
        long quota = nanoCpus * CPU_PERIOD_US / 1_000_000_000L;
        if (quota < 1000) throw new EngineException.InvalidArgument("CPU quota " + quota + "us is below the kernel's minimum of 1ms; use --cpus of at least 0.01");
        return withCpuQuota(quota, CPU_PERIOD_US);
    }

    /** {@code --cpu-quota/--cpu-period} in microseconds. */
    public static SpecCustomizer withCpuQuota(long quota, long period) {
        return spec -> spec.withLinux(l -> l.withResources(r -> r.withCpu(r.cpuOrEmpty().withQuota(quota, period))));
    }

    /** {@code --cpu-shares}: relative weight (1024 is the kernel default; 0 leaves it unset). */
    public static SpecCustomizer withCpuShares(long shares) {
        if (shares == 0) return spec -> spec;
        return spec -> spec.withLinux(l -> l.withResources(r -> r.withCpu(r.cpuOrEmpty().withShares(shares))));
    }

    /** {@code --cpuset-cpus/--cpuset-mems} ({@code 0-2,4}); null leaves one unset. */
    public static SpecCustomizer withCpuset(String cpus, String mems) {
        return spec -> spec.withLinux(l -> l.withResources(r -> r.withCpu(r.cpuOrEmpty().withCpuset(cpus, mems))));
    }

    /** {@code --pids-limit}; 0 or negative means unlimited (-1), as the Docker API defines it. */
    public static SpecCustomizer withPidsLimit(long limit) {
        long value = limit <= 0 ? -1 : limit;
        return spec -> spec.withLinux(l -> l.withResources(r -> r.withPids(new Resources.Pids(value))));
    }

    /** {@code --blkio-weight}, 10..1000. */
    public static SpecCustomizer withBlkioWeight(int weight) {
        if (weight < 10 || weight > 1000) throw new EngineException.InvalidArgument("Range of blkio weight is from 10 to 1000, not " + weight);
        return spec -> spec.withLinux(l -> l.withResources(r -> r.withBlockIO(new Resources.BlockIo(weight))));
    }

    // ---- Metadata -------------------------------------------------------------------------------

    /** Adds annotations (replacing equal keys). */
    public static SpecCustomizer withAnnotations(Map<String, String> annotations) {
        Map<String, String> copy = Map.copyOf(annotations);
        return spec -> {
            Map<String, String> all = new TreeMap<>(spec.annotations());
            all.putAll(copy);
            return spec.withAnnotations(all);
        };
    }

    /** Adds namespaced kernel parameters ({@code --sysctl net.ipv4.ip_forward=1}). */
    public static SpecCustomizer withSysctls(Map<String, String> sysctls) {
        Map<String, String> copy = Map.copyOf(sysctls);
        return spec -> spec.withLinux(l -> {
            Map<String, String> all = new TreeMap<>(l.sysctl());
            all.putAll(copy);
            return l.withSysctl(all);
        });
    }
}

package dev.berth.engine.container;

import dev.berth.common.EngineException;
import dev.berth.runtime.spec.HostDevices;
import dev.berth.runtime.spec.LinuxSpec.NamespaceType;
import dev.berth.runtime.spec.SeccompProfiles;
import dev.berth.runtime.spec.Spec;
import dev.berth.runtime.spec.SpecCustomizer;
import dev.berth.runtime.spec.SpecCustomizers;
import dev.berth.runtime.spec.SpecGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a container into its OCI runtime spec through runtime's customizers, in the order their
 * documentation asks for (capabilities, then seccomp, then privileged; memory before swap-only changes).
 */
final class SpecFactory {
    /** Where {@code --init} puts the init binary, as Docker does. */
    static final String INIT_PATH = "/sbin/docker-init";
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final long MIN_MEMORY = 6 * 1024 * 1024;
    private static final Set<String> ULIMITS = Set.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
            "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack", "as");

    private SpecFactory() {}

    /** Which network namespace a container gets. */
    sealed interface Network {
        /** Its own, with only loopback (runc brings {@code lo} up). */
        record Own() implements Network {}

        /** The host's. */
        record Host() implements Network {}

        /** Another container's ({@code /proc/<pid>/ns/net}). */
        record Join(Path nsPath) implements Network {}
    }

    /**
     * What the spec needs besides the container record.
     *
     * @param rootfs      the mounted root filesystem
     * @param user        the resolved process user
     * @param hostname    the file for {@code /etc/hostname} (null: leave the image's)
     * @param hosts       the file for {@code /etc/hosts}
     * @param resolvConf  the file for {@code /etc/resolv.conf}
     * @param network     the network namespace
     * @param cgroupsPath {@code <parent>/<id>}
     * @param initBinary  the host's init for {@code --init}, or null if there is none
     * @param grantable   what "all capabilities" means on this host
     */
    record Inputs(Path rootfs, Spec.User user, Path hostname, Path hosts, Path resolvConf, Network network,
                  String cgroupsPath, Path initBinary, List<String> grantable) {}

    static Spec generate(Container c, Inputs in) {
        return SpecGenerator.generate(customizers(c, in));
    }

    /** The process's argv: the command, behind the init when {@code --init}. */
    static List<String> argv(Container c) {
        List<String> argv = new ArrayList<>();
        if (c.hostConfig().initEnabled()) {
            argv.add(INIT_PATH);
            argv.add("--");
        }
        argv.add(c.path());
        argv.addAll(c.args());
        return argv;
    }

    /** dockerd's process environment: PATH, HOSTNAME, TERM for a terminal, then the container's Env on top. */
    static List<String> env(Container c) {
        List<String> env = new ArrayList<>(List.of(DEFAULT_PATH, "HOSTNAME=" + nullToEmpty(c.config().hostname())));
        if (Boolean.TRUE.equals(c.config().tty())) env.add("TERM=xterm");
        if (c.config().env() != null) {
            for (String e : c.config().env()) {
                String key = ConfigMerge.key(e);
                env.removeIf(x -> ConfigMerge.key(x).equals(key));
                env.add(e);
            }
        }
        return env;
    }

    static List<SpecCustomizer> customizers(Container c, Inputs in) {
        HostSpec h = c.hostConfig();
        List<SpecCustomizer> cs = new ArrayList<>();
        boolean tty = Boolean.TRUE.equals(c.config().tty());
        cs.add(SpecCustomizers.withProcessArgs(argv(c)));
        cs.add(SpecCustomizers.withEnv(env(c)));
        String cwd = c.config().workingDir() == null || c.config().workingDir().isEmpty() ? "/" : c.config().workingDir();
        cs.add(SpecCustomizers.withCwd(cwd));
        cs.add(SpecCustomizers.withUser(in.user().uid(), in.user().gid(), in.user().additionalGids()));
        HostSpec.ConsoleSize size = h.consoleSize();
        cs.add(SpecCustomizers.withTerminal(tty, size == null || size.height() <= 0 || size.width() <= 0 ? null
                : new Spec.ConsoleSize(size.height(), size.width())));
        if (!h.utsMode().equals("host")) cs.add(SpecCustomizers.withHostname(nullToEmpty(c.config().hostname())));
        cs.add(SpecCustomizers.withRootPath(in.rootfs()));
        cs.add(SpecCustomizers.withReadonlyRootfs(h.readonlyRootfs()));
        cs.add(SpecCustomizers.withMounts(mounts(c, in)));
        cs.add(SpecCustomizers.withEtcFiles(in.hostname(), in.hosts(), in.resolvConf()));
        if (h.resources().shmSize() != null && h.resources().shmSize() > 0) cs.add(SpecCustomizers.withShmSize(h.resources().shmSize()));

        switch (in.network()) {
            case Network.Own own -> { } // the default spec has a new network namespace
            case Network.Host host -> cs.add(SpecCustomizers.withHostNamespace(NamespaceType.NETWORK));
            case Network.Join join -> cs.add(SpecCustomizers.withNamespacePath(NamespaceType.NETWORK, join.nsPath()));
        }
        if (h.pidMode().equals("host")) cs.add(SpecCustomizers.withHostNamespace(NamespaceType.PID));
        if (h.ipcMode().equals("host")) cs.add(SpecCustomizers.withHostNamespace(NamespaceType.IPC));
        if (h.utsMode().equals("host")) cs.add(SpecCustomizers.withHostNamespace(NamespaceType.UTS));

        cs.add(SpecCustomizers.withCgroupsPath(in.cgroupsPath()));
        cs.addAll(resources(h.resources()));
        if (!h.sysctls().isEmpty()) cs.add(SpecCustomizers.withSysctls(h.sysctls()));

        Security sec = security(h.securityOpt());
        cs.add(SpecCustomizers.withCapabilities(h.capAdd(), h.capDrop(), in.grantable()));
        if (sec.noNewPrivileges()) cs.add(SpecCustomizers.withNoNewPrivileges(true));
        if (!h.privileged()) {
            if (sec.seccomp() == null) cs.add(SpecCustomizers.withDefaultSeccomp());
            else if (sec.seccomp().isEmpty()) cs.add(SpecCustomizers.withoutSeccomp());
            else cs.add(SpecCustomizers.withSeccompProfile(SeccompProfiles.parse(sec.seccomp().getBytes(StandardCharsets.UTF_8), "the seccomp profile")));
            if (sec.unconfinedSystemPaths()) {
                cs.add(spec -> spec.withLinux(l -> l.withMaskedPaths(List.of()).withReadonlyPaths(List.of())));
            }
        } else {
            cs.add(SpecCustomizers.withPrivileged(in.grantable(), HostDevices.list()));
        }
        return cs;
    }

    private static List<Spec.Mount> mounts(Container c, Inputs in) {
        List<Spec.Mount> mounts = new ArrayList<>();
        for (MountPoint m : c.mounts()) {
            if (m.type().equals(MountPoint.TMPFS)) {
                List<String> options = new ArrayList<>(List.of(m.tmpfsOptions().split(",")));
                if (!m.rw()) options.add("ro");
                mounts.add(Spec.Mount.tmpfs(m.destination(), options));
                continue;
            }
            List<String> options = new ArrayList<>(List.of("rbind", m.propagation().isEmpty() ? "rprivate" : m.propagation()));
            if (!m.rw()) options.add("ro");
            mounts.add(new Spec.Mount(m.destination(), "bind", m.source(), options));
        }
        for (Map.Entry<String, String> t : c.hostConfig().tmpfs().entrySet()) {
            List<String> options = t.getValue() == null || t.getValue().isBlank() ? List.of() : List.of(t.getValue().split(","));
            mounts.add(Spec.Mount.tmpfs(checkDestination(t.getKey(), "--tmpfs " + t.getKey()), options));
        }
        if (c.hostConfig().initEnabled()) {
            if (in.initBinary() == null) {
                throw new EngineException.FailedPrecondition("--init needs an init binary (docker-init, tini-static or catatonit) on the host; none was found");
            }
            mounts.add(Spec.Mount.bind(in.initBinary().toString(), INIT_PATH, true));
        }
        return mounts;
    }

    private static String checkDestination(String dest, String spec) {
        if (!dest.startsWith("/")) {
            throw new EngineException.InvalidArgument("invalid mount config for type \"bind\": invalid mount path: '" + dest + "' mount path must be absolute");
        }
        if (Path.of(dest).normalize().toString().equals("/")) {
            throw new EngineException.InvalidArgument("invalid specification: destination can't be '/' in '" + spec + "'");
        }
        return dest;
    }

    /** The cgroup and rlimit customizers of {@code r}, validating them. */
    static List<SpecCustomizer> resources(HostSpec.Resources r) {
        List<SpecCustomizer> cs = new ArrayList<>();
        long memory = r.memory() == null ? 0 : r.memory();
        long swap = r.memorySwap() == null ? 0 : r.memorySwap();
        if (memory > 0) {
            if (memory < MIN_MEMORY) throw new EngineException.InvalidArgument("Minimum memory limit allowed is 6MB");
            cs.add(SpecCustomizers.withMemory(memory, swap));
        } else if (swap > 0) {
            throw new EngineException.InvalidArgument("You should always set the Memory limit when using Memoryswap limit, see usage");
        }
        if (r.memoryReservation() != null && r.memoryReservation() > 0) cs.add(SpecCustomizers.withMemoryReservation(r.memoryReservation()));
        if (r.memorySwappiness() != null && r.memorySwappiness() >= 0) cs.add(SpecCustomizers.withMemorySwappiness(r.memorySwappiness()));
        if (Boolean.TRUE.equals(r.oomKillDisable())) cs.add(SpecCustomizers.withOomKillDisable(true));
        boolean quota = (r.cpuQuota() != null && r.cpuQuota() > 0) || (r.cpuPeriod() != null && r.cpuPeriod() > 0);
        if (r.nanoCpus() != null && r.nanoCpus() > 0) {
            if (quota) throw new EngineException.InvalidArgument("Conflicting options: Nano CPUs and CPU Period cannot both be set");
            cs.add(SpecCustomizers.withCpus(r.nanoCpus()));
        } else if (quota) {
            long period = r.cpuPeriod() == null || r.cpuPeriod() <= 0 ? SpecCustomizers.CPU_PERIOD_US : r.cpuPeriod();
            cs.add(SpecCustomizers.withCpuQuota(r.cpuQuota() == null ? -1 : r.cpuQuota(), period));
        }
        if (r.cpuShares() != null && r.cpuShares() != 0) cs.add(SpecCustomizers.withCpuShares(r.cpuShares()));
        if (notEmpty(r.cpusetCpus()) || notEmpty(r.cpusetMems())) {
            cs.add(SpecCustomizers.withCpuset(notEmpty(r.cpusetCpus()) ? r.cpusetCpus() : null, notEmpty(r.cpusetMems()) ? r.cpusetMems() : null));
        }
        if (r.pidsLimit() != null && r.pidsLimit() > 0) cs.add(SpecCustomizers.withPidsLimit(r.pidsLimit()));
        if (r.blkioWeight() != null && r.blkioWeight() > 0) cs.add(SpecCustomizers.withBlkioWeight(r.blkioWeight()));
        if (!r.ulimits().isEmpty()) {
            List<Spec.Rlimit> rl = new ArrayList<>();
            for (HostSpec.Ulimit u : r.ulimits()) {
                String name = u.name().toLowerCase(Locale.ROOT);
                if (!ULIMITS.contains(name)) throw new EngineException.InvalidArgument("invalid ulimit type: " + u.name());
                if (u.soft() > u.hard() && u.hard() >= 0) {
                    throw new EngineException.InvalidArgument("ulimit soft limit must be less than or equal to hard limit: " + u.soft() + " > " + u.hard());
                }
                rl.add(Spec.Rlimit.of(name, u.soft(), u.hard()));
            }
            cs.add(SpecCustomizers.withRlimits(rl));
        }
        return cs;
    }

    /**
     * The parsed {@code --security-opt} values.
     *
     * @param seccomp null for the default profile, empty for unconfined, else the profile's JSON
     */
    record Security(boolean noNewPrivileges, String seccomp, boolean unconfinedSystemPaths) {}

    static Security security(List<String> opts) {
        boolean nnp = false;
        String seccomp = null;
        boolean systemPaths = false;
        for (String opt : opts) {
            if (opt.equals("no-new-privileges")) {
                nnp = true;
                continue;
            }
            int sep = firstSeparator(opt);
            if (sep < 0) throw new EngineException.InvalidArgument("invalid --security-opt 1: \"" + opt + "\"");
            String key = opt.substring(0, sep);
            String value = opt.substring(sep + 1);
            switch (key) {
                case "no-new-privileges" -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new EngineException.InvalidArgument("invalid --security-opt 2: \"" + opt + "\"");
                    }
                    nnp = value.equals("true");
                }
                case "seccomp" -> seccomp = value.equals("unconfined") ? "" : value;
                case "systempaths" -> {
                    if (!value.equals("unconfined")) throw new EngineException.InvalidArgument("invalid --security-opt 2: \"" + opt + "\"");
                    systemPaths = true;
                }
                case "label", "apparmor" -> { } // no SELinux or AppArmor on berth's hosts: accepted, as dockerd does without them
                default -> throw new EngineException.InvalidArgument("invalid --security-opt 2: \"" + opt + "\"");
            }
        }
        return new Security(nnp, seccomp, systemPaths);
    }

    /** {@code key=value} or the legacy {@code key:value}, whichever comes first. */
    private static int firstSeparator(String opt) {
        int eq = opt.indexOf('=');
        int colon = opt.indexOf(':');
        if (eq < 0) return colon;
        if (colon < 0) return eq;
        return Math.min(eq, colon);
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}

package dev.berth.runtime.spec;

import dev.berth.common.EngineException;
import dev.berth.runtime.spec.LinuxSpec.Namespace;
import dev.berth.runtime.spec.LinuxSpec.NamespaceType;
import dev.berth.runtime.spec.Resources.DeviceRule;
import dev.berth.runtime.spec.Spec.Mount;
import java.util.List;
import java.util.Map;

/**
 * Generates runtime specs: Docker's default Linux spec ({@link #defaultSpec()}, moby
 * {@code oci/defaults.go} semantics) transformed by customizers in order, then checked.
 */
public final class SpecGenerator {
    /** Paths hidden from unprivileged containers. */
    public static final List<String> MASKED_PATHS = List.of(
            "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
            "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");

    /** Paths made read-only in unprivileged containers. */
    public static final List<String> READONLY_PATHS = List.of(
            "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    /** The size of {@code /dev/shm} unless {@code --shm-size} says otherwise: 64 MiB. */
    public static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;

    /**
     * Docker's device cgroup rules: deny everything, then allow the standard devices (the runtime
     * adds its own always-allowed set on top: full, ptmx, pts, mknod of any device), and deny fuse.
     */
    public static final List<DeviceRule> DEFAULT_DEVICE_RULES = List.of(
            DeviceRule.deny(null, null, null, "rwm"),
            DeviceRule.allow("c", 1L, 5L, "rwm"),    // /dev/zero
            DeviceRule.allow("c", 1L, 3L, "rwm"),    // /dev/null
            DeviceRule.allow("c", 1L, 9L, "rwm"),    // /dev/urandom
            DeviceRule.allow("c", 1L, 8L, "rwm"),    // /dev/random
            DeviceRule.allow("c", 5L, 0L, "rwm"),    // /dev/tty
            DeviceRule.allow("c", 5L, 1L, "rwm"),    // /dev/console
            DeviceRule.deny("c", 10L, 229L, "rwm")); // /dev/fuse

    private SpecGenerator() {}

    /**
     * Docker's default Linux spec: a root process in {@code /} with Docker's 14 capabilities, new
     * mount/network/uts/pid/ipc namespaces, {@code /proc}, a tmpfs {@code /dev} (the runtime fills
     * in null, zero, full, random, urandom, tty, console, ptmx), {@code /dev/pts},
     * a read-only {@code /sys} and {@code /sys/fs/cgroup}, {@code /dev/mqueue}, a 64 MiB
     * {@code /dev/shm}, masked and read-only {@code /proc} paths, and the default device rules.
     * It has no arguments, no root path and no seccomp filter yet: see {@link SpecCustomizers}.
     */
    public static Spec defaultSpec() {
        List<String> caps = KernelCapabilities.DOCKER_DEFAULT;
        Spec.Process process = new Spec.Process(false, null, Spec.User.ROOT, List.of(), List.of(), "/",
                Spec.Capabilities.of(caps), List.of(), false, null, null);
        List<Mount> mounts = List.of(
                new Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                new Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new Mount("/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                new Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
                new Mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("ro", "nosuid", "noexec", "nodev")),
                new Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                new Mount("/dev/shm", "tmpfs", "shm",
                        List.of("nosuid", "noexec", "nodev", "mode=1777", "size=" + DEFAULT_SHM_SIZE / 1024 + "k")));
        LinuxSpec linux = new LinuxSpec(Map.of(), new Resources(DEFAULT_DEVICE_RULES, null, null, null, null), null,
                List.of(new Namespace(NamespaceType.MOUNT, null), new Namespace(NamespaceType.NETWORK, null),
                        new Namespace(NamespaceType.UTS, null), new Namespace(NamespaceType.PID, null),
                        new Namespace(NamespaceType.IPC, null)),
                List.of(), null, MASKED_PATHS, READONLY_PATHS);
        return new Spec(Spec.OCI_VERSION, process, new Spec.Root(null, false), null, mounts, Map.of(), linux);
    }

    /** {@link #defaultSpec()} transformed by {@code customizers} in order, then {@linkplain #validate validated}. */
    public static Spec generate(List<SpecCustomizer> customizers) {
        return validate(SpecCustomizers.compose(customizers).apply(defaultSpec()));
    }

    /** Same as {@link #generate(List)}. */
    public static Spec generate(SpecCustomizer... customizers) {
        return generate(List.of(customizers));
    }

    /**
     * Checks what a runtime would reject late and obscurely: arguments, an absolute root path and
     * working directory, a terminal size only with a terminal.
     *
     * @throws EngineException.InvalidArgument naming the problem
     */
    public static Spec validate(Spec spec) {
        if (spec.process() == null || spec.process().args().isEmpty()) {
            throw new EngineException.InvalidArgument("no command specified");
        }
        if (spec.root() == null || spec.root().path() == null || !spec.root().path().startsWith("/")) {
            throw new EngineException.InvalidArgument("the container's root filesystem path must be absolute, not "
                    + (spec.root() == null ? null : spec.root().path()));
        }
        String cwd = spec.process().cwd();
        if (cwd == null || !cwd.startsWith("/")) {
            throw new EngineException.InvalidArgument("the working directory '" + cwd + "' is invalid; it needs to be an absolute path");
        }
        return spec;
    }
}

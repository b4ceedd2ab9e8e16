package dev.berth.runtime.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * An OCI runtime spec ({@code config.json}, runtime-spec 1.0.2 as runc 1.1 reads it): the
 * immutable value that {@link SpecCustomizer}s transform and {@link SpecJson} writes. Only the
 * fields berth sets are modelled; absent optional parts are {@code null} (and not written), lists
 * and maps are never null (empty ones are not written). Component order is the JSON order.
 *
 * @param ociVersion the runtime-spec version, {@link #OCI_VERSION}
 * @param process the container's init process
 * @param root the root filesystem
 * @param hostname the UTS hostname, or null
 * @param mounts mounts in the order the runtime performs them
 * @param annotations free-form metadata, sorted by key
 * @param linux the Linux-specific part
 */
public record Spec(String ociVersion, Process process, Root root, String hostname, List<Mount> mounts,
                   Map<String, String> annotations, LinuxSpec linux) {
    /** The runtime-spec version berth writes (runc 1.1 accepts 1.0.x). */
    public static final String OCI_VERSION = "1.0.2";

    public Spec {
        mounts = Lists.copy(mounts);
        annotations = Lists.sortedCopy(annotations);
    }

    public Spec withProcess(Process p) { return new Spec(ociVersion, p, root, hostname, mounts, annotations, linux); }
    public Spec withProcess(UnaryOperator<Process> f) { return withProcess(f.apply(process)); }
    public Spec withRoot(Root r) { return new Spec(ociVersion, process, r, hostname, mounts, annotations, linux); }
    public Spec withHostname(String h) { return new Spec(ociVersion, process, root, h, mounts, annotations, linux); }
    public Spec withMounts(List<Mount> m) { return new Spec(ociVersion, process, root, hostname, m, annotations, linux); }
    public Spec withAnnotations(Map<String, String> a) { return new Spec(ociVersion, process, root, hostname, mounts, a, linux); }
    public Spec withLinux(LinuxSpec l) { return new Spec(ociVersion, process, root, hostname, mounts, annotations, l); }
    public Spec withLinux(UnaryOperator<LinuxSpec> f) { return withLinux(f.apply(linux)); }

    /**
     * The container's process, also the body of an exec's {@code --process} file.
     *
     * @param terminal whether the process gets a pseudo-terminal (conmon then runs with {@code -t})
     * @param consoleSize the terminal's initial size, or null
     * @param user who the process runs as
     * @param args the command line; must not be empty
     * @param env {@code KEY=value} entries
     * @param cwd the working directory, absolute
     * @param capabilities the capability sets, or null for none at all
     * @param rlimits resource limits; empty inherits the runtime's
     * @param noNewPrivileges sets {@code PR_SET_NO_NEW_PRIVS}
     * @param apparmorProfile an AppArmor profile name, or null
     * @param oomScoreAdj the process's {@code oom_score_adj}, or null to inherit (lowering it needs CAP_SYS_RESOURCE)
     */
    public record Process(boolean terminal, ConsoleSize consoleSize, User user, List<String> args, List<String> env,
                          String cwd, Capabilities capabilities, List<Rlimit> rlimits, boolean noNewPrivileges,
                          String apparmorProfile, Integer oomScoreAdj) {
        public Process {
            args = Lists.copy(args);
            env = Lists.copy(env);
            rlimits = Lists.copy(rlimits);
        }

        public Process withTerminal(boolean t, ConsoleSize size) { return new Process(t, size, user, args, env, cwd, capabilities, rlimits, noNewPrivileges, apparmorProfile, oomScoreAdj); }
        public Process withUser(User u) { return new Process(terminal, consoleSize, u, args, env, cwd, capabilities, rlimits, noNewPrivileges, apparmorProfile, oomScoreAdj); }
        public Process withArgs(List<String> a) { return new Process(terminal, consoleSize, user, a, env, cwd, capabilities, rlimits, noNewPrivileges, apparmorProfile, oomScoreAdj); }
        public Process withEnv(List<String> e) { return new Process(terminal, consoleSize, user, args, e, cwd, capabilities, rlimits, noNewPrivileges, apparmorProfile, oomScoreAdj); }
        public Process withCwd(String c) { return new Process(terminal, consoleSize, user, args, env, c, capabilities, rlimits, noNewPrivileges, apparmorProfile, oomScoreAdj); }
        public Process withCapabilities(Capabilities c) { return new Process(terminal, consoleSize, user, args, env, cwd, c, rlimits, noNewPrivileges, apparmorProfile, oomScoreAdj); }
        public Process withRlimits(List<Rlimit> r) { return new Process(terminal, consoleSize, user, args, env, cwd, capabilities, r, noNewPrivileges, apparmorProfile, oomScoreAdj); }
        public Process withNoNewPrivileges(boolean n) { return new Process(terminal, consoleSize, user, args, env, cwd, capabilities, rlimits, n, apparmorProfile, oomScoreAdj); }
        public Process withApparmorProfile(String a) { return new Process(terminal, consoleSize, user, args, env, cwd, capabilities, rlimits, noNewPrivileges, a, oomScoreAdj); }
        public Process withOomScoreAdj(Integer o) { return new Process(terminal, consoleSize, user, args, env, cwd, capabilities, rlimits, noNewPrivileges, apparmorProfile, o); }
    }

    /** A terminal size in character cells. */
    public record ConsoleSize(int height, int width) {
        public ConsoleSize {
            if (height < 0 || width < 0) throw new IllegalArgumentException("a console size is not negative: " + height + "x" + width);
        }
    }

    /**
     * Numeric ids the process runs with; names are resolved by the caller (from the image's
     * {@code /etc/passwd}), never here.
     */
    public record User(long uid, long gid, Integer umask, List<Long> additionalGids) {
        public User {
            additionalGids = Lists.copy(additionalGids);
            if (uid < 0 || gid < 0) throw new IllegalArgumentException("uid and gid are not negative: " + uid + ":" + gid);
        }

        public static final User ROOT = new User(0, 0, null, List.of());
    }

    /**
     * The process's capability sets, names as {@code CAP_CHOWN}. berth sets bounding, effective and
     * permitted alike and leaves inheritable and ambient empty, as Docker does since 20.10.14.
     */
    public record Capabilities(List<String> bounding, List<String> effective, List<String> inheritable,
                               List<String> permitted, List<String> ambient) {
        public Capabilities {
            bounding = Lists.copy(bounding);
            effective = Lists.copy(effective);
            inheritable = Lists.copy(inheritable);
            permitted = Lists.copy(permitted);
            ambient = Lists.copy(ambient);
        }

        /** Bounding, effective and permitted all set to {@code caps}. */
        public static Capabilities of(List<String> caps) {
            return new Capabilities(caps, caps, List.of(), caps, List.of());
        }
    }

    /**
     * A resource limit ({@code setrlimit(2)}). Without CAP_SYS_RESOURCE the runtime can only lower a
     * hard limit, never raise it above its own.
     *
     * @param type e.g. {@code RLIMIT_NOFILE}
     */
    public record Rlimit(String type, long hard, long soft) {
        public Rlimit {
            if (type == null || !type.startsWith("RLIMIT_")) throw new IllegalArgumentException("an rlimit type is RLIMIT_<NAME>: " + type);
            if (Long.compareUnsigned(soft, hard) > 0) {
                throw new IllegalArgumentException("the soft limit " + soft + " of " + type + " is above its hard limit " + hard);
            }
        }

        /** From a ulimit name as {@code docker run --ulimit} spells it ({@code nofile}, {@code nproc}...). */
        public static Rlimit of(String name, long soft, long hard) {
            return new Rlimit("RLIMIT_" + name.toUpperCase(java.util.Locale.ROOT), hard, soft);
        }
    }

    /** The root filesystem: an absolute path (berth always passes one) and whether it is read-only. */
    public record Root(String path, boolean readonly) {}

    /**
     * A mount the runtime performs inside the container.
     *
     * @param destination absolute path inside the container
     * @param type a filesystem type ({@code tmpfs}, {@code proc}...) or {@code bind}
     * @param source the device, directory or pseudo-filesystem name
     * @param options mount options ({@code ro}, {@code nosuid}, {@code rbind}, {@code size=65536k}...)
     */
    public record Mount(String destination, String type, String source, List<String> options) {
        public Mount {
            options = Lists.copy(options);
            if (destination == null || !destination.startsWith("/")) {
                throw new IllegalArgumentException("a mount destination is an absolute path: " + destination);
            }
        }

        public Mount withOptions(List<String> o) { return new Mount(destination, type, source, o); }

        /** A bind mount of a host path ({@code rbind}, private propagation), read-only if asked. */
        public static Mount bind(String source, String destination, boolean readOnly) {
            List<String> options = new ArrayList<>(List.of("rbind", "rprivate"));
            if (readOnly) options.add("ro");
            return new Mount(destination, "bind", source, options);
        }

        /** A tmpfs ({@code nosuid,nodev,noexec} unless {@code options} say otherwise). */
        public static Mount tmpfs(String destination, List<String> options) {
            List<String> all = new ArrayList<>(List.of("nosuid", "nodev", "noexec"));
            all.addAll(options);
            return new Mount(destination, "tmpfs", "tmpfs", all);
        }
    }

    /** Null-safe immutable copies, so JSON without a list reads as an empty one. */
    static final class Lists {
        private Lists() {}

        static <T> List<T> copy(List<T> list) {
            return list == null ? List.of() : List.copyOf(list);
        }

        static <V> Map<String, V> sortedCopy(Map<String, V> map) {
            return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
        }
    }
}

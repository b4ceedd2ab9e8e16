package dev.berth.runtime.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The {@code linux} part of a {@link Spec}.
 *
 * @param sysctl kernel parameters set in the container's namespaces, sorted by key
 * @param resources cgroup limits, never null ({@link Resources#NONE} when unlimited)
 * @param cgroupsPath the container's cgroup, cgroupfs style: {@code /berth/<id>} is relative to each hierarchy's root
 * @param namespaces the namespaces: a new one, or one joined through {@link Namespace#path()}
 * @param devices device nodes created in the container's {@code /dev} (besides the runtime's standard ones)
 * @param seccomp the syscall filter, or null for none (unconfined)
 * @param maskedPaths paths hidden from the container (a {@code /dev/null} or empty read-only tmpfs on top)
 * @param readonlyPaths paths bind-mounted read-only
 */
public record LinuxSpec(Map<String, String> sysctl, Resources resources, String cgroupsPath, List<Namespace> namespaces,
                        List<Device> devices, Seccomp seccomp, List<String> maskedPaths, List<String> readonlyPaths) {
    public LinuxSpec {
        sysctl = Spec.Lists.sortedCopy(sysctl);
        if (resources == null) resources = Resources.NONE;
        namespaces = Spec.Lists.copy(namespaces);
        devices = Spec.Lists.copy(devices);
        maskedPaths = Spec.Lists.copy(maskedPaths);
        readonlyPaths = Spec.Lists.copy(readonlyPaths);
    }

    public LinuxSpec withSysctl(Map<String, String> s) { return new LinuxSpec(s, resources, cgroupsPath, namespaces, devices, seccomp, maskedPaths, readonlyPaths); }
    public LinuxSpec withResources(Resources r) { return new LinuxSpec(sysctl, r, cgroupsPath, namespaces, devices, seccomp, maskedPaths, readonlyPaths); }
    public LinuxSpec withResources(UnaryOperator<Resources> f) { return withResources(f.apply(resources)); }
    public LinuxSpec withCgroupsPath(String c) { return new LinuxSpec(sysctl, resources, c, namespaces, devices, seccomp, maskedPaths, readonlyPaths); }
    public LinuxSpec withNamespaces(List<Namespace> n) { return new LinuxSpec(sysctl, resources, cgroupsPath, n, devices, seccomp, maskedPaths, readonlyPaths); }
    public LinuxSpec withDevices(List<Device> d) { return new LinuxSpec(sysctl, resources, cgroupsPath, namespaces, d, seccomp, maskedPaths, readonlyPaths); }
    public LinuxSpec withSeccomp(Seccomp s) { return new LinuxSpec(sysctl, resources, cgroupsPath, namespaces, devices, s, maskedPaths, readonlyPaths); }
    public LinuxSpec withMaskedPaths(List<String> m) { return new LinuxSpec(sysctl, resources, cgroupsPath, namespaces, devices, seccomp, m, readonlyPaths); }
    public LinuxSpec withReadonlyPaths(List<String> r) { return new LinuxSpec(sysctl, resources, cgroupsPath, namespaces, devices, seccomp, maskedPaths, r); }

    /** The namespace kinds, with their runtime-spec names. */
    public enum NamespaceType {
        PID, NETWORK, MOUNT, IPC, UTS, USER, CGROUP;

        @JsonValue
        public String specName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A namespace of the container: new when {@code path} is null, else the one the file at
     * {@code path} refers to ({@code /proc/<pid>/ns/net}, or a bind-mounted netns file).
     */
    public record Namespace(NamespaceType type, String path) {
        public Namespace {
            if (type == null) throw new IllegalArgumentException("a namespace needs a type");
            if (path != null && !path.startsWith("/")) throw new IllegalArgumentException("a namespace path is absolute: " + path);
        }
    }

    /**
     * A device node the runtime creates in the container.
     *
     * @param type {@code c} (character), {@code b} (block), {@code u} (unbuffered character) or {@code p} (fifo)
     */
    public record Device(String path, String type, long major, long minor, Integer fileMode, Long uid, Long gid) {}
}

package dev.berth.engine.container;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where and how {@link ContainerService} keeps containers.
 *
 * @param root         the containers' directories: {@code <data-root>/containers}
 * @param cgroupParent the cgroup every container's cgroup goes under ({@code /berth}: {@code /sys/fs/cgroup/<controller>/berth/<id>})
 * @param initBinary   the static init bind-mounted for {@code --init} (Docker's {@code docker-init}), or null if there is none
 * @param killTimeout  how long to wait for a container to exit after SIGKILL before its runtime state is deleted by force
 */
public record ContainerServiceConfig(Path root, String cgroupParent, Path initBinary, Duration killTimeout) {
    private static final List<String> INITS = List.of("docker-init", "tini-static", "catatonit");
    private static final List<String> DIRS = List.of("/usr/local/libexec/docker", "/usr/libexec/docker", "/usr/local/sbin",
            "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

    public ContainerServiceConfig {
        root = root.toAbsolutePath().normalize();
        if (cgroupParent == null || !cgroupParent.startsWith("/") || cgroupParent.length() < 2) {
            throw new IllegalArgumentException("the cgroup parent is an absolute cgroup path such as /berth, not " + cgroupParent);
        }
        if (killTimeout == null) killTimeout = Duration.ofSeconds(10);
    }

    /** {@code <dataRoot>/containers}, cgroups under {@code /berth}, the first static init found on the host. */
    public static ContainerServiceConfig defaults(Path dataRoot) {
        return new ContainerServiceConfig(dataRoot.resolve("containers"), "/berth", findInit(), Duration.ofSeconds(10));
    }

    public ContainerServiceConfig withCgroupParent(String parent) {
        return new ContainerServiceConfig(root, parent, initBinary, killTimeout);
    }

    public ContainerServiceConfig withInitBinary(Path init) {
        return new ContainerServiceConfig(root, cgroupParent, init, killTimeout);
    }

    /** {@code docker-init}, {@code tini-static} or {@code catatonit}, in Docker's and the usual system directories; null if none. */
    public static Path findInit() {
        for (String name : INITS) {
            for (String d : DIRS) {
                Path p = Path.of(d, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
            }
        }
        return null;
    }
}

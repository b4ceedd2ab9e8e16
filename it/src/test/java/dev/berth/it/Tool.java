package dev.berth.it;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An external program the integration tests need, with what to install when it is missing.
 * {@link #require()} fails (never skips) the calling test when the program is not there.
 */
public enum Tool {
    /** The docker CLI 28 that drives berthd in end-to-end tests; override with {@code -Dit.docker.cli=PATH}. */
    DOCKER_CLI(System.getProperty("it.docker.cli", "/usr/local/bin/docker"),
            "the docker CLI 28 (docker-ce-cli, /usr/local/bin/docker on the project machines), or pass -Dit.docker.cli=PATH"),
    /** Debian's Docker Engine 20.10, the reference for differential tests. */
    DOCKERD("/usr/sbin/dockerd", "apt-get install -y docker.io"),
    /** Debian's docker CLI 20.10. */
    DOCKER20_CLI("/usr/bin/docker", "apt-get install -y docker.io"),
    /** Debian's docker-compose 1.29 (python, docker-py 5). */
    DOCKER_COMPOSE_V1("/usr/bin/docker-compose", "apt-get install -y docker-compose"),
    CONTAINERD("/usr/bin/containerd", "apt-get install -y containerd"),
    RUNC("/usr/sbin/runc", "apt-get install -y runc"),
    CONMON("/usr/bin/conmon", "apt-get install -y conmon"),
    BUSYBOX("/bin/busybox", "apt-get install -y busybox-static"),
    DEBOOTSTRAP("/usr/sbin/debootstrap", "apt-get install -y debootstrap"),
    SKOPEO("/usr/bin/skopeo", "apt-get install -y skopeo"),
    DOCKER_REGISTRY("/usr/bin/docker-registry", "apt-get install -y docker-registry"),
    IPTABLES("/usr/sbin/iptables", "apt-get install -y iptables"),
    CNI_PLUGINS("/usr/lib/cni/bridge", "apt-get install -y containernetworking-plugins"),
    UMOUNT("/usr/bin/umount", "apt-get install -y mount"),
    /** The berth daemon launcher; override with {@code -Dit.berthd=PATH}. */
    BERTHD(null, "build berth first: scripts/setup (or scripts/mvn -q install -DskipTests)"),
    /** The berth CLI launcher; override with {@code -Dit.berth.cli=PATH}. */
    BERTH_CLI(null, "build berth first: scripts/setup (or scripts/mvn -q install -DskipTests)");

    private final String fixedPath;
    private final String install;

    Tool(String fixedPath, String install) {
        this.fixedPath = fixedPath;
        this.install = install;
    }

    /** Where the program is expected. */
    public Path path() {
        return switch (this) {
            case BERTHD -> Path.of(System.getProperty("it.berthd", Repo.root().resolve("bin/berthd").toString()));
            case BERTH_CLI -> Path.of(System.getProperty("it.berth.cli", Repo.root().resolve("bin/berth").toString()));
            default -> Path.of(fixedPath);
        };
    }

    /** How to get the program. */
    public String install() {
        return install;
    }

    public boolean isPresent() {
        Path p = path();
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }

    /** Returns the program's path, or fails the test with what to install. */
    public Path require() {
        if (!isPresent()) {
            throw new AssertionError("integration test precondition: " + name() + " not found at " + path()
                    + " (not executable or missing). Install it: " + install
                    + ". CI installs everything through .ci/run and scripts/setup.");
        }
        return path();
    }

    /** Fails the test unless every tool is present, naming all missing ones at once. */
    public static void requireAll(Tool... tools) {
        StringBuilder missing = new StringBuilder();
        for (Tool t : tools) {
            if (!t.isPresent()) {
                missing.append("\n  ").append(t.name()).append(" (").append(t.path()).append("): ").append(t.install);
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("integration test precondition: missing programs:" + missing
                    + "\nCI installs everything through .ci/run and scripts/setup.");
        }
    }
}

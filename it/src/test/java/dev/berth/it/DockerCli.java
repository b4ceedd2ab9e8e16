package dev.berth.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real docker CLI ({@link Tool#DOCKER_CLI}, version 28, by default) against one daemon socket, with
 * {@code DOCKER_HOST=unix://<socket>}, a fresh {@code DOCKER_CONFIG} dir, {@code DOCKER_BUILDKIT=0} (classic
 * {@code /build}) and no other DOCKER_* variable from the test JVM.
 *
 * <pre>{@code
 * DockerCli docker = berthd.docker();
 * docker.ok("version");
 * CliResult r = docker.withStdin(tarBytes).run("load");
 * }</pre>
 */
public final class DockerCli implements Cli {
    private final CliConfig config;

    private DockerCli(CliConfig config) {
        this.config = config;
    }

    /** The docker CLI 28 against {@code socket}, with a fresh DOCKER_CONFIG created under {@code workDir}. */
    public static DockerCli forSocket(Path socket, Path workDir) {
        return new DockerCli(new CliConfig(Tool.DOCKER_CLI.require(), "unix://" + socket.toAbsolutePath(),
                CliConfig.freshConfigDir(workDir, "docker-config"), Map.of(), null, DEFAULT_TIMEOUT));
    }

    /** Same, with another client binary (e.g. {@link Tool#DOCKER20_CLI}). */
    public DockerCli withBinary(Path binary) {
        return new DockerCli(config.withBinary(binary));
    }

    @Override
    public DockerCli withStdin(byte[] stdin) {
        return new DockerCli(config.withStdin(stdin));
    }

    @Override
    public DockerCli withTimeout(Duration timeout) {
        return new DockerCli(config.withTimeout(timeout));
    }

    @Override
    public DockerCli withEnv(String name, String value) {
        return new DockerCli(config.withEnv(name, value));
    }

    @Override
    public CliResult run(List<String> args) {
        return config.run(ownEnvironment(), args);
    }

    @Override
    public Map<String, String> environment() {
        return config.environment(ownEnvironment());
    }

    private Map<String, String> ownEnvironment() {
        return Map.of(
                "DOCKER_HOST", config.host(),
                "DOCKER_CONFIG", config.configDir().toString(),
                "DOCKER_BUILDKIT", "0",
                "DOCKER_CLI_HINTS", "false");
    }

    /** {@code rm -f} of every container, as the ITs' clean-up after each test. */
    public void removeAllContainers() {
        List<String> ids = ok("ps", "-aq").stdoutLines();
        if (ids.isEmpty()) return;
        List<String> rm = new java.util.ArrayList<>(List.of("rm", "-f"));
        rm.addAll(ids);
        ok(rm.toArray(String[]::new));
    }

    @Override
    public String host() {
        return config.host();
    }

    @Override
    public Path binary() {
        return config.binary();
    }

    public Path configDir() {
        return config.configDir();
    }

    @Override
    public String toString() {
        return "DockerCli[" + config.binary() + " -> " + config.host() + "]";
    }
}

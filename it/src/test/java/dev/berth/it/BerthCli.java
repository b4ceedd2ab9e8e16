package dev.berth.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The berth CLI ({@code bin/berth}, see {@link Tool#BERTH_CLI}) against one daemon socket, with
 * {@code BERTH_HOST=unix://<socket>} and a fresh {@code DOCKER_CONFIG} dir (for registry auth), and no DOCKER_*
 * or BERTH_* variable from the test JVM.
 */
public final class BerthCli implements Cli {
    private final CliConfig config;

    private BerthCli(CliConfig config) {
        this.config = config;
    }

    public static BerthCli forSocket(Path socket, Path workDir) {
        return new BerthCli(new CliConfig(Tool.BERTH_CLI.require(), "unix://" + socket.toAbsolutePath(),
                CliConfig.freshConfigDir(workDir, "berth-config"), Map.of(), null, DEFAULT_TIMEOUT));
    }

    @Override
    public BerthCli withStdin(byte[] stdin) {
        return new BerthCli(config.withStdin(stdin));
    }

    @Override
    public BerthCli withTimeout(Duration timeout) {
        return new BerthCli(config.withTimeout(timeout));
    }

    @Override
    public BerthCli withEnv(String name, String value) {
        return new BerthCli(config.withEnv(name, value));
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
                "BERTH_HOST", config.host(),
                "DOCKER_CONFIG", config.configDir().toString());
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
        return "BerthCli[" + config.binary() + " -> " + config.host() + "]";
    }
}

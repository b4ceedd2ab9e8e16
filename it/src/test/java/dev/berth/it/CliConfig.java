package dev.berth.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared state of {@link DockerCli} and {@link BerthCli}: binary, host, environment, stdin, timeout. */
record CliConfig(Path binary, String host, Path configDir, Map<String, String> extraEnv, byte[] stdin, Duration timeout) {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    CliConfig {
        extraEnv = Map.copyOf(extraEnv);
    }

    /** Creates a fresh, empty directory {@code <parent>/<prefix>-N} for DOCKER_CONFIG. */
    static Path freshConfigDir(Path parent, String prefix) {
        try {
            Files.createDirectories(parent);
            while (true) {
                Path dir = parent.resolve(prefix + "-" + COUNTER.incrementAndGet());
                if (!Files.exists(dir)) {
                    return Files.createDirectory(dir);
                }
            }
        } catch (IOException e) {
            throw ProcessRunner.unchecked("cannot create a CLI config dir under " + parent, e);
        }
    }

    CliConfig withStdin(byte[] in) {
        return new CliConfig(binary, host, configDir, extraEnv, in, timeout);
    }

    CliConfig withTimeout(Duration t) {
        return new CliConfig(binary, host, configDir, extraEnv, stdin, t);
    }

    CliConfig withEnv(String name, String value) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put(name, value);
        return new CliConfig(binary, host, configDir, env, stdin, timeout);
    }

    CliConfig withBinary(Path b) {
        return new CliConfig(b, host, configDir, extraEnv, stdin, timeout);
    }

    CliResult run(Map<String, String> env, List<String> args) {
        if (!Files.isExecutable(binary)) {
            throw new AssertionError("CLI " + binary + " not found or not executable");
        }
        List<String> cmd = new ArrayList<>(args.size() + 1);
        cmd.add(binary.toString());
        cmd.addAll(args);
        return ProcessRunner.run(cmd, environment(env), stdin, timeout);
    }

    /** The whole environment of a run: the scrubbed base, the CLI's own variables, then the extra ones. */
    Map<String, String> environment(Map<String, String> env) {
        Map<String, String> all = ProcessRunner.baseEnvironment();
        all.putAll(env);
        all.putAll(extraEnv);
        return all;
    }
}

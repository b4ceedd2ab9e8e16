package dev.berth.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A command-line client bound to one daemon socket. Instances are immutable: {@code with*} returns a copy.
 * {@link #run} never throws for a non-zero exit code (check it with {@link CliResult#assertSuccess()}); it throws
 * an AssertionError when the program cannot start or runs past its timeout.
 */
public sealed interface Cli permits DockerCli, BerthCli {
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    CliResult run(List<String> args);

    default CliResult run(String... args) {
        return run(List.of(args));
    }

    /** Shorthand for {@code run(args).assertSuccess()}. */
    default CliResult ok(String... args) {
        return run(List.of(args)).assertSuccess();
    }

    /** A copy whose runs get these bytes on stdin (instead of /dev/null). */
    Cli withStdin(byte[] stdin);

    Cli withTimeout(Duration timeout);

    /** A copy with one more environment variable. */
    Cli withEnv(String name, String value);

    /** The whole environment runs get (for starting the CLI some other way, e.g. under a pseudo-terminal). */
    Map<String, String> environment();

    /** {@code unix://...} address of the daemon this CLI talks to. */
    String host();

    /** The program run. */
    Path binary();
}

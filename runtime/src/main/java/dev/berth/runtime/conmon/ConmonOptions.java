package dev.berth.runtime.conmon;

import dev.berth.runtime.RuncRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * How berth runs conmon.
 *
 * @param binary the conmon executable
 * @param logLevel conmon's own log level ({@code error}, {@code warning}, {@code info}, {@code debug}, {@code trace})
 * @param syslog send conmon's own log to syslog (else it is lost once conmon daemonizes)
 * @param startTimeout how long the runtime may take to create a container or start an exec before berth gives up and kills it
 */
public record ConmonOptions(Path binary, String logLevel, boolean syslog, Duration startTimeout) {
    private static final Set<String> LEVELS = Set.of("error", "warning", "info", "debug", "trace");

    public ConmonOptions {
        if (!LEVELS.contains(logLevel)) throw new IllegalArgumentException("conmon log level is one of " + LEVELS + ", not " + logLevel);
        if (startTimeout.isNegative() || startTimeout.isZero()) throw new IllegalArgumentException("the start timeout is positive");
    }

    /** {@code conmon} from the PATH (or the sbin/bin directories), log level {@code error}, a 2-minute start timeout. */
    public static ConmonOptions defaults() {
        return new ConmonOptions(RuncRuntime.resolveExecutable("conmon", "conmon"), "error", false, Duration.ofMinutes(2));
    }
}

package dev.berth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Preconditions of the integration tests. Each one <em>fails</em> the test when it does not hold: an
 * integration test never skips itself, so a CI run that lacks root or a program is red, not silently green.
 */
public final class Preconditions {
    private Preconditions() {}

    /** Fails unless the JVM runs with effective uid 0. */
    public static void requireRoot() {
        long euid = effectiveUid();
        if (euid != 0) {
            throw new AssertionError("integration test precondition: needs root (effective uid is " + euid
                    + "). Run the integration tests as root, as CI does (.ci/run, scripts/test).");
        }
    }

    /** The effective uid of this process, from /proc/self/status. */
    public static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status", e);
        }
        throw new AssertionError("no Uid line in /proc/self/status");
    }
}

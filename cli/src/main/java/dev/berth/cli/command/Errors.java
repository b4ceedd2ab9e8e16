package dev.berth.cli.command;

import dev.berth.cli.CliException;
import dev.berth.client.ConnectionFailedException;
import dev.berth.common.EngineException;
import java.util.List;

/** Error texts as docker prints them, and docker's {@code errors.Join} of several. */
final class Errors {
    private Errors() {}

    /** What docker prints for one failure of a per-container operation. */
    static String message(RuntimeException e) {
        if (e instanceof EngineException) return "Error response from daemon: " + e.getMessage();
        return e.getMessage();
    }

    /** Fails with the messages one per line (status 1), if there are any. */
    static void throwJoined(List<String> errors) {
        if (!errors.isEmpty()) throw new CliException(String.join("\n", errors));
    }

    /** Whether a failure must end the command at once rather than be collected (the daemon is unreachable). */
    static boolean fatal(RuntimeException e) {
        return e instanceof ConnectionFailedException;
    }
}

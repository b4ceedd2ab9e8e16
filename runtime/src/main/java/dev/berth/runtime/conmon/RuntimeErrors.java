package dev.berth.runtime.conmon;

import dev.berth.common.EngineException;
import java.util.Locale;

/**
 * How an OCI runtime's failure to start a process is reported: Docker's exit codes and error
 * kinds (moby {@code translateContainerdStartErr}). A missing executable ("executable file not
 * found", "no such file or directory") gives 127; one that cannot be run ("permission denied",
 * "not a directory") gives 126; both are the user's mistake ({@link EngineException.InvalidArgument},
 * 400). Anything else gives 128 and is a server-side failure ({@link EngineException.FailedPrecondition}).
 */
public final class RuntimeErrors {
    /** Exit code of a container whose command was not found. */
    public static final int COMMAND_NOT_FOUND = 127;
    /** Exit code of a container whose command could not be invoked. */
    public static final int COMMAND_NOT_EXECUTABLE = 126;
    /** Exit code of a container that failed to start for another reason. */
    public static final int START_FAILED = 128;

    private RuntimeErrors() {}

    /** Docker's exit code for a start failure with this message (from the runtime or from an exception). */
    public static int exitCode(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (m.contains("executable file not found") || m.contains("no such file or directory")
                || m.contains("system cannot find the file specified")) {
            return COMMAND_NOT_FOUND;
        }
        if (m.contains("permission denied") || m.contains("not a directory")) return COMMAND_NOT_EXECUTABLE;
        return START_FAILED;
    }

    /**
     * The exception for a runtime's failure in a phase ({@code create}, {@code exec}), worded as Docker
     * words it: {@code OCI runtime create failed: <runtime's message>}.
     */
    public static EngineException failure(String phase, String runtimeMessage) {
        String msg = runtimeMessage == null || runtimeMessage.isBlank() ? "the runtime failed without a message" : runtimeMessage.strip();
        String text = "OCI runtime " + phase + " failed: " + msg;
        return exitCode(msg) == START_FAILED ? new EngineException.FailedPrecondition(text) : new EngineException.InvalidArgument(text);
    }
}

package dev.berth.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * What a CLI run gave back. The byte arrays are the raw output (e.g. {@code docker save} to stdout); they are
 * not copied, so do not modify them.
 */
public record CliResult(List<String> command, int exitCode, byte[] stdoutBytes, byte[] stderrBytes, Duration elapsed) {

    public CliResult {
        command = List.copyOf(command);
    }

    public String stdout() {
        return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    public String stderr() {
        return new String(stderrBytes, StandardCharsets.UTF_8);
    }

    /** Non-empty stdout lines, trimmed. */
    public List<String> stdoutLines() {
        return stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Fails unless the exit code is 0; returns this for chaining. */
    public CliResult assertSuccess() {
        return assertExitCode(0);
    }

    /** Fails unless the exit code is not 0. */
    public CliResult assertFailure() {
        if (exitCode == 0) {
            throw new AssertionError("expected a failure, but it succeeded\n" + describe());
        }
        return this;
    }

    public CliResult assertExitCode(int expected) {
        if (exitCode != expected) {
            throw new AssertionError("expected exit code " + expected + ", got " + exitCode + "\n" + describe());
        }
        return this;
    }

    /** Command, exit code, time and (abbreviated) output, for failure messages. */
    public String describe() {
        return "$ " + String.join(" ", command) + "\nexit code " + exitCode + " after " + elapsed.toMillis() + " ms"
                + "\n--- stdout ---\n" + abbreviate(stdoutBytes) + "\n--- stderr ---\n" + abbreviate(stderrBytes);
    }

    @Override
    public String toString() {
        return "CliResult[" + String.join(" ", command) + " -> " + exitCode + "]";
    }

    static String abbreviate(byte[] bytes) {
        int max = 8192;
        if (bytes.length <= max) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return "[" + (bytes.length - max) + " bytes cut]...\n"
                + new String(bytes, bytes.length - max, max, StandardCharsets.UTF_8);
    }
}

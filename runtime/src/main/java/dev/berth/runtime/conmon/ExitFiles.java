package dev.berth.runtime.conmon;

import dev.berth.common.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * conmon's exit files: the exit code as decimal text, written (atomically, by rename) when the
 * container's process has exited and its output is drained. The code is Docker's: the process's
 * exit status, or 128 + the signal number if a signal killed it (137 for SIGKILL, 143 for SIGTERM).
 */
public final class ExitFiles {
    private ExitFiles() {}

    /** The code in {@code file}, or empty if there is no such file yet. */
    public static OptionalInt read(Path file) {
        String text;
        try {
            text = Files.readString(file).trim();
        } catch (NoSuchFileException e) {
            return OptionalInt.empty();
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot read the exit file " + file + ": " + e.getMessage(), e);
        }
        try {
            return OptionalInt.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            throw new EngineException.DataCorruption("the exit file " + file + " does not hold an exit code: '" + text + "'", e);
        }
    }
}

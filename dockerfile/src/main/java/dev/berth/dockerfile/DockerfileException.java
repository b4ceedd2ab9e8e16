package dev.berth.dockerfile;

import dev.berth.common.EngineException;

/**
 * A Dockerfile that cannot be parsed. The message is Docker's: {@code dockerfile parse error line
 * 3: unknown instruction: FOO}; {@link #detail()} is the part after the location. Parsing throws
 * nothing else, whatever the input. The builder turns it into an {@link EngineException} (a 400)
 * with {@link #toEngineException()}.
 */
public final class DockerfileException extends RuntimeException {
    private final String fileName;
    private final int line;
    private final String detail;

    /**
     * @param fileName the Dockerfile's name as the user gave it (e.g. {@code Dockerfile})
     * @param line     the 1-based line the error is on, or 0 when it is about the whole file
     * @param detail   what is wrong, in Docker's words
     */
    public DockerfileException(String fileName, int line, String detail) {
        super(line > 0 ? "dockerfile parse error line " + line + ": " + detail : detail);
        this.fileName = fileName;
        this.line = line;
        this.detail = detail;
    }

    /** The Dockerfile's name as given to the parser. */
    public String fileName() { return fileName; }

    /** The 1-based line of the error, 0 when it concerns the whole file. */
    public int line() { return line; }

    /** What is wrong, without the location prefix. */
    public String detail() { return detail; }

    /** This error placed at a line of a file (for errors found without knowing where, e.g. expansion). */
    public DockerfileException at(String fileName, int line) {
        return new DockerfileException(fileName, line, detail);
    }

    /** This error as the engine's "bad input" error (HTTP 400), with the same message. */
    public EngineException.InvalidArgument toEngineException() {
        return new EngineException.InvalidArgument(getMessage(), this);
    }
}

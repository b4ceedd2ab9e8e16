package dev.berth.dockerfile;

import dev.berth.common.EngineException;

/**
 * A Dockerfile that cannot be parsed, or a word that cannot be expanded. The message is Docker's
 * (dockerd 20.10's classic builder): {@code dockerfile parse error line 3: unknown instruction: FOO},
 * {@code the Dockerfile (Dockerfile) cannot be empty}, {@code failed to parse Dockerfile: file with no
 * instructions}; where Docker names no line (its lexical errors such as {@code ENV must have two
 * arguments}) berth adds {@code dockerfile parse error line N: } all the same. A bad substitution
 * ({@link Instruction#expand}) keeps Docker's {@code failed to process "${x": ...} with the line in
 * {@link #line()} only. {@link #detail()} is the part after the location. Parsing throws
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
        this(fileName, line, detail, line > 0 ? "dockerfile parse error line " + line + ": " + detail : detail);
    }

    private DockerfileException(String fileName, int line, String detail, String message) {
        super(message);
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

    /**
     * This error placed at a line of a file, its message unchanged: for errors found at build time
     * without knowing where (a bad substitution), which Docker reports without a line
     * ({@code failed to process "${x": ...}}); {@link #line()} still tells where.
     */
    public DockerfileException at(String fileName, int line) {
        return new DockerfileException(fileName, line, detail, getMessage());
    }

    /** This error as the engine's "bad input" error (HTTP 400), with the same message. */
    public EngineException.InvalidArgument toEngineException() {
        return new EngineException.InvalidArgument(getMessage(), this);
    }
}

package dev.berth.dockerfile;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * A {@code .dockerignore}: Docker's rules (moby/patternmatcher). Each non-comment line is a pattern,
 * cleaned like Go's {@code filepath.Clean} with a leading {@code /} or {@code ./} removed; {@code *}
 * and {@code ?} do not cross {@code /}, {@code **} matches any number of directories,
 * {@code [...]} is a character class, {@code \} escapes; a pattern also excludes everything below a
 * directory it matches; {@code !pattern} re-includes; the last matching pattern wins.
 */
public final class DockerIgnore {

    /**
     * One pattern line.
     *
     * @param pattern   the cleaned pattern, without {@code !}
     * @param exclusion true for a {@code !} line (re-includes)
     */
    public record Pattern(String pattern, boolean exclusion) {}

    /** The file Docker reads besides a Dockerfile at {@code <dockerfile>.dockerignore}. */
    public static final String FILE_NAME = ".dockerignore";

    private final List<Pattern> patterns;

    private DockerIgnore(List<Pattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** Nothing ignored. */
    public static DockerIgnore empty() {
        return new DockerIgnore(List.of());
    }

    /**
     * Parses a {@code .dockerignore}: lines starting with {@code #} are comments, blank lines are
     * skipped, surrounding spaces are trimmed.
     *
     * @throws DockerfileException a bad pattern (e.g. an unterminated {@code [}), or {@code !} alone
     */
    public static DockerIgnore parse(String text) {
        throw new UnsupportedOperationException();
    }

    /**
     * Reads the ignore file for a build: {@code <dockerfile>.dockerignore} next to the Dockerfile
     * when it exists (BuildKit's Dockerfile-specific ignore file), else the context's
     * {@code .dockerignore}, else nothing ignored.
     *
     * @param contextDir the build context
     * @param dockerfile the Dockerfile's path (absolute, or relative to the context), or null
     */
    public static DockerIgnore read(Path contextDir, Path dockerfile) throws IOException {
        throw new UnsupportedOperationException();
    }

    /** The patterns, in file order. */
    public List<Pattern> patterns() { return patterns; }

    /**
     * Whether a context path is excluded: the last pattern matching it or one of its parent
     * directories decides. {@code path} is relative to the context, with {@code /} separators
     * ({@code ./}, leading {@code /} and {@code ..} tolerated and cleaned).
     */
    public boolean excludes(String path) {
        throw new UnsupportedOperationException();
    }

    /**
     * Whether a walk must look inside an excluded directory because some {@code !} pattern could
     * re-include something below it. False means the whole directory can be skipped.
     */
    public boolean mayReincludeBelow(String dir) {
        throw new UnsupportedOperationException();
    }

    /** What {@link #walk} reports for each path it keeps. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * @param relPath the path relative to the context, {@code /}-separated, never empty
         * @param file    its absolute path
         * @param attrs   its attributes, symlinks not followed
         */
        void visit(String relPath, Path file, BasicFileAttributes attrs) throws IOException;
    }

    /**
     * Walks a context directory in sorted order (parents before children, names by byte order),
     * calling {@code visitor} for every file, directory and symlink that is not excluded; excluded
     * directories are not entered unless an exception could re-include something below them (then
     * the directory itself is not reported, only what is re-included). Symlinks are not followed.
     */
    public void walk(Path contextDir, Visitor visitor) throws IOException {
        throw new UnsupportedOperationException();
    }

    /** The relative paths {@link #walk} would report, in order. */
    public List<String> includedPaths(Path contextDir) throws IOException {
        throw new UnsupportedOperationException();
    }

}

package dev.berth.dockerfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.regex.PatternSyntaxException;
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

    /** The ignore file's name in a context's root. */
    public static final String FILE_NAME = ".dockerignore";

    private final List<Pattern> patterns;
    private final List<Matcher> matchers;

    private DockerIgnore(List<Pattern> patterns) {
        this.patterns = List.copyOf(patterns);
        this.matchers = this.patterns.stream().map(Matcher::compile).toList();
    }

    /** Nothing ignored. */
    public static DockerIgnore empty() {
        return new DockerIgnore(List.of());
    }

    /**
     * Parses a {@code .dockerignore} (moby's ignorefile.ReadAll): a UTF-8 byte order mark is
     * dropped, lines starting with {@code #} are comments, blank lines are skipped, surrounding
     * spaces are trimmed, each pattern is cleaned and a leading {@code /} removed.
     *
     * @throws DockerfileException a bad pattern (e.g. an unterminated {@code [}), or {@code !} alone
     */
    public static DockerIgnore parse(String text) {
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<Pattern> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            if (line.startsWith("#")) continue;
            String p = Parser.trimSpace(line);
            if (p.isEmpty()) continue;
            boolean invert = p.charAt(0) == '!';
            if (invert) p = Parser.trimSpace(p.substring(1));
            if (!p.isEmpty()) {
                p = clean(p);
                if (p.length() > 1 && p.charAt(0) == '/') p = p.substring(1);
            }
            if (invert && p.isEmpty()) throw new DockerfileException(FILE_NAME, 0, "illegal exclusion pattern: \"!\"");
            if (!validGlob(p)) {
                throw new DockerfileException(FILE_NAME, 0, "syntax error in pattern " + GoQuote.quote(p) + " in " + FILE_NAME);
            }
            out.add(new Pattern(p, invert));
        }
        try {
            return new DockerIgnore(out);
        } catch (PatternSyntaxException e) {
            throw new DockerfileException(FILE_NAME, 0, "syntax error in pattern " + GoQuote.quote(e.getPattern()) + " in " + FILE_NAME);
        }
    }

    /**
     * Reads the ignore file for a build: {@code <dockerfile>.dockerignore} next to the Dockerfile
     * when it exists (BuildKit's Dockerfile-specific ignore file, e.g.
     * {@code build/app.Dockerfile.dockerignore}), else the context's {@code .dockerignore}, else
     * nothing ignored.
     *
     * @param contextDir the build context
     * @param dockerfile the Dockerfile's path (absolute, or relative to the context), or null
     * @throws DockerfileException a bad pattern
     */
    public static DockerIgnore read(Path contextDir, Path dockerfile) throws IOException {
        if (dockerfile != null) {
            Path df = contextDir.resolve(dockerfile);
            Path specific = df.resolveSibling(df.getFileName() + FILE_NAME);
            if (Files.isRegularFile(specific)) return parse(Files.readString(specific, StandardCharsets.UTF_8));
        }
        Path plain = contextDir.resolve(FILE_NAME);
        if (Files.isRegularFile(plain)) return parse(Files.readString(plain, StandardCharsets.UTF_8));
        return empty();
    }

    /** The patterns, in file order. */
    public List<Pattern> patterns() { return patterns; }

    /**
     * These patterns plus a {@code !path} exception for each given path they exclude: what the
     * docker CLI does so the Dockerfile and {@code .dockerignore} always reach the builder.
     */
    public DockerIgnore keeping(String... paths) {
        List<Pattern> more = new ArrayList<>(patterns);
        for (String p : paths) {
            String c = clean(p);
            if (c.startsWith("/")) c = c.substring(1);
            if (excludes(c)) more.add(new Pattern(c, true));
        }
        return more.size() == patterns.size() ? this : new DockerIgnore(more);
    }

    /**
     * Whether a context path is excluded: the last pattern matching it or one of its parent
     * directories decides (patternmatcher's MatchesOrParentMatches). {@code path} is relative to
     * the context, with {@code /} separators ({@code ./}, leading {@code /} and {@code ..} are
     * cleaned); the context itself is never excluded.
     */
    public boolean excludes(String path) {
        String file = clean(path);
        while (file.startsWith("/")) file = file.substring(1);
        if (file.isEmpty() || file.equals(".")) return false;
        String[] parents = parentDirs(file);
        boolean matched = false;
        for (Matcher m : matchers) {
            if (m.pattern.exclusion() != matched) continue;
            boolean match = m.matches(file);
            for (int i = 0; !match && i < parents.length; i++) match = m.matches(parents[i]);
            if (match) matched = !m.pattern.exclusion();
        }
        return matched;
    }

    /**
     * Whether a walk must look inside an excluded directory because an exception could re-include
     * something below it (Docker's rule: an exception pattern that starts with {@code dir/}).
     * False means the whole directory can be skipped.
     */
    public boolean mayReincludeBelow(String dir) {
        String d = clean(dir);
        while (d.startsWith("/")) d = d.substring(1);
        String prefix = d + "/";
        for (Pattern p : patterns) {
            if (p.exclusion() && (p.pattern() + "/").startsWith(prefix)) return true;
        }
        return false;
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
     * Walks a context directory in sorted order (parents before children, names by code point),
     * calling {@code visitor} for every file, directory and symlink that is not excluded; excluded
     * directories are not entered unless an exception could re-include something below them (then
     * the directory itself is not reported, only what is re-included). Symlinks are not followed.
     */
    public void walk(Path contextDir, Visitor visitor) throws IOException {
        walk(contextDir, "", visitor);
    }

    private void walk(Path dir, String rel, Visitor visitor) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) children.add(p);
        }
        children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        for (Path child : children) {
            String name = child.getFileName().toString();
            String childRel = rel.isEmpty() ? name : rel + "/" + name;
            BasicFileAttributes attrs = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (excludes(childRel)) {
                if (attrs.isDirectory() && mayReincludeBelow(childRel)) walk(child, childRel, visitor);
                continue;
            }
            visitor.visit(childRel, child, attrs);
            if (attrs.isDirectory()) walk(child, childRel, visitor);
        }
    }

    /** The relative paths {@link #walk} would report, in order. */
    public List<String> includedPaths(Path contextDir) throws IOException {
        List<String> out = new ArrayList<>();
        walk(contextDir, (rel, file, attrs) -> out.add(rel));
        return out;
    }

    @Override public String toString() {
        return patterns.stream().map(p -> (p.exclusion() ? "!" : "") + p.pattern()).toList().toString();
    }

    private static String[] parentDirs(String file) {
        int slash = file.lastIndexOf('/');
        if (slash < 0) return new String[0];
        String[] dirs = file.substring(0, slash).split("/", -1);
        String[] out = new String[dirs.length];
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < dirs.length; i++) {
            if (i > 0) b.append('/');
            b.append(dirs[i]);
            out[i] = b.toString();
        }
        return out;
    }

    /** Go's {@code path.Clean}: the shortest equivalent path. */
    static String clean(String path) {
        if (path.isEmpty()) return ".";
        boolean rooted = path.startsWith("/");
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                if (!out.isEmpty() && !out.getLast().equals("..")) out.removeLast();
                else if (!rooted) out.add("..");
                continue;
            }
            out.add(part);
        }
        String joined = String.join("/", out);
        if (rooted) return "/" + joined;
        return joined.isEmpty() ? "." : joined;
    }

    /** Whether Go's {@code filepath.Match} accepts the pattern's syntax. */
    private static boolean validGlob(String p) {
        int n = p.length();
        int i = 0;
        while (i < n) {
            char c = p.charAt(i);
            if (c == '\\') {
                if (i + 1 >= n) return false;
                i += 2;
                continue;
            }
            if (c != '[') {
                i++;
                continue;
            }
            i++;
            if (i < n && p.charAt(i) == '^') i++;
            int ranges = 0;
            while (true) {
                if (i >= n) return false;
                if (p.charAt(i) == ']' && ranges > 0) {
                    i++;
                    break;
                }
                i = classChar(p, i);
                if (i < 0) return false;
                if (i < n && p.charAt(i) == '-') {
                    i = classChar(p, i + 1);
                    if (i < 0) return false;
                }
                ranges++;
            }
        }
        return true;
    }

    /** The index after one (possibly escaped) class character at {@code i}, or -1 when there is none. */
    private static int classChar(String p, int i) {
        if (i >= p.length() || p.charAt(i) == '-' || p.charAt(i) == ']') return -1;
        if (p.charAt(i) == '\\') {
            i++;
            if (i >= p.length()) return -1;
        }
        return i + Character.charCount(p.codePointAt(i));
    }

    /** One compiled pattern (patternmatcher's Pattern.compile with its four match types). */
    private record Matcher(Pattern pattern, Type type, java.util.regex.Pattern regex) {
        enum Type { EXACT, PREFIX, SUFFIX, REGEX }

        static Matcher compile(Pattern p) {
            String pat = p.pattern();
            StringBuilder re = new StringBuilder("^");
            Type type = Type.EXACT;
            int[] cps = pat.codePoints().toArray();
            boolean inClass = false;
            for (int i = 0, token = 0; i < cps.length; i++, token++) {
                int ch = cps[i];
                if (ch == '*' && !inClass) {
                    if (i + 1 < cps.length && cps[i + 1] == '*') {
                        i++;
                        if (i + 1 < cps.length && cps[i + 1] == '/') i++;
                        if (i + 1 >= cps.length) {
                            if (type == Type.EXACT) type = Type.PREFIX;
                            else {
                                re.append(".*");
                                type = Type.REGEX;
                            }
                        } else {
                            re.append("(.*/)?");
                            type = Type.REGEX;
                        }
                        if (token == 0) type = Type.SUFFIX;
                    } else {
                        re.append("[^/]*");
                        type = Type.REGEX;
                    }
                } else if (ch == '?' && !inClass) {
                    re.append("[^/]");
                    type = Type.REGEX;
                } else if (".+()|{}$".indexOf(ch) >= 0) {
                    re.append('\\').appendCodePoint(ch);
                } else if (ch == '\\') {
                    if (i + 1 < cps.length) {
                        int next = cps[++i];
                        if (Character.isLetterOrDigit(next)) re.append('\\').appendCodePoint(next);
                        else literal(re, next);
                        type = Type.REGEX;
                    } else {
                        re.append("\\\\");
                    }
                } else if (ch == '[') {
                    re.append(inClass ? "\\[" : "[");
                    if (!inClass && i + 1 < cps.length && cps[i + 1] == '^') {
                        re.append('^');
                        i++;
                    }
                    inClass = true;
                    type = Type.REGEX;
                } else if (ch == ']') {
                    re.append(']');
                    inClass = false;
                    type = Type.REGEX;
                } else if (inClass && ch == '-') {
                    re.append('-');
                } else {
                    literal(re, ch);
                }
            }
            java.util.regex.Pattern regex = null;
            if (type == Type.REGEX) regex = java.util.regex.Pattern.compile(re.append('$').toString(), java.util.regex.Pattern.DOTALL);
            return new Matcher(p, type, regex);
        }

        /** A character matched literally, inside or outside a class. */
        private static void literal(StringBuilder re, int ch) {
            if (ch < 128 && !Character.isLetterOrDigit(ch)) re.append('\\');
            re.appendCodePoint(ch);
        }

        boolean matches(String path) {
            String pat = pattern.pattern();
            return switch (type) {
                case EXACT -> path.equals(pat);
                case PREFIX -> path.startsWith(pat.substring(0, pat.length() - 2));
                case SUFFIX -> {
                    String suffix = pat.substring(2);
                    yield path.endsWith(suffix) || (suffix.startsWith("/") && path.equals(suffix.substring(1)));
                }
                case REGEX -> regex.matcher(path).matches();
            };
        }
    }
}

package dev.berth.dockerfile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's shell-like word processing for Dockerfiles (BuildKit's {@code shell.Lex}): single and
 * double quotes, the escape character, {@code $x}, {@code ${x}}, {@code ${x:-word}},
 * {@code ${x-word}}, {@code ${x:+word}}, {@code ${x+word}}, {@code ${x:?msg}}, {@code ${x?msg}}.
 * An unset variable expands to the empty string. Not a shell: no command substitution, no globbing.
 */
public final class ShellLex {

    /** The result of processing one word. */
    public record Expansion(String word, List<String> words, Set<String> matched, Set<String> unmatched) {
        public Expansion {
            words = List.copyOf(words);
            matched = Set.copyOf(matched);
            unmatched = Set.copyOf(unmatched);
        }
    }

    private final char escapeToken;
    private final boolean rawQuotes;
    private final boolean rawEscapes;
    private final boolean skipUnsetEnv;
    private final boolean skipProcessQuotes;

    /** A lexer with the Dockerfile's escape token ({@link Dockerfile#escapeToken()}). */
    public ShellLex(char escapeToken) {
        this(escapeToken, false, false, false, false);
    }

    /** The variants the parser and heredoc expansion use (BuildKit's Lex options). */
    ShellLex(char escapeToken, boolean rawQuotes, boolean rawEscapes, boolean skipUnsetEnv, boolean skipProcessQuotes) {
        this.escapeToken = escapeToken;
        this.rawQuotes = rawQuotes;
        this.rawEscapes = rawEscapes;
        this.skipUnsetEnv = skipUnsetEnv;
        this.skipProcessQuotes = skipProcessQuotes;
    }

    /**
     * Processes one word: substitutes variables from {@code env} (name → value), removes quotes and
     * escapes; spaces are kept.
     *
     * @return the word ({@link Expansion#word()}), its split into words on unquoted whitespace after
     *         substitution ({@link Expansion#words()}), and the variable names looked up that were
     *         set ({@code matched}) or not ({@code unmatched})
     * @throws DockerfileException a bad substitution, e.g. {@code failed to process "${x": syntax
     *                             error: missing '}'}, with line 0
     */
    public Expansion process(String word, Map<String, String> env) {
        Lexer lx = new Lexer(word, env);
        try {
            Result r = lx.processStopOn(EOF, rawEscapes);
            return new Expansion(r.word, r.words, lx.matched, lx.unmatched);
        } catch (LexError e) {
            throw new DockerfileException(null, 0, "failed to process " + GoQuote.quote(word) + ": " + e.getMessage());
        }
    }

    /** {@link #process}'s word. */
    public String processWord(String word, Map<String, String> env) {
        return process(word, env).word();
    }

    /** {@link #process}'s words. */
    public List<String> processWords(String word, Map<String, String> env) {
        return process(word, env).words();
    }

    /**
     * An expander over one scope for {@link Instruction#expand}; it records the variables its words
     * used ({@link Scope#used()}: the build args among them go into the cache key).
     */
    public Scope scope(Map<String, String> env) {
        return new Scope(env);
    }

    /** A {@link WordExpander} over one scope that records which variables were used. */
    public final class Scope implements WordExpander {
        private final Map<String, String> env;
        private final Set<String> used = new LinkedHashSet<>();
        private final Set<String> unset = new LinkedHashSet<>();

        private Scope(Map<String, String> env) {
            this.env = Map.copyOf(env);
        }

        @Override public String word(String word) {
            return record(process(word, env)).word();
        }

        @Override public List<String> words(String word) {
            return record(process(word, env)).words();
        }

        @Override public String raw(String text) {
            // BuildKit expands heredoc bodies with the default escape token, whatever the directive
            return record(new ShellLex('\\', false, false, false, true).process(text, env)).word();
        }

        /** Names of the variables referenced so far that were set, in first-use order. */
        public Set<String> used() { return Set.copyOf(used); }

        /** Names of the variables referenced so far that were not set. */
        public Set<String> unset() { return Set.copyOf(unset); }

        private Expansion record(Expansion e) {
            used.addAll(e.matched());
            unset.addAll(e.unmatched());
            return e;
        }
    }

    private static final int EOF = -1;
    /** How deeply {@code ${a:-${b:-...}}} may nest (a guard against stack exhaustion). */
    private static final int MAX_DEPTH = 100;

    private record Result(String word, List<String> words) {}

    /** A substitution error; {@link #process} wraps it as Docker does. */
    private static final class LexError extends RuntimeException {
        LexError(String message) { super(message, null, false, false); }
    }

    /** Splits processed text into words on whitespace that came from unquoted text or variables. */
    private static final class Words {
        private final StringBuilder buf = new StringBuilder();
        private final List<String> words = new ArrayList<>();
        private boolean inWord;

        void addChar(int ch) {
            if (Character.isWhitespace(ch)) {
                if (inWord && !buf.isEmpty()) {
                    words.add(buf.toString());
                    buf.setLength(0);
                    inWord = false;
                }
            } else {
                addRawChar(ch);
            }
        }

        void addRawChar(int ch) {
            buf.appendCodePoint(ch);
            inWord = true;
        }

        void addString(String s) {
            s.codePoints().forEach(this::addChar);
        }

        void addRawString(String s) {
            buf.append(s);
            inWord = true;
        }

        List<String> get() {
            if (!buf.isEmpty()) {
                words.add(buf.toString());
                buf.setLength(0);
                inWord = false;
            }
            return words;
        }
    }

    /** One run over one word (BuildKit's shellWord). */
    private final class Lexer {
        private final int[] cps;
        private int pos;
        private final Map<String, String> env;
        private final Set<String> matched = new LinkedHashSet<>();
        private final Set<String> unmatched = new LinkedHashSet<>();
        private boolean raw;
        private int depth;

        Lexer(String word, Map<String, String> env) {
            this.cps = word.codePoints().toArray();
            this.env = env;
            this.raw = rawEscapes;
        }

        private int peek() { return pos < cps.length ? cps[pos] : EOF; }

        private int next() { return pos < cps.length ? cps[pos++] : EOF; }

        Result processStopOn(int stopChar, boolean rawEscapesHere) {
            boolean saved = raw;
            raw = rawEscapesHere;
            try {
                StringBuilder result = new StringBuilder();
                Words words = new Words();
                while (peek() != EOF) {
                    int ch = peek();
                    if (stopChar != EOF && ch == stopChar) {
                        next();
                        return new Result(result.toString(), words.get());
                    }
                    if (ch == '$') {
                        String tmp = processDollar();
                        result.append(tmp);
                        words.addString(tmp);
                    } else if (ch == '<') {
                        String tmp = processPossibleHeredoc();
                        result.append(tmp);
                        words.addRawString(tmp);
                    } else if (!skipProcessQuotes && (ch == '\'' || ch == '"')) {
                        String tmp = ch == '\'' ? processSingleQuote() : processDoubleQuote();
                        result.append(tmp);
                        words.addRawString(tmp);
                    } else {
                        ch = next();
                        if (ch == escapeToken) {
                            if (raw) {
                                words.addRawChar(ch);
                                result.appendCodePoint(ch);
                            }
                            ch = next();
                            if (ch == EOF) break;
                            words.addRawChar(ch);
                        } else {
                            words.addChar(ch);
                        }
                        result.appendCodePoint(ch);
                    }
                }
                if (stopChar != EOF) {
                    throw new LexError("unexpected end of statement while looking for matching " + Character.toString(stopChar));
                }
                return new Result(result.toString(), words.get());
            } finally {
                raw = saved;
            }
        }

        private String processSingleQuote() {
            StringBuilder result = new StringBuilder();
            int ch = next();
            if (rawQuotes) result.appendCodePoint(ch);
            while (true) {
                ch = next();
                if (ch == EOF) throw new LexError("unexpected end of statement while looking for matching single-quote");
                if (ch == '\'') {
                    if (rawQuotes) result.appendCodePoint(ch);
                    return result.toString();
                }
                result.appendCodePoint(ch);
            }
        }

        private String processDoubleQuote() {
            StringBuilder result = new StringBuilder();
            int ch = next();
            if (rawQuotes) result.appendCodePoint(ch);
            while (true) {
                int p = peek();
                if (p == EOF) throw new LexError("unexpected end of statement while looking for matching double-quote");
                if (p == '"') {
                    ch = next();
                    if (rawQuotes) result.appendCodePoint(ch);
                    return result.toString();
                }
                if (p == '$') {
                    result.append(processDollar());
                    continue;
                }
                ch = next();
                if (ch == escapeToken) {
                    if (raw) result.appendCodePoint(ch);
                    int q = peek();
                    if (q == EOF) continue;
                    if (q == '"' || q == '$' || q == escapeToken) ch = next();
                }
                result.appendCodePoint(ch);
            }
        }

        private String processDollar() {
            if (++depth > MAX_DEPTH) throw new LexError("syntax error: substitutions nested too deeply");
            try {
                return dollar();
            } finally {
                depth--;
            }
        }

        private String dollar() {
            next();
            if (peek() != '{') {
                String name = processName();
                if (name.isEmpty()) return "$";
                String value = getEnv(name);
                if (value == null && skipUnsetEnv) return "$" + name;
                return value == null ? "" : value;
            }
            next();
            int p = peek();
            if (p == EOF) throw new LexError("syntax error: missing '}'");
            if (p == '{' || p == '}' || p == ':') throw new LexError("syntax error: bad substitution");
            String name = processName();
            int ch = next();
            if (ch == EOF) throw new LexError("syntax error: missing '}'");
            String chs = Character.toString(ch);
            boolean nullIsUnset = false;
            switch (ch) {
                case '}' -> {
                    String value = getEnv(name);
                    if (value == null && skipUnsetEnv) return "${" + name + "}";
                    return value == null ? "" : value;
                }
                case ':', '+', '-', '?', '#', '%' -> {
                    if (ch == ':') {
                        nullIsUnset = true;
                        ch = next();
                        if (ch == EOF) throw new LexError("syntax error: missing '}'");
                        chs += Character.toString(ch);
                    }
                    boolean patternOp = ch == '#' || ch == '%';
                    if (nullIsUnset && patternOp) throw new LexError("unsupported modifier (" + chs + ") in substitution");
                    String word = stopOnBrace(patternOp);
                    String value = getEnv(name);
                    boolean set = value != null;
                    if (!set && skipUnsetEnv) return "${" + name + chs + word + "}";
                    boolean unset = !set || (nullIsUnset && value.isEmpty());
                    switch (ch) {
                        case '-': return unset ? word : value;
                        case '+': return unset ? "" : word;
                        case '?':
                            if (!set) throw new LexError(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                            if (nullIsUnset && value.isEmpty()) {
                                throw new LexError(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
                            }
                            return value;
                        case '#', '%': {
                            if (value == null) value = "";
                            boolean greedy = !word.isEmpty() && word.codePointAt(0) == ch;
                            if (greedy) word = word.substring(1);
                            return ch == '%' ? ShellPatterns.trimSuffix(word, value, greedy)
                                    : ShellPatterns.trimPrefix(word, value, greedy);
                        }
                        default: throw new LexError("unsupported modifier (" + chs + ") in substitution");
                    }
                }
                case '/' -> {
                    boolean all = peek() == '/';
                    if (all) next();
                    String pattern;
                    try {
                        pattern = processStopOn('/', true).word;
                    } catch (LexError e) {
                        if (peek() == EOF) throw new LexError("syntax error: missing '/' in ${}");
                        throw e;
                    }
                    String replacement = stopOnBrace(true);
                    String value = getEnv(name);
                    if (value == null && skipUnsetEnv) return "${" + name + "/" + pattern + "/" + replacement + "}";
                    return ShellPatterns.replace(value == null ? "" : value, pattern, replacement, all);
                }
                default -> throw new LexError("unsupported modifier (" + chs + ") in substitution");
            }
        }

        private String stopOnBrace(boolean rawEscapesHere) {
            try {
                return processStopOn('}', rawEscapesHere).word;
            } catch (LexError e) {
                if (peek() == EOF) throw new LexError("syntax error: missing '}'");
                throw e;
            }
        }

        private String processName() {
            StringBuilder name = new StringBuilder();
            while (peek() != EOF) {
                int ch = peek();
                if (name.isEmpty() && Character.isDigit(ch)) {
                    while (peek() != EOF && Character.isDigit(peek())) name.appendCodePoint(next());
                    return name.toString();
                }
                if (name.isEmpty() && isSpecialParam(ch)) {
                    return Character.toString(next());
                }
                if (!Character.isLetter(ch) && !Character.isDigit(ch) && ch != '_') break;
                name.appendCodePoint(next());
            }
            return name.toString();
        }

        private String processPossibleHeredoc() {
            next();
            if (peek() != '<') return "<";
            next();
            StringBuilder space = new StringBuilder();
            while (peek() == '\t' || peek() == '\r' || peek() == ' ') space.appendCodePoint(next());
            return "<<" + space;
        }

        private String getEnv(String name) {
            String v = env.get(name);
            (v != null ? matched : unmatched).add(name);
            return v;
        }
    }

    private static boolean isSpecialParam(int ch) {
        return switch (ch) {
            case '@', '*', '#', '?', '-', '$', '!', '0' -> true;
            default -> false;
        };
    }

    /** Errors of pattern operators, thrown inside a lexer run. */
    static RuntimeException patternError(String message) {
        return new LexError(message);
    }
}

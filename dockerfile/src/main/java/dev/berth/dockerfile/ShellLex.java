package dev.berth.dockerfile;

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

    /** A lexer with the Dockerfile's escape token ({@link Dockerfile#escapeToken()}). */
    public ShellLex(char escapeToken) {
        this.escapeToken = escapeToken;
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
        throw new UnsupportedOperationException();
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
            throw new UnsupportedOperationException();
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
}

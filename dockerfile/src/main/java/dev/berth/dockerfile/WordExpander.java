package dev.berth.dockerfile;

import java.util.List;

/**
 * Substitutes variables in the words of an instruction, as Docker's builder does at dispatch time
 * with a stage's ENV and ARG scope. {@link ShellLex#scope} makes one and records which variables
 * the expanded words used. Implementations throw {@link DockerfileException} for a bad
 * substitution (e.g. {@code ${x:?must be set}}, {@code ${x}).
 */
public interface WordExpander {

    /** One word in, one word out: variables substituted, quotes and escapes processed. */
    String word(String word);

    /** One word in, several out: substituted, then split on unquoted whitespace (EXPOSE). */
    List<String> words(String word);

    /** Variables substituted, but quotes kept as they are (the contents of a COPY heredoc). */
    String raw(String text);

}

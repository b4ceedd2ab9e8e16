package dev.berth.dockerfile;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed Dockerfile.
 *
 * @param fileName    the name given to {@link #parse} (used in errors)
 * @param escapeToken the escape character: {@code \} or, with {@code # escape=`}, a backtick; the
 *                    builder passes it to {@link ShellLex}
 * @param globalArgs  the ARGs before the first FROM (their scope is the FROM lines)
 * @param stages      the stages, in order; never empty
 */
public record Dockerfile(String fileName, char escapeToken, List<Instruction.Arg> globalArgs, List<Stage> stages) {

    public Dockerfile {
        Objects.requireNonNull(fileName);
        globalArgs = List.copyOf(globalArgs);
        stages = List.copyOf(stages);
    }

    /**
     * Parses a Dockerfile with Docker's rules (see the package comment).
     *
     * @param text     the whole file (a UTF-8 byte order mark is ignored)
     * @param fileName its name, for messages ({@code Dockerfile})
     * @throws DockerfileException whatever is wrong, with Docker's message and the line; nothing
     *                             else is ever thrown
     */
    public static Dockerfile parse(String text, String fileName) {
        return Parser.parse(text, fileName);
    }

    /**
     * The stage a {@code --from}, {@code --target} or FROM refers to: by name (case-insensitive) or
     * by index. Empty when no stage has it (then it names an image).
     */
    public Optional<Stage> stage(String nameOrIndex) {
        String n = nameOrIndex.toLowerCase(Locale.ROOT);
        for (Stage s : stages) if (n.equals(s.name())) return Optional.of(s);
        if (!n.isEmpty() && n.chars().allMatch(Character::isDigit) && n.length() < 10) {
            int i = Integer.parseInt(n);
            if (i < stages.size()) return Optional.of(stages.get(i));
        }
        return Optional.empty();
    }
}

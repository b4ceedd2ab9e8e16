package dev.berth.dockerfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A parsed Dockerfile.
 *
 * @param fileName    the name given to {@link #parse} (used in errors)
 * @param escapeToken the escape character: {@code \} or, with {@code # escape=`}, a backtick; the
 *                    builder passes it to {@link ShellLex}
 * @param globalArgs  the ARGs before the first FROM (their scope is the FROM lines)
 * @param stages      the stages, in order; never empty
 * @param warnings    what Docker's classic builder prints (to the build's stderr stream, one
 *                    entry a line group) before the first step: {@code [WARNING]: Empty
 *                    continuation line found in:\n    RUN ...}, then {@code [WARNING]: Empty
 *                    continuation lines will become errors in a future release.}; empty when none
 */
public record Dockerfile(String fileName, char escapeToken, List<Instruction.Arg> globalArgs, List<Stage> stages,
                         List<String> warnings) {

    public Dockerfile {
        Objects.requireNonNull(fileName);
        globalArgs = List.copyOf(globalArgs);
        stages = List.copyOf(stages);
        warnings = List.copyOf(warnings);
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
     * The stage a {@code --from} or {@code --target} refers to: by name (case-insensitive) or by
     * index (a FROM refers to an earlier stage by name only). Empty when no stage has it (then it
     * names an image).
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

    /**
     * The scope of the FROM lines: the global ARGs in order, each with its value from
     * {@code buildArgs} when given there, else its default (expanded with the ARGs before it); an
     * ARG with neither stays unset.
     *
     * @throws DockerfileException a bad substitution in a default
     */
    public Map<String, String> globalScope(Map<String, String> buildArgs) {
        Map<String, String> scope = new LinkedHashMap<>();
        ShellLex lex = new ShellLex(escapeToken);
        for (Instruction.Arg arg : globalArgs) {
            Instruction.Arg expanded = arg.expand(lex.scope(scope));
            for (Instruction.ArgDef def : expanded.args()) {
                String value = buildArgs.containsKey(def.name()) ? buildArgs.get(def.name()) : def.defaultValue();
                if (value != null) scope.put(def.name(), value);
                else scope.remove(def.name());
            }
        }
        return scope;
    }

    /**
     * The earlier stages a stage uses directly, by index: its FROM (a stage name, after expansion
     * with {@code globalScope}), {@code COPY --from} and {@code RUN --mount from=} (a stage name or
     * index). Names that are no earlier stage are images, not dependencies.
     */
    public List<Integer> dependencies(Stage stage, Map<String, String> globalScope) {
        WordExpander x = new ShellLex(escapeToken).scope(globalScope);
        TreeSet<Integer> deps = new TreeSet<>();
        earlier(stage, safeWord(x, stage.from().image()), false).ifPresent(deps::add);
        for (Instruction in : stage.instructions()) {
            if (in instanceof Instruction.Onbuild o) in = o.trigger();
            if (in instanceof Instruction.Copy c && c.from() != null) {
                earlier(stage, safeWord(x, c.from()), true).ifPresent(deps::add);
            } else if (in instanceof Instruction.Run r) {
                for (RunMount m : r.mounts()) {
                    if (m.from() != null) earlier(stage, safeWord(x, m.from()), true).ifPresent(deps::add);
                }
            }
        }
        return List.copyOf(deps);
    }

    /**
     * The stages a build of {@code target} needs, in file order: the target and, transitively,
     * every stage it depends on ({@link #dependencies}); the others are skipped, as Docker does.
     */
    public List<Stage> requiredStages(Stage target, Map<String, String> buildArgs) {
        Map<String, String> scope = globalScope(buildArgs);
        boolean[] needed = new boolean[stages.size()];
        List<Integer> todo = new ArrayList<>(List.of(target.index()));
        while (!todo.isEmpty()) {
            int i = todo.removeLast();
            if (needed[i]) continue;
            needed[i] = true;
            todo.addAll(dependencies(stages.get(i), scope));
        }
        List<Stage> out = new ArrayList<>();
        for (Stage s : stages) if (needed[s.index()]) out.add(s);
        return out;
    }

    private Optional<Integer> earlier(Stage stage, String ref, boolean byIndex) {
        if (ref == null) return Optional.empty();
        String n = ref.toLowerCase(Locale.ROOT);
        for (Stage s : stages) {
            if (s.index() >= stage.index()) break;
            if (n.equals(s.name()) || (byIndex && n.equals(Integer.toString(s.index())))) return Optional.of(s.index());
        }
        return Optional.empty();
    }

    private static String safeWord(WordExpander x, String word) {
        try {
            return x.word(word);
        } catch (DockerfileException e) {
            return null;
        }
    }
}

package dev.berth.dockerfile;

import java.util.List;
import java.util.function.Supplier;

/** Helpers of {@link Instruction#expand}. */
final class Expansions {
    private Expansions() {}

    /** Runs an expansion, placing its errors at the instruction's line. */
    static <T extends Instruction> T at(Instruction in, Supplier<T> expansion) {
        try {
            return expansion.get();
        } catch (DockerfileException e) {
            throw e.line() > 0 ? e : e.at(e.fileName(), in.line());
        }
    }

    static String opt(String word, WordExpander x) {
        return word == null ? null : x.word(word);
    }

    static List<Instruction.KeyValue> pairs(List<Instruction.KeyValue> pairs, WordExpander x) {
        return pairs.stream().map(p -> new Instruction.KeyValue(x.word(p.key()), x.word(p.value()))).toList();
    }

    static List<Heredoc> heredocs(List<Heredoc> docs, WordExpander x) {
        return docs.stream().map(h -> h.expand()
                ? new Heredoc(h.name(), x.raw(h.content()), true, h.chomp(), h.fileDescriptor()) : h).toList();
    }
}

package dev.berth.dockerfile;

import java.util.List;
import java.util.Objects;

/**
 * One build stage: a FROM and the instructions up to the next FROM.
 *
 * @param index        the 0-based position in the Dockerfile ({@code COPY --from=0})
 * @param name         the lower-cased {@code AS} name, or null
 * @param from         the FROM that starts it
 * @param instructions the instructions after the FROM, in order
 */
public record Stage(int index, String name, Instruction.From from, List<Instruction> instructions) {
    public Stage {
        Objects.requireNonNull(from);
        instructions = List.copyOf(instructions);
    }

    /** The name when it has one, else the index as text: how Docker names a stage in messages. */
    public String nameOrIndex() {
        return name != null ? name : Integer.toString(index);
    }
}

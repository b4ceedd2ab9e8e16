package dev.berth.engine.container;

import java.util.List;

/** What {@code create} gives back: the container, and Docker's {@code Warnings}. */
public record CreateResult(Container container, List<String> warnings) {
    public CreateResult {
        warnings = List.copyOf(warnings);
    }

    public String id() {
        return container.id();
    }
}

package dev.berth.engine.container;

import java.util.List;

/** {@code docker top}: {@code ps}' column titles and one row per process of the container. */
public record TopResult(List<String> titles, List<List<String>> processes) {
    public TopResult {
        titles = List.copyOf(titles);
        processes = processes.stream().map(List::copyOf).toList();
    }
}

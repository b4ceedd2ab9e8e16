package dev.berth.engine.container;

import java.time.Instant;
import java.util.List;

/**
 * {@code docker container prune --filter}: which stopped containers go.
 *
 * @param until     only containers created before this time; null for any
 * @param labels    {@code label=key[=value]}: all must match
 * @param notLabels {@code label!=key[=value]}: none may match
 */
public record PruneFilter(Instant until, List<String> labels, List<String> notLabels) {
    public static final PruneFilter ALL = new PruneFilter(null, List.of(), List.of());

    public PruneFilter {
        labels = labels == null ? List.of() : List.copyOf(labels);
        notLabels = notLabels == null ? List.of() : List.copyOf(notLabels);
    }
}

package dev.berth.engine.image;

import java.util.List;

/**
 * Which images {@code docker images} lists: its {@code -a} flag and {@code --filter} values.
 *
 * @param dangling   null: both; true: only untagged images; false: only tagged ones
 * @param labels     {@code key} or {@code key=value}; all must match
 * @param before     an image reference: only images created before it
 * @param since      an image reference: only images created after it
 * @param references glob patterns on {@code name} or {@code name:tag} (any must match)
 */
public record ImageQuery(boolean all, Boolean dangling, List<String> labels, String before, String since,
                         List<String> references) {
    public static final ImageQuery ALL = new ImageQuery(true, null, List.of(), null, null, List.of());

    public ImageQuery {
        labels = List.copyOf(labels);
        references = List.copyOf(references);
    }
}

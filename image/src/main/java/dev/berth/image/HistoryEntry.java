package dev.berth.image;

import dev.berth.oci.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One line of {@code docker history}, newest first.
 *
 * @param imageId the image this step produced, known only for the image itself and its local
 *                parents; Docker shows {@code <missing>} otherwise
 * @param created when the step ran, if recorded
 * @param createdBy the command of the step
 * @param tags familiar tags of {@code imageId}
 * @param size bytes of the layer the step added, 0 for steps without a layer
 * @param comment the step's comment
 */
public record HistoryEntry(Optional<Digest> imageId, Optional<Instant> created, String createdBy, List<String> tags,
                           long size, String comment) {
    public static final String MISSING = "<missing>";

    public HistoryEntry {
        tags = List.copyOf(tags);
        createdBy = createdBy == null ? "" : createdBy;
        comment = comment == null ? "" : comment;
    }

    /** The id as Docker prints it: {@code sha256:...} or {@code <missing>}. */
    public String displayId() {
        return imageId.map(Digest::toString).orElse(MISSING);
    }
}

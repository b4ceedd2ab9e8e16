package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One item of {@code GET /containers/{id}/changes} ({@code FilesystemChange}): {@code Kind} 0 is
 * modified (C), 1 added (A), 2 deleted (D).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerChange(@JsonProperty("Path") String path, @JsonProperty("Kind") int kind) {
    public static final int MODIFIED = 0;
    public static final int ADDED = 1;
    public static final int DELETED = 2;

    /** The letter docker diff prints: C, A or D. */
    public String kindLetter() {
        return switch (kind) {
            case MODIFIED -> "C";
            case ADDED -> "A";
            case DELETED -> "D";
            default -> "";
        };
    }
}

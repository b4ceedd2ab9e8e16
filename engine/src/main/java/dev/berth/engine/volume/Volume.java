package dev.berth.engine.volume;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A volume of the {@code local} driver: its data dir ({@code <data-root>/volumes/<name>/_data}, Docker's
 * {@code Mountpoint}) and what it was created with.
 *
 * @param options the local driver's {@code -o type=...,device=...,o=...} (empty: a plain directory)
 */
public record Volume(String name, Path mountpoint, Instant createdAt, Map<String, String> labels,
                     Map<String, String> options) {
    public static final String DRIVER = "local";

    public Volume {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** Whether the data dir is a mount made at first use ({@code -o type=tmpfs|nfs|...} or {@code device=}). */
    public boolean mountsDevice() {
        return options.containsKey("type") || options.containsKey("device");
    }
}

package dev.berth.engine.container;

import java.util.Map;

/**
 * One {@code --mount} ({@code HostConfig.Mounts} item), in engine terms.
 *
 * @param type          {@code bind}, {@code volume} or {@code tmpfs}
 * @param source        the host path of a bind, the volume's name (empty: an anonymous volume), unused for tmpfs
 * @param propagation   a bind's propagation (null: {@code rprivate})
 * @param noCopy        a volume's {@code volume-nocopy}: no copy of the image's files into a new volume
 * @param volumeLabels  {@code volume-label}s of a volume created by this mount
 * @param volumeOptions {@code volume-opt}s of a volume created by this mount (the local driver's)
 * @param tmpfsSize     {@code tmpfs-size} in bytes (null: unlimited)
 * @param tmpfsMode     {@code tmpfs-mode} permission bits (null: 1777)
 */
public record MountRequest(String type, String source, String target, boolean readOnly, String propagation,
                           boolean noCopy, Map<String, String> volumeLabels, Map<String, String> volumeOptions,
                           Long tmpfsSize, Integer tmpfsMode) {
    public MountRequest {
        if (source == null) source = "";
        volumeLabels = volumeLabels == null ? Map.of() : Map.copyOf(volumeLabels);
        volumeOptions = volumeOptions == null ? Map.of() : Map.copyOf(volumeOptions);
    }
}

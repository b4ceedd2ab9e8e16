package dev.berth.engine.container;

/**
 * A mount a container has (Docker's {@code MountPoints}, its inspect's {@code Mounts}), resolved at create.
 *
 * @param type        {@code bind}, {@code volume} or {@code tmpfs}
 * @param name        the volume's name; empty for other types
 * @param source      the host path (a volume's data dir); empty for tmpfs
 * @param mode        the option string as Docker shows it ({@code -v name:/d} gives {@code z}, {@code -v /h:/d:ro} {@code ro})
 * @param propagation a bind's ({@code rprivate} by default); empty for other types
 * @param named       a volume the user named (kept by {@code rm -v}); false for anonymous ones
 * @param copyData    copy the image's files at the destination into the volume while it is empty
 * @param tmpfsOptions a tmpfs's mount options ({@code size=...,mode=...})
 */
public record MountPoint(String type, String name, String source, String destination, String mode, boolean rw,
                         String propagation, boolean named, boolean copyData, String tmpfsOptions) {
    public static final String BIND = "bind";
    public static final String VOLUME = "volume";
    public static final String TMPFS = "tmpfs";

    public MountPoint {
        if (name == null) name = "";
        if (source == null) source = "";
        if (mode == null) mode = "";
        if (propagation == null) propagation = "";
        if (tmpfsOptions == null) tmpfsOptions = "";
    }

    public boolean isVolume() {
        return type.equals(VOLUME);
    }

    MountPoint withSource(String s) {
        return new MountPoint(type, name, s, destination, mode, rw, propagation, named, copyData, tmpfsOptions);
    }
}

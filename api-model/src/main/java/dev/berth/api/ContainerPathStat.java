package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A path in a container as {@code HEAD}/{@code GET /containers/{id}/archive} describe it in the
 * base64-encoded JSON of the {@code X-Docker-Container-Path-Stat} header. {@code mode} is a Go
 * {@code os.FileMode}: permission bits plus type bits (directory {@value #MODE_DIR}, symlink
 * {@value #MODE_SYMLINK}...); {@code mtime} is RFC 3339.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerPathStat(@JsonProperty("name") String name, @JsonProperty("size") long size,
                                @JsonProperty("mode") long mode, @JsonProperty("mtime") String mtime,
                                @JsonProperty("linkTarget") String linkTarget) {
    /** The name of the header carrying the stat. */
    public static final String HEADER = "X-Docker-Container-Path-Stat";
    /** Go's {@code os.ModeDir}. */
    public static final long MODE_DIR = 1L << 31;
    /** Go's {@code os.ModeSymlink}. */
    public static final long MODE_SYMLINK = 1L << 27;
    /** Go's {@code os.ModeNamedPipe}. */
    public static final long MODE_NAMED_PIPE = 1L << 25;
    /** Go's {@code os.ModeSocket}. */
    public static final long MODE_SOCKET = 1L << 24;
    /** Go's {@code os.ModeDevice}. */
    public static final long MODE_DEVICE = 1L << 26;
    /** Go's {@code os.ModeCharDevice}. */
    public static final long MODE_CHAR_DEVICE = 1L << 21;
    /** Go's {@code os.ModeIrregular}. */
    public static final long MODE_IRREGULAR = 1L << 19;

    public boolean isDirectory() {
        return (mode & MODE_DIR) != 0;
    }

    public boolean isSymlink() {
        return (mode & MODE_SYMLINK) != 0;
    }
}

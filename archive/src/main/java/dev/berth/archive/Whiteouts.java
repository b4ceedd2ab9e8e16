package dev.berth.archive;

/**
 * The two spellings of "deleted in this layer". OCI/Docker layer tars use marker files
 * ({@code .wh.NAME}, {@code .wh..wh..opq}); overlayfs uses a 0/0 character device named NAME and
 * the {@code trusted.overlay.opaque=y} xattr on a directory. {@link LayerUnpacker} and
 * {@link LayerWriter} translate between them.
 */
public final class Whiteouts {
    /** Prefix of a whiteout marker: {@code .wh.NAME} deletes NAME from the layers below. */
    public static final String PREFIX = ".wh.";
    /** Prefix of markers reserved for the format; only {@link #OPAQUE} has a meaning, others are ignored. */
    public static final String META_PREFIX = ".wh..wh.";
    /** Marker making its directory opaque: nothing of the layers below shows through it. */
    public static final String OPAQUE = ".wh..wh..opq";
    /** The overlayfs xattr marking an opaque directory (value {@code y}). */
    public static final String OVERLAY_OPAQUE_XATTR = "trusted.overlay.opaque";
    /** All overlayfs bookkeeping xattrs start with this; they never travel in a layer tar. */
    public static final String OVERLAY_XATTR_PREFIX = "trusted.overlay.";

    private Whiteouts() {}
}

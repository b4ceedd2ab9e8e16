package dev.berth.distribution;

/**
 * One progress update of a pull or push, shaped as dockerd's JSON progress messages: a status line
 * for an id (a layer's short digest, or a tag), with or without a byte count.
 *
 * @param id what the line is about, or null for a line of its own
 * @param status e.g. {@code Downloading}, {@code Pull complete}, {@code Layer already exists}
 * @param detail whether the message carries {@code progressDetail} (an empty one when both counts are 0)
 * @param current bytes done
 * @param total bytes in all, or 0 when unknown
 */
public record Progress(String id, String status, boolean detail, long current, long total) {

    /** A line about an id with an empty {@code progressDetail} ({@code Pulling fs layer}, {@code Pushed}...). */
    public static Progress of(String id, String status) {
        return new Progress(id, status, true, 0, 0);
    }

    /** A line about an id with no {@code progressDetail} at all ({@code Pulling from library/busybox}). */
    public static Progress plain(String id, String status) {
        return new Progress(id, status, false, 0, 0);
    }

    public static Progress bytes(String id, String status, long current, long total) {
        return new Progress(id, status, true, current, total);
    }

    /** Receives progress; called from several threads at once during parallel transfers. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = p -> { };

        void progress(Progress p);
    }
}

package dev.berth.content;

import dev.berth.oci.Digest;
import java.time.Instant;
import java.util.Objects;

/** What the store knows about a committed blob: its digest, its size in bytes and when it was committed. */
public record Info(Digest digest, long size, Instant committedAt) {
    public Info {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(committedAt, "committedAt");
        if (size < 0) throw new IllegalArgumentException("negative blob size " + size);
    }
}

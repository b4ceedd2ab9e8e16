package dev.berth.content;

import dev.berth.common.EngineException;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/** The read role of the content store: committed blobs only, never an ingest in progress. */
public interface Provider {

    /**
     * Opens a committed blob for reading; the caller closes the stream.
     *
     * @throws EngineException.NotFound if no blob has this digest
     */
    InputStream open(Digest digest);

    /** The committed blob's size and commit time, or empty if there is no such blob. */
    Optional<Info> info(Digest digest);

    default boolean exists(Digest digest) {
        return info(digest).isPresent();
    }

    /**
     * Opens the blob a descriptor points at, after checking that the stored size is the size the
     * descriptor promises.
     *
     * @throws EngineException.NotFound if the blob is missing
     * @throws EngineException.DataCorruption if the stored blob has another size
     */
    default InputStream open(Descriptor descriptor) {
        Info info = info(descriptor.digest()).orElseThrow(() -> notFound(descriptor.digest()));
        if (info.size() != descriptor.size()) {
            throw new EngineException.DataCorruption("blob " + descriptor.digest() + " has " + info.size()
                    + " bytes in the content store but its descriptor says " + descriptor.size(), null);
        }
        return open(descriptor.digest());
    }

    /**
     * Reads a small blob (a manifest, an index, a config) into memory.
     *
     * @throws EngineException.InvalidArgument if the blob is larger than {@code maxBytes}
     */
    default byte[] readAll(Digest digest, int maxBytes) {
        Info info = info(digest).orElseThrow(() -> notFound(digest));
        if (info.size() > maxBytes) {
            throw new EngineException.InvalidArgument("blob " + digest + " is too large to be read into memory ("
                    + info.size() + " bytes, at most " + maxBytes + " allowed)");
        }
        try (InputStream in = open(digest)) {
            return in.readNBytes(maxBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + digest + ": " + e.getMessage(), e);
        }
    }

    private static EngineException.NotFound notFound(Digest digest) {
        return new EngineException.NotFound("content " + digest + " not found in the content store");
    }
}

package dev.berth.content;

import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;

/** The write role of the content store: blobs enter through a {@link Writer} and become visible on commit. */
public interface Ingester {

    /** Starts a new ingest. Close the writer (try-with-resources) so an abandoned write leaves nothing behind. */
    Writer writer();

    /**
     * Writes a whole stream as one blob and commits it.
     *
     * @param expectedSize {@code -1} not to check
     * @param expectedDigest {@code null} not to check
     * @throws IOException only when reading {@code in} fails; nothing is committed then
     */
    default Info write(InputStream in, long expectedSize, Digest expectedDigest) throws IOException {
        try (Writer w = writer()) {
            w.copyFrom(in);
            return w.commit(expectedSize, expectedDigest);
        }
    }
}

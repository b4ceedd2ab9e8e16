package dev.berth.content;

import dev.berth.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A content-addressed blob store: the read, write and manage roles together. Callers should ask
 * for the narrowest role they need ({@link Provider} to read, {@link Ingester} to write).
 */
public interface ContentStore extends Provider, Ingester, Catalog {

    /** Stores a small blob (a config, a manifest) and returns its digest. Storing an existing blob is a no-op. */
    default Digest put(byte[] content) {
        try {
            return write(new ByteArrayInputStream(content), content.length, Digest.of(content)).digest();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array cannot fail to read
        }
    }

    /**
     * Start-up clean-up: deletes ingests left by a crashed process. Ingests of writers open in this
     * process are kept, so calling it at other times is safe too.
     *
     * @return how many stale ingests were removed
     */
    int recover();
}

package dev.berth.content;

import dev.berth.common.EngineException;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One blob being written. Bytes go to a private ingest file; nothing is visible to readers until
 * {@link #commit} has verified them. {@link #close()} without a commit discards the ingest. A writer
 * belongs to one thread at a time. Disk errors surface as {@link java.io.UncheckedIOException}.
 */
public interface Writer extends AutoCloseable {

    void write(byte[] bytes, int offset, int length);

    default void write(byte[] bytes) {
        write(bytes, 0, bytes.length);
    }

    /**
     * Copies {@code in} to its end into this writer.
     *
     * @return the number of bytes copied
     * @throws IOException only when reading {@code in} fails
     */
    default long copyFrom(InputStream in) throws IOException {
        byte[] buf = new byte[128 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            write(buf, 0, n);
            total += n;
        }
        return total;
    }

    /** This writer seen as a stream; closing the stream does not close or commit the writer. */
    OutputStream asOutputStream();

    /** Bytes written so far. */
    long size();

    /** The digest of the bytes written so far. */
    Digest digest();

    /**
     * Makes the written bytes visible as a blob: forces them to disk, checks them and renames the
     * ingest into place. If the blob exists already (another writer won the race), the ingest is
     * discarded and the existing blob's info returned.
     *
     * @param expectedSize the size the caller expects, or {@code -1} not to check it
     * @param expectedDigest the digest the caller expects, or {@code null} not to check it
     * @throws EngineException.InvalidArgument on a size or digest mismatch; the ingest is removed
     */
    Info commit(long expectedSize, Digest expectedDigest);

    /** Commits whatever was written, without expectations; the blob's digest is the returned info's. */
    default Info commit() {
        return commit(-1, null);
    }

    /** Discards the ingest unless the writer was committed. Never throws. */
    @Override
    void close();
}

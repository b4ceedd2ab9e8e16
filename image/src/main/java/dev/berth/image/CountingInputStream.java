package dev.berth.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Counts and hashes the bytes read through it. Closing it does not close the wrapped stream,
 * so a consumer that closes early cannot stop the owner from draining and checking the rest.
 */
final class CountingInputStream extends FilterInputStream {
    private final MessageDigest sha256;
    private long count;

    /** Counts and hashes. */
    CountingInputStream(InputStream in) {
        this(in, true);
    }

    /** Counts, and hashes only if asked (hashing a multi-GB layer twice is not free). */
    CountingInputStream(InputStream in, boolean hash) {
        super(in);
        this.sha256 = hash ? dev.berth.oci.Digest.sha256() : null;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            count++;
            if (sha256 != null) sha256.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            count += n;
            if (sha256 != null) sha256.update(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipping must still hash, so read instead
        byte[] buf = new byte[(int) Math.min(n, 64 * 1024)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) break;
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // the owner closes the wrapped stream
    }

    /** Reads what is left, so {@link #count()} and {@link #digest()} cover the whole stream. */
    void drain() throws IOException {
        skip(Long.MAX_VALUE);
    }

    long count() {
        return count;
    }

    dev.berth.oci.Digest digest() {
        if (sha256 == null) throw new IllegalStateException("this stream does not hash");
        return dev.berth.oci.Digest.of(sha256);
    }
}

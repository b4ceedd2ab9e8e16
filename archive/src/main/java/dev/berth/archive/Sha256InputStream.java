package dev.berth.archive;

import dev.berth.common.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Counts and hashes (sha256) every byte read from a source. A failure of the source itself becomes an
 * {@link EngineException} here ({@code InvalidArgument} for a corrupt compressed stream, else
 * {@code Unavailable}), so that code above it sees an {@link IOException} only for its own writes.
 */
final class Sha256InputStream extends InputStream {
    private final InputStream source;
    private final MessageDigest sha256 = sha256();
    private long count;

    Sha256InputStream(InputStream source) {
        this.source = source;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        int n;
        try {
            n = source.read(b, off, len);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new EngineException.InvalidArgument("the layer stream is corrupt after " + count + " bytes: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new EngineException.Unavailable("reading the layer stream failed after " + count + " bytes: "
                    + e.getMessage(), e);
        }
        if (n > 0) {
            sha256.update(b, off, n);
            count += n;
        }
        return n;
    }

    /** Reads the source to its end (trailing padding after the tar end marker counts toward the digest). */
    void drain() {
        byte[] buf = new byte[64 * 1024];
        while (read(buf, 0, buf.length) >= 0) {
            // hashed and counted by read
        }
    }

    long count() {
        return count;
    }

    String hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}

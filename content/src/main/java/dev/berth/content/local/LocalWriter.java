package dev.berth.content.local;

import dev.berth.common.AtomicFiles;
import dev.berth.common.EngineException;
import dev.berth.content.Info;
import dev.berth.content.Writer;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;

/** A write into {@link LocalContentStore}: an ingest file plus a running sha256 and byte count. */
final class LocalWriter implements Writer {
    private static final int BUFFER = 256 * 1024;

    private final LocalContentStore store;
    private final Path file;
    private final FileChannel channel;
    private final MessageDigest sha256 = Digest.sha256();
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private long size;
    private boolean done;

    LocalWriter(LocalContentStore store, Path file) {
        this.store = store;
        this.file = file;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create ingest file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        ensureOpen();
        sha256.update(bytes, offset, length);
        size += length;
        try {
            while (length > 0) {
                int n = Math.min(length, buffer.remaining());
                buffer.put(bytes, offset, n);
                offset += n;
                length -= n;
                if (!buffer.hasRemaining()) flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ingest file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public OutputStream asOutputStream() {
        return new OutputStream() {
            @Override public void write(int b) { LocalWriter.this.write(new byte[] {(byte) b}, 0, 1); }
            @Override public void write(byte[] b, int off, int len) { LocalWriter.this.write(b, off, len); }
        };
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public Digest digest() {
        try {
            return Digest.of((MessageDigest) sha256.clone());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 cannot be cloned", e);
        }
    }

    @Override
    public Info commit(long expectedSize, Digest expectedDigest) {
        ensureOpen();
        done = true;
        try {
            flush();
            channel.force(true);
            channel.close();
            Digest actual = Digest.of(sha256);
            if (expectedSize >= 0 && expectedSize != size) {
                throw new EngineException.InvalidArgument("content size mismatch for " + (expectedDigest != null
                        ? expectedDigest : actual) + ": got " + size + " bytes, expected " + expectedSize);
            }
            if (expectedDigest != null && !expectedDigest.equals(actual)) {
                throw new EngineException.InvalidArgument("content digest mismatch: got " + actual
                        + ", expected " + expectedDigest);
            }
            Path target = store.blobPath(actual);
            if (!Files.exists(target)) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
                // rename(2) is atomic; if another writer of the same blob got there first it replaces
                // identical, verified bytes, so readers never see anything but the whole blob.
                AtomicFiles.moveAtomically(file, target);
                AtomicFiles.syncDirectory(store.blobsDir());
            }
            return store.info(actual).orElseThrow(() -> new IllegalStateException(
                    "blob " + actual + " vanished right after its commit"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit ingest " + file + ": " + e.getMessage(), e);
        } finally {
            discard();
        }
    }

    @Override
    public void close() {
        if (done) return;
        done = true;
        discard();
    }

    private void discard() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to save
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // recover() removes it at the next start
        }
        store.ingestClosed(file);
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) channel.write(buffer);
        buffer.clear();
    }

    private void ensureOpen() {
        if (done) throw new IllegalStateException("writer for " + file.getFileName() + " is already committed or closed");
    }
}

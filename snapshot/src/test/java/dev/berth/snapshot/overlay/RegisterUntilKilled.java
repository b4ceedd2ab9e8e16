package dev.berth.snapshot.overlay;

import dev.berth.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Run in a child JVM by {@link OverlayLayerStoreTest}: starts registering a layer with a 16 MiB file,
 * says "unpacking" once 4 MiB are in, then blocks on stdin until the test kills it with SIGKILL.
 */
public final class RegisterUntilKilled {
    public static void main(String[] args) throws IOException {
        byte[] tar = bigFileTar();
        InputStream first = new ByteArrayInputStream(tar, 0, 4 << 20);
        InputStream announceThenBlock = new InputStream() {
            @Override
            public int read() throws IOException {
                System.out.println("unpacking");
                System.out.flush();
                return System.in.read(); // never answered: the parent kills us here
            }
        };
        new OverlayLayerStore(Path.of(args[0]))
                .register(Optional.empty(), Digest.of(tar), new SequenceInputStream(first, announceThenBlock));
        System.out.println("finished, which the test does not expect");
    }

    static byte[] bigFileTar() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry e = new TarArchiveEntry("big");
            e.setSize(16 << 20);
            tar.putArchiveEntry(e);
            tar.write(new byte[16 << 20]);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }
}

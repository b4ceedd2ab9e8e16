package dev.berth.snapshot.overlay;

import dev.berth.archive.LayerWriter;
import dev.berth.oci.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Test layer tars, made by writing a directory with {@link LayerWriter} (a file named .wh.X is an OCI whiteout). */
final class Layers {
    private Layers() {}

    /** A tar holding the given files (path → content; a path ending in / is a directory). */
    static byte[] tar(Path scratch, Map<String, String> files) throws IOException {
        Path dir = Files.createTempDirectory(scratch, "layer-src-");
        for (var f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            if (f.getKey().endsWith("/")) {
                Files.createDirectories(p);
            } else {
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LayerWriter.forDirectory().write(dir, out);
        return out.toByteArray();
    }

    static Digest diffId(byte[] tar) {
        return Digest.of(tar);
    }
}

import dev.berth.archive.LayerUnpacker;
import dev.berth.archive.LayerWriter;
import dev.berth.archive.UnpackResult;
import dev.berth.archive.WriteResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Throughput of the layer codec (archive module) on generated ~100 MB layers, in the page cache (no fsync):
 * writing a layer tar from a directory and unpacking it as an overlay lower dir. Run by bench/layers.sh.
 */
public class LayerThroughput {
    public static void main(String[] args) throws IOException {
        Path tmp = Files.createTempDirectory("berth-layers");
        try {
            measure(Files.createDirectory(tmp.resolve("big")), "100 x 1 MiB files", 100, 1 << 20);
            measure(Files.createDirectory(tmp.resolve("small")), "25,600 x 4 KiB files", 25_600, 4 << 10);
        } finally {
            try (var walk = Files.walk(tmp)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static void measure(Path tmp, String what, int files, int size) throws IOException {
        Path src = Files.createDirectory(tmp.resolve("src"));
        Random r = new Random(7);
        byte[] content = new byte[size];
        for (int i = 0; i < files; i++) {
            r.nextBytes(content);
            Path dir = Files.createDirectories(src.resolve("d" + (i % 100)));
            Files.write(dir.resolve("f" + i), content);
        }
        Path tar = tmp.resolve("layer.tar");
        WriteResult written = null;
        double writeSeconds = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) { // best of three: the first includes JIT warm-up
            long w0 = System.nanoTime();
            try (OutputStream out = Files.newOutputStream(tar)) {
                written = LayerWriter.forDirectory().write(src, out);
            }
            writeSeconds = Math.min(writeSeconds, (System.nanoTime() - w0) / 1e9);
        }
        for (int round = 0; round < 3; round++) {
            Path dst = Files.createDirectory(tmp.resolve("dst" + round));
            long u0 = System.nanoTime();
            UnpackResult result;
            try (InputStream in = Files.newInputStream(tar)) {
                result = LayerUnpacker.forOverlayLower().unpack(in, dst);
            }
            double unpackSeconds = (System.nanoTime() - u0) / 1e9;
            if (!written.sha256Hex().equals(result.sha256Hex())) throw new AssertionError("unpacked " + result.sha256Hex() + ", wrote " + written.sha256Hex());
            System.out.printf("%s: tar %.1f MB; write %.2f s (%.0f MB/s); unpack round %d %.2f s (%.0f MB/s, %.0f files/s)%n",
                    what, written.tarBytes() / 1e6, writeSeconds, written.tarBytes() / 1e6 / writeSeconds, round,
                    unpackSeconds, result.tarBytes() / 1e6 / unpackSeconds, files / unpackSeconds);
        }
    }
}

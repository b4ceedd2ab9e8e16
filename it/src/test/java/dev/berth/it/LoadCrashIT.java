package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of berthd while it loads a large archive (three images, 120 MB each) leaves a store that
 * the restarted daemon opens without error, with no partial image, and with no orphan blob or
 * layer once {@code image prune} has run; the same archive then loads completely.
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI})
class LoadCrashIT {
    private static final int IMAGES = 3;
    private static final int MB_PER_IMAGE = 120;

    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();

    static Path archive;

    @BeforeAll
    static void makeLargeArchive(@TempDir Path tmp) throws Exception {
        DockerCli docker = berthd.docker().withTimeout(Duration.ofMinutes(5));
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            Path root = Files.createDirectories(tmp.resolve("rootfs" + i));
            writeRandom(root.resolve("blob.bin"), MB_PER_IMAGE, i);
            Path tar = tmp.resolve("rootfs" + i + ".tar");
            Process p = new ProcessBuilder("tar", "-C", root.toString(), "-cf", tar.toString(), ".").inheritIO().start();
            assertEquals(0, p.waitFor());
            docker.ok("import", tar.toString(), "big/image" + i + ":latest");
            names.add("big/image" + i + ":latest");
            Files.delete(tar);
        }
        archive = tmp.resolve("big.tar");
        List<String> save = new java.util.ArrayList<>(List.of("save", "-o", archive.toString()));
        save.addAll(names);
        docker.ok(save.toArray(String[]::new));
        docker.ok("image", "prune", "-a", "-f");
        assertStoreEmpty();
    }

    @Test
    void killedWhileBlobsAreBeingWritten() throws Exception {
        crashDuringLoad(() -> nonEmpty(berthd.dataRoot().resolve("content/ingest")));
    }

    @Test
    void killedAfterSomeLayersAreUnpacked() throws Exception {
        crashDuringLoad(() -> count(berthd.dataRoot().resolve("layers")) >= 2);
    }

    private void crashDuringLoad(BooleanSupplier when) throws Exception {
        Process load = new ProcessBuilder("/usr/local/bin/docker", "-H", berthd.host(), "load", "-i", archive.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!when.getAsBoolean()) {
                assertTrue(load.isAlive(), "the load finished before the crash point was reached");
                assertTrue(System.nanoTime() < deadline, "crash point not reached within 60 s");
                Thread.sleep(5);
            }
            berthd.kill9();
        } finally {
            load.destroyForcibly().waitFor();
        }

        berthd.restart();
        String log = berthd.log();
        String restartLog = log.substring(log.lastIndexOf("serving"));
        assertFalse(restartLog.contains("SEVERE") || restartLog.contains("Exception"), restartLog);
        DockerCli docker = berthd.docker();
        assertEquals(List.of(), docker.ok("images", "-a", "-q").stdoutLines(), "a partial image is visible");
        docker.ok("image", "prune", "-a", "-f");
        assertStoreEmpty();

        String out = docker.withTimeout(Duration.ofMinutes(5)).ok("load", "-i", archive.toString()).stdout();
        assertEquals(IMAGES, out.lines().filter(l -> l.startsWith("Loaded image: big/image")).count(), out);
        assertEquals(IMAGES, docker.ok("images", "-q").stdoutLines().size());
        docker.ok("image", "prune", "-a", "-f");
    }

    /** No blob, no layer, no ingest left: everything unreferenced is gone. */
    private static void assertStoreEmpty() throws IOException {
        Path data = berthd.dataRoot();
        assertEquals(0, count(data.resolve("content/blobs/sha256")), "orphan blobs");
        assertEquals(0, count(data.resolve("content/ingest")), "ingest leftovers");
        try (Stream<Path> layers = Files.list(data.resolve("layers"))) {
            assertEquals(List.of(), layers.filter(p -> !p.getFileName().toString().equals("tmp")).toList(), "orphan layers");
        }
        assertEquals(0, count(data.resolve("layers/tmp")), "layer unpack leftovers");
    }

    private static boolean nonEmpty(Path dir) {
        return count(dir) > 0;
    }

    private static long count(Path dir) {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().equals("tmp")).count();
        } catch (IOException e) {
            return 0; // a directory renamed away while we looked
        }
    }

    private static void writeRandom(Path file, int megabytes, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < megabytes; i++) {
                random.nextBytes(buf);
                out.write(buf);
            }
        }
    }
}

package dev.berth.content.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.content.ContentStore;
import dev.berth.content.ContentStoreContract;
import dev.berth.content.Info;
import dev.berth.content.Writer;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LocalContentStoreTest extends ContentStoreContract {

    @Override
    protected ContentStore open(Path root) {
        return new LocalContentStore(root);
    }

    private List<Path> ingests() throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("ingest"))) {
            return s.toList();
        }
    }

    @Test
    void layoutIsBlobsSha256Hex() throws IOException {
        byte[] data = bytes("layout");
        Digest d = store.put(data);
        Path blob = root.resolve("blobs/sha256/" + d.hex());
        assertArrayEquals(data, Files.readAllBytes(blob));
        assertEquals("r--r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(blob)));
        assertTrue(ingests().isEmpty());
    }

    @Test
    void inProgressWriteLivesInIngestOnly() throws IOException {
        try (Writer w = store.writer()) {
            w.write(random(600_000, 7));
            assertEquals(1, ingests().size());
            assertTrue(store.list().isEmpty());
        }
        assertTrue(ingests().isEmpty());
    }

    @Test
    void crashedWriterLeavesNothingVisibleAndRecoverCleansIt() throws IOException {
        // A writer that is never closed stands for a process that died mid-write.
        Writer abandoned = store.writer();
        abandoned.write(random(400_000, 8));
        Files.writeString(root.resolve("ingest").resolve("left-by-old-process"), "partial");

        ContentStore restarted = new LocalContentStore(root);
        assertTrue(restarted.list().isEmpty());
        assertEquals(2, restarted.recover());
        assertTrue(ingests().isEmpty());
    }

    @Test
    void recoverSparesWritersOfThisProcess() {
        byte[] data = random(100_000, 9);
        try (Writer w = store.writer()) {
            w.write(data);
            assertEquals(0, store.recover());
            assertEquals(Digest.of(data), w.commit(data.length, Digest.of(data)).digest());
        }
        assertTrue(store.exists(Digest.of(data)));
    }

    @Test
    void strayFilesInBlobsAreIgnored() throws IOException {
        Files.writeString(root.resolve("blobs/sha256/not-a-digest"), "junk");
        Digest d = store.put(bytes("real"));
        assertEquals(List.of(d), store.list().stream().map(Info::digest).toList());
    }

    /** kill -9 of a real process in the middle of a stream of writes: every visible blob is whole. */
    @Test
    void killMinusNineLeavesOnlyWholeBlobs() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                WriteForever.class.getName(), root.toString())
                .redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (store.list().size() < 3 && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(store.list().size() >= 3, "child wrote nothing: " + new String(p.getInputStream().readNBytes(
                    Math.max(0, p.getInputStream().available()))));
        } finally {
            p.destroyForcibly(); // SIGKILL
            p.waitFor(10, TimeUnit.SECONDS);
        }
        ContentStore restarted = new LocalContentStore(root);
        for (Info info : restarted.list()) {
            byte[] content;
            try (var in = restarted.open(info.digest())) {
                content = in.readAllBytes();
            }
            assertEquals(info.digest(), Digest.of(content), "half-written blob visible");
        }
        restarted.recover();
        assertTrue(ingests().isEmpty());
    }

    /** The child process of {@link #killMinusNineLeavesOnlyWholeBlobs}. */
    public static final class WriteForever {
        public static void main(String[] args) {
            ContentStore store = new LocalContentStore(Path.of(args[0]));
            for (long i = 0; ; i++) {
                try (Writer w = store.writer()) {
                    for (int chunk = 0; chunk < 64; chunk++) w.write(random(16 * 1024, i * 1000 + chunk));
                    w.commit();
                }
            }
        }
    }
}

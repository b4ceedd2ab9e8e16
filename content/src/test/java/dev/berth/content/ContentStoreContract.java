package dev.berth.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.EngineException;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ContentStore} must do. An implementation's test subclasses this and says how
 * to open a store on a directory (opening twice on one directory must give the same content).
 */
public abstract class ContentStoreContract {
    @TempDir
    protected Path root;
    protected ContentStore store;

    protected abstract ContentStore open(Path root);

    @BeforeEach
    void openStore() {
        store = open(root);
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    protected byte[] read(Digest d) throws IOException {
        try (InputStream in = store.open(d)) {
            return in.readAllBytes();
        }
    }

    @Test
    void putThenReadBack() throws IOException {
        byte[] data = bytes("hello content");
        Digest d = store.put(data);
        assertEquals(Digest.of(data), d);
        assertTrue(store.exists(d));
        assertArrayEquals(data, read(d));
        Info info = store.info(d).orElseThrow();
        assertEquals(data.length, info.size());
        assertEquals(d, info.digest());
    }

    @Test
    void putOfExistingBlobIsANoOp() throws IOException {
        Digest first = store.put(bytes("same"));
        Digest second = store.put(bytes("same"));
        assertEquals(first, second);
        assertEquals(1, store.list().size());
        assertArrayEquals(bytes("same"), read(first));
    }

    @Test
    void emptyBlobIsABlob() throws IOException {
        Digest d = store.put(new byte[0]);
        assertEquals(0, store.info(d).orElseThrow().size());
        assertArrayEquals(new byte[0], read(d));
    }

    @Test
    void missingBlobIsNotFound() {
        Digest d = Digest.of(bytes("never stored"));
        assertFalse(store.exists(d));
        assertTrue(store.info(d).isEmpty());
        var e = assertThrows(EngineException.NotFound.class, () -> store.open(d));
        assertTrue(e.getMessage().contains(d.toString()), e.getMessage());
        assertFalse(store.delete(d));
    }

    @Test
    void writeIsInvisibleUntilCommit() throws IOException {
        byte[] data = random(300_000, 1);
        Digest expected = Digest.of(data);
        try (Writer w = store.writer()) {
            w.write(data, 0, 1000);
            w.write(data, 1000, data.length - 1000);
            assertEquals(data.length, w.size());
            assertEquals(expected, w.digest());
            assertFalse(store.exists(expected), "visible before commit");
            assertTrue(store.list().isEmpty());
            Info info = w.commit(data.length, expected);
            assertEquals(expected, info.digest());
        }
        assertArrayEquals(data, read(expected));
    }

    @Test
    void closeWithoutCommitDiscards() {
        byte[] data = bytes("abandoned");
        try (Writer w = store.writer()) {
            w.write(data);
        }
        assertFalse(store.exists(Digest.of(data)));
        assertTrue(store.list().isEmpty());
    }

    @Test
    void wrongDigestIsRejectedAndNothingStays() {
        byte[] data = bytes("payload");
        Digest claimed = Digest.of(bytes("something else"));
        try (Writer w = store.writer()) {
            w.write(data);
            var e = assertThrows(EngineException.InvalidArgument.class, () -> w.commit(data.length, claimed));
            assertTrue(e.getMessage().contains("digest mismatch"), e.getMessage());
        }
        assertFalse(store.exists(claimed));
        assertFalse(store.exists(Digest.of(data)));
        assertTrue(store.list().isEmpty());
    }

    @Test
    void wrongSizeIsRejectedAndNothingStays() {
        byte[] data = bytes("payload");
        try (Writer w = store.writer()) {
            w.write(data);
            var e = assertThrows(EngineException.InvalidArgument.class, () -> w.commit(data.length + 1, Digest.of(data)));
            assertTrue(e.getMessage().contains("size mismatch"), e.getMessage());
        }
        assertTrue(store.list().isEmpty());
    }

    @Test
    void truncatedInputIsRejected() {
        byte[] data = random(10_000, 2);
        byte[] truncated = java.util.Arrays.copyOf(data, 9_000);
        assertThrows(EngineException.InvalidArgument.class,
                () -> store.write(new ByteArrayInputStream(truncated), data.length, Digest.of(data)));
        assertTrue(store.list().isEmpty());
    }

    @Test
    void failingSourceLeavesNothing() {
        InputStream failing = new InputStream() {
            int n;
            @Override public int read() throws IOException {
                if (++n > 5000) throw new IOException("connection reset");
                return 'x';
            }
        };
        assertThrows(IOException.class, () -> store.write(failing, -1, null));
        assertTrue(store.list().isEmpty());
    }

    @Test
    void writerCannotBeUsedAfterCommit() {
        try (Writer w = store.writer()) {
            w.write(bytes("x"));
            w.commit();
            assertThrows(IllegalStateException.class, () -> w.write(bytes("y")));
            assertThrows(IllegalStateException.class, w::commit);
        }
    }

    @Test
    void listWalkAndDelete() {
        List<Digest> digests = new ArrayList<>();
        for (int i = 0; i < 5; i++) digests.add(store.put(bytes("blob " + i)));
        List<Digest> listed = store.list().stream().map(Info::digest).toList();
        assertEquals(digests.stream().sorted().toList(), listed);
        List<Digest> walked = new ArrayList<>();
        store.walk(i -> walked.add(i.digest()));
        assertEquals(5, walked.size());
        assertTrue(store.delete(digests.get(2)));
        assertFalse(store.exists(digests.get(2)));
        assertEquals(4, store.list().size());
    }

    @Test
    void descriptorReadsCheckSize() throws IOException {
        byte[] data = bytes("{\"a\":1}");
        Digest d = store.put(data);
        try (InputStream in = store.open(new Descriptor("application/json", d, data.length))) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertThrows(EngineException.DataCorruption.class, () -> store.open(new Descriptor("application/json", d, 99)));
    }

    @Test
    void readAllHasALimit() {
        byte[] data = random(2048, 3);
        Digest d = store.put(data);
        assertArrayEquals(data, store.readAll(d, 4096));
        assertThrows(EngineException.InvalidArgument.class, () -> store.readAll(d, 1024));
    }

    @Test
    void reopenedStoreSeesCommittedBlobs() throws IOException {
        Digest d = store.put(bytes("durable"));
        store = open(root);
        assertArrayEquals(bytes("durable"), read(d));
    }

    @Test
    void concurrentWritersOfSameAndDifferentBlobs() throws Exception {
        int threads = 12;
        byte[] shared = random(1 << 20, 42);
        Digest sharedDigest = Digest.of(shared);
        CyclicBarrier start = new CyclicBarrier(threads);
        ConcurrentHashMap<Digest, byte[]> expected = new ConcurrentHashMap<>();
        expected.put(sharedDigest, shared);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < 5; round++) {
                        // everyone writes the shared blob, in small chunks so the writes interleave
                        try (Writer w = store.writer()) {
                            for (int off = 0; off < shared.length; off += 4096) {
                                w.write(shared, off, Math.min(4096, shared.length - off));
                            }
                            assertEquals(sharedDigest, w.commit(shared.length, sharedDigest).digest());
                        }
                        byte[] own = random(50_000 + id, id * 100L + round);
                        Digest d = store.put(own);
                        expected.put(d, own);
                        assertTrue(store.exists(sharedDigest));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        }
        assertEquals(expected.keySet().stream().sorted().toList(), store.list().stream().map(Info::digest).toList());
        for (var e : expected.entrySet()) {
            byte[] got = read(e.getKey());
            assertArrayEquals(e.getValue(), got);
            assertEquals(e.getKey(), Digest.of(got));
        }
        assertEquals(0, store.recover(), "committed writers left ingests behind");
    }
}

package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.http.ListenAddress;
import dev.berth.oci.Digest;
import dev.berth.registry.TestImages.Blob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Garbage collection keeps exactly what manifests reference (and, online, what was just uploaded). */
class RegistryGcTest {
    @TempDir
    Path dir;

    @Test
    void removesOnlyBlobsNoManifestReferences() throws Exception {
        Path root = dir.resolve("root");
        Blob config = Blob.of("{\"c\":1}");
        Blob shared = Blob.of("shared layer");
        Blob own = Blob.of("own layer of the deleted image");
        Blob orphan = Blob.of("uploaded, never referenced");
        byte[] kept;
        byte[] deleted;
        try (RegistryServer server = RegistryServer.start(RegistryConfig.of(ListenAddress.parse("127.0.0.1:0"), root))) {
            Http http = new Http(server.url());
            for (Blob b : List.of(config, shared, own, orphan)) {
                assertEquals(201, http.send("POST", "/v2/r/blobs/uploads/?digest=" + b.digest(), b.bytes()).statusCode());
            }
            kept = TestImages.manifest(config, shared);
            deleted = TestImages.manifest(config, shared, own);
            for (byte[] m : List.of(kept, deleted)) {
                assertEquals(201, http.send("PUT", "/v2/r/manifests/" + Digest.of(m), m,
                        "Content-Type", "application/vnd.oci.image.manifest.v1+json").statusCode());
            }
            assertEquals(201, http.send("PUT", "/v2/r/manifests/v1", kept,
                    "Content-Type", "application/vnd.oci.image.manifest.v1+json").statusCode());
            assertEquals(202, http.send("DELETE", "/v2/r/manifests/" + Digest.of(deleted), null).statusCode());

            // online, the blobs just touched stay for the grace period
            GarbageCollector.Result online = GarbageCollector.collect(server.store(), Instant.now(), Duration.ofMinutes(5), false);
            assertEquals(List.of(), online.blobsRemoved());
        }
        try (RegistryStore store = RegistryStore.open(root)) {
            GarbageCollector.Result dry = GarbageCollector.collect(store, Instant.now(), Duration.ZERO, true);
            Set<Digest> garbage = Set.of(own.digest(), orphan.digest(), Digest.of(deleted));
            assertEquals(garbage, Set.copyOf(dry.blobsRemoved()));
            assertTrue(store.content().exists(own.digest()), "a dry run removes nothing");

            GarbageCollector.Result r = GarbageCollector.collect(store, Instant.now(), Duration.ZERO, false);
            assertEquals(garbage, Set.copyOf(r.blobsRemoved()));
            assertEquals(3, r.blobsKept());
            assertEquals(own.bytes().length + orphan.bytes().length + deleted.length, r.bytesFreed());
            assertEquals(2, r.linksRemoved(), "the repository's links to removed layers go too");
            for (Digest d : garbage) assertFalse(store.content().exists(d), d.toString());
            for (Digest d : List.of(config.digest(), shared.digest(), Digest.of(kept))) assertTrue(store.content().exists(d));
            assertFalse(Files.exists(root.resolve("repositories/r/_layers").resolve(own.digest().hex())));
            assertEquals(List.of(), GarbageCollector.collect(store, Instant.now(), Duration.ZERO, false).blobsRemoved());
        }
        try (RegistryServer server = RegistryServer.start(RegistryConfig.of(ListenAddress.parse("127.0.0.1:0"), root))) {
            Http http = new Http(server.url());
            var m = http.get("/v2/r/manifests/v1");
            assertEquals(200, m.statusCode());
            for (Blob b : List.of(config, shared)) assertEquals(200, http.get("/v2/r/blobs/" + b.digest()).statusCode());
            assertEquals(404, http.get("/v2/r/blobs/" + own.digest()).statusCode());
        }
    }

    @Test
    void onlineCollectionRemovesUnreferencedBlobsOnceTheirGraceIsOver() throws Exception {
        Path root = dir.resolve("root");
        RegistryConfig config = RegistryConfig.of(ListenAddress.parse("127.0.0.1:0"), root)
                .withOnlineGc(Duration.ofMillis(100), Duration.ofSeconds(2));
        try (RegistryServer server = RegistryServer.start(config)) {
            Http http = new Http(server.url());
            Blob config1 = Blob.of("{\"online\":1}");
            Blob layer = Blob.of("referenced layer");
            Blob orphan = Blob.of("orphan, uploaded first");
            for (Blob b : List.of(orphan, config1, layer)) {
                assertEquals(201, http.send("POST", "/v2/on/blobs/uploads/?digest=" + b.digest(), b.bytes()).statusCode());
            }
            Thread.sleep(500);
            assertTrue(server.store().content().exists(orphan.digest()), "within its grace an unreferenced blob stays");
            byte[] m = TestImages.manifest(config1, layer);
            assertEquals(201, http.send("PUT", "/v2/on/manifests/v1", m,
                    "Content-Type", "application/vnd.oci.image.manifest.v1+json").statusCode());
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (server.store().content().exists(orphan.digest()) && System.nanoTime() < deadline) Thread.sleep(100);
            assertFalse(server.store().content().exists(orphan.digest()), "collected after its grace");
            for (Blob b : List.of(config1, layer)) assertEquals(200, http.get("/v2/on/blobs/" + b.digest()).statusCode());
            assertEquals(200, http.get("/v2/on/manifests/v1").statusCode());
        }
    }

    @Test
    void aCollectionWaitsForACommitInProgressAndKeepsItsBlob() throws Exception {
        Path root = dir.resolve("root");
        try (RegistryServer server = RegistryServer.start(RegistryConfig.of(ListenAddress.parse("127.0.0.1:0"), root))) {
            RegistryStore store = server.store();
            Blob b = Blob.of("racing");
            var shared = store.gcLock().readLock();
            shared.lock(); // as an upload's commit holds it
            Thread gc;
            GarbageCollector.Result[] result = new GarbageCollector.Result[1];
            try {
                gc = Thread.ofVirtual().start(() -> result[0] = GarbageCollector.collect(store, Instant.now(), Duration.ofMinutes(1), false));
                Thread.sleep(100);
                assertTrue(gc.isAlive(), "the sweep waits for the commit");
                store.touch(b.digest(), Instant.now());
                store.content().put(b.bytes());
                store.link("r", b.digest());
            } finally {
                shared.unlock();
            }
            gc.join();
            assertEquals(List.of(), result[0].blobsRemoved());
            assertTrue(store.content().exists(b.digest()));
        }
    }
}

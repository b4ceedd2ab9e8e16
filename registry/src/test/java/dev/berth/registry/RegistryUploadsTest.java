package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.content.local.LocalContentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upload sessions: bounded in number, expired when idle, their ingests dropped. */
class RegistryUploadsTest {
    @TempDir
    Path root;

    @Test
    void aFloodOfSessionsIsRefusedAndIdleOnesExpire() throws Exception {
        MutableClock clock = new MutableClock();
        Uploads uploads = new Uploads(new LocalContentStore(root), clock, Duration.ofMinutes(10));
        for (int i = 0; i < Uploads.MAX_SESSIONS; i++) uploads.start("r");
        RegistryError e = assertThrows(RegistryError.class, () -> uploads.start("r"));
        assertEquals(ErrorCode.TOOMANYREQUESTS, e.code());
        assertEquals(429, e.status());

        clock.now = clock.now.plus(Duration.ofMinutes(11));
        Uploads.Upload fresh = uploads.start("r");
        assertEquals(1, uploads.size(), "the idle ones went");
        try (Stream<Path> ingests = Files.list(root.resolve("ingest"))) {
            assertEquals(1, ingests.count(), "with their ingest files");
        }
        assertTrue(uploads.find(fresh.id, "r").isPresent());
        assertTrue(uploads.find(fresh.id, "other").isEmpty(), "a session belongs to its repository");
        uploads.closeAll();
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}

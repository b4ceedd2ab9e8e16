package dev.berth.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.oci.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PullJournalTest {
    @TempDir Path dir;
    final Digest a = Digest.of("a".getBytes());
    final Digest b = Digest.of("b".getBytes());
    final Digest c = Digest.of("c".getBytes());

    @Test
    void protectsTheBlobsOfRunningAndInterruptedPullsUntilOneCompletes() throws Exception {
        PullJournal journal = new PullJournal(dir);
        PullJournal.Entry running = journal.start(List.of(a, b));
        assertEquals(Set.of(a, b), journal.blobs());
        running.close();
        assertEquals(Set.of(), journal.blobs());

        journal.start(List.of(a, b)); // never closed: the daemon was killed
        journal.start(List.of(c));
        PullJournal reopened = new PullJournal(dir);
        assertEquals(Set.of(a, b, c), reopened.blobs(), "a restart keeps them");
        reopened.completed(List.of(a, b));
        assertEquals(Set.of(c), reopened.blobs(), "a completed pull of the same blobs ends the interrupted one");
    }

    @Test
    void dropsEntriesOlderThanADayAtStart() throws Exception {
        new PullJournal(dir).start(List.of(a));
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        }
        assertEquals(Set.of(), new PullJournal(dir).blobs());
    }
}

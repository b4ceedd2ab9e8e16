package dev.berth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** moby's {@code GetTimestamp} conversions of {@code --since}/{@code --until}. */
class TimestampsTest {
    private static final Instant NOW = Instant.parse("2024-01-02T15:04:05Z");

    private static String ts(String v) {
        return Timestamps.toApi(v, NOW, ZoneOffset.UTC);
    }

    @Test
    void durationsCountBackFromNow() {
        assertEquals(Long.toString(NOW.getEpochSecond() - 600), ts("10m"));
        assertEquals(Long.toString(NOW.getEpochSecond() - 5400), ts("1h30m"));
        assertEquals(Long.toString(NOW.getEpochSecond() - 2), ts("1.5s"));
    }

    @Test
    void unixTimestampsPassThrough() {
        assertEquals("1700000000", ts("1700000000"));
        assertEquals("1700000000.123", ts("1700000000.123"));
        assertEquals("0", ts("0"));
    }

    @Test
    void datesAndTimes() {
        assertEquals("1704153600.000000000", ts("2024-01-02"));
        assertEquals("1704207845.000000000", ts("2024-01-02T15:04:05Z"));
        assertEquals("1704204245.000000000", ts("2024-01-02T15:04:05+01:00"));
        assertEquals("1704207845.500000000", ts("2024-01-02T15:04:05.5Z"));
        assertEquals("1704207840.000000000", ts("2024-01-02T15:04"));
        assertEquals("1704207600.000000000", ts("2024-01-02T15"));
        assertEquals("1704204245.000000000", Timestamps.toApi("2024-01-02T15:04:05", NOW, ZoneId.of("Europe/Berlin")));
    }

    @Test
    void rejectsNonsense() {
        assertEquals("failed to parse value as time or duration: \"yesterday\"",
                assertThrows(IllegalArgumentException.class, () -> ts("yesterday")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ts("2024-13-45"));
    }
}

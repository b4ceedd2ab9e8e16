package dev.berth.cli.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class GoTimeTest {
    private static final Instant T = Instant.parse("2024-01-02T15:04:05Z");

    @Test
    void timeString() {
        assertEquals("2024-01-02 15:04:05 +0000 UTC", GoTime.string(T, ZoneOffset.UTC));
        assertEquals("2024-01-02 16:04:05 +0100 CET", GoTime.string(T, ZoneId.of("Europe/Berlin")));
        assertEquals("2024-01-02 15:04:05.5 +0000 UTC", GoTime.string(T.plusMillis(500), ZoneOffset.UTC));
    }

    @Test
    void rfc3339() {
        assertEquals("2024-01-02T15:04:05Z", GoTime.rfc3339(T, ZoneOffset.UTC));
        assertEquals("2024-01-02T16:04:05+01:00", GoTime.rfc3339(T, ZoneId.of("Europe/Berlin")));
    }

    @Test
    void rfc3339NanoFixed() {
        assertEquals("2024-01-02T15:04:05.000000007Z", GoTime.rfc3339NanoFixed(T.plusNanos(7), ZoneOffset.UTC));
    }

    @Test
    void ansic() {
        assertEquals("Tue Jan  2 15:04:05 2024", GoTime.ansic(T, ZoneOffset.UTC));
        assertEquals("Fri Jan 12 15:04:05 2024", GoTime.ansic(T.plusSeconds(10 * 86400), ZoneOffset.UTC));
    }
}

package dev.berth.daemonapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.common.EngineException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {
    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L;

    @Test
    void sinceAndUntilAreUnixSecondsRfc3339OrADurationBeforeNow() {
        assertEquals(1_700_000_000_500_000_000L, Times.parseUnixNanos("1700000000.5", "until", NOW));
        assertEquals(NOW_NANOS, Times.parseUnixNanos("2026-12-03T12:00:00Z", "until", NOW));
        assertEquals(NOW_NANOS - 3_600_000_000_000L, Times.parseUnixNanos("1h", "until", NOW));
        assertEquals(NOW_NANOS - 5_400_000_000_000L, Times.parseUnixNanos("1h30m", "until", NOW));
        assertEquals(NOW_NANOS - 1_500_000_000L, Times.parseUnixNanos("1.5s", "until", NOW));
        assertThrows(EngineException.InvalidArgument.class, () -> Times.parseUnixNanos("1x", "until", NOW));
        assertThrows(EngineException.InvalidArgument.class, () -> Times.parseUnixNanos("h", "until", NOW));
    }
}

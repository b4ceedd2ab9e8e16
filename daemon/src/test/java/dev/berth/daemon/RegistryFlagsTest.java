package dev.berth.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** berthd's embedded-registry flags. */
class RegistryFlagsTest {
    @Test
    void gcIntervals() {
        assertEquals(Duration.ofHours(24), Main.duration("24h"));
        assertEquals(Duration.ofMinutes(90), Main.duration("90m"));
        assertEquals(Duration.ofSeconds(30), Main.duration("30s"));
        assertEquals(Duration.ofHours(1), Main.duration("PT1H"));
        assertThrows(IllegalArgumentException.class, () -> Main.duration("soon"));
    }
}

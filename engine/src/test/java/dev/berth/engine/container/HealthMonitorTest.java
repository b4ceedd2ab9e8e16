package dev.berth.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.common.EngineException;
import dev.berth.oci.ContainerConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthMonitorTest {
    private static ContainerConfig config(List<String> test, Long interval, Integer retries) {
        return ContainerConfig.empty().withHealthcheck(new ContainerConfig.Healthcheck(test, interval, null, null, null, retries));
    }

    @Test
    void noneAndUnknownTestsAreNoHealthCheck() {
        assertNull(HealthMonitor.check(config(List.of("NONE"), null, null)));
        assertNull(HealthMonitor.check(config(List.of(), null, null)));
        assertNull(HealthMonitor.check(config(List.of("HTTP", "x"), null, null)));
        assertNotNull(HealthMonitor.check(config(List.of("CMD-SHELL", "true"), null, null)));
        assertNotNull(HealthMonitor.check(config(List.of("CMD", "true"), null, null)));
    }

    @Test
    void createRefusesWhatDockerdRefuses() {
        var e = assertThrows(EngineException.InvalidArgument.class, () -> HealthMonitor.validate(config(List.of("CMD", "true"), 1000L, null)));
        assertEquals("Interval in Healthcheck cannot be less than 1ms", e.getMessage());
        assertThrows(EngineException.InvalidArgument.class, () -> HealthMonitor.validate(config(List.of("CMD", "true"), null, -1)));
        HealthMonitor.validate(config(List.of("CMD", "true"), 0L, 0));
    }

    @Test
    void durationsAreWrittenAsGoWritesThem() {
        assertEquals("30s", HealthMonitor.goDuration(Duration.ofSeconds(30)));
        assertEquals("500ms", HealthMonitor.goDuration(Duration.ofMillis(500)));
        assertEquals("1.5s", HealthMonitor.goDuration(Duration.ofMillis(1500)));
        assertEquals("1m30s", HealthMonitor.goDuration(Duration.ofSeconds(90)));
        assertEquals("2m0s", HealthMonitor.goDuration(Duration.ofMinutes(2)));
    }
}

package dev.berth.engine.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventBusTest {
    private final EventBus bus = new EventBus(Clock.fixed(Instant.ofEpochSecond(100), ZoneOffset.UTC));

    @Test
    void deliversMatchingEventsToLiveSubscribers() throws Exception {
        try (var sub = bus.subscribe(e -> e.type().equals("image"), -1)) {
            bus.publish("container", "start", "c1", Map.of());
            bus.publish("image", "tag", "sha256:1", Map.of("name", "a:b"));
            Event e = sub.poll(1, TimeUnit.SECONDS);
            assertEquals("tag", e.action());
            assertEquals(100_000_000_000L, e.timeNano());
            assertNull(sub.poll(10, TimeUnit.MILLISECONDS));
        }
        assertEquals(0, bus.listenerCount());
    }

    @Test
    void replaysHistorySince() throws Exception {
        bus.publish("image", "load", "sha256:1", Map.of());
        try (var sub = bus.subscribe(e -> true, 0)) {
            assertEquals("load", sub.poll(1, TimeUnit.SECONDS).action());
        }
        try (var sub = bus.subscribe(e -> true, 200_000_000_000L)) {
            assertEquals(0, sub.drain().size());
        }
    }
}

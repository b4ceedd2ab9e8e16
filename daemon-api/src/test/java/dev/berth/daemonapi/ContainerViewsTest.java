package dev.berth.daemonapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.api.PortBinding;
import dev.berth.engine.container.HostSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerViewsTest {
    @Test
    void hostConfigEchoesPortBindingsWithDockersKeys() {
        HostSpec h = HostSpec.defaults().withPortBindings(
                Map.of("80/tcp", List.of(new HostSpec.PortBinding("127.0.0.1", "18080"))), false);
        assertEquals(Map.of("80/tcp", List.of(new PortBinding("127.0.0.1", "18080"))),
                ContainerViews.hostConfig(h).portBindings());
    }
}

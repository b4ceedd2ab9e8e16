package dev.berth.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.common.EngineException;
import dev.berth.runtime.spec.Resources;
import org.junit.jupiter.api.Test;

class ContainerUpdateTest {
    private static final long MIB = 1024 * 1024;

    private static ContainerUpdate memory(Long memory, Long swap) {
        return new ContainerUpdate(memory, swap, null, null, null, null, null, null, null, null, null, null);
    }

    private static HostSpec withMemory(Long memory, Long swap) {
        return HostSpec.defaults().withResources(HostSpec.Resources.NONE.withMemory(memory, swap));
    }

    @Test
    void memoryUpToTheImpliedSwapLimitKeepsThatLimit() {
        HostSpec h = memory(64 * MIB, null).applyTo(withMemory(32 * MIB, null));
        assertEquals(64 * MIB, h.resources().memory());
        assertEquals(64 * MIB, h.resources().memorySwap(), "twice the old memory, now explicit");
        Resources r = ContainerUpdate.runtimeResources(h.resources());
        assertEquals(64 * MIB, r.memory().limit());
        assertEquals(64 * MIB, r.memory().swap());
        assertEquals(0, r.devices().size());
    }

    @Test
    void memoryAboveTheSwapLimitNeedsANewSwapLimit() {
        var e = assertThrows(EngineException.Conflict.class, () -> memory(128 * MIB, null).applyTo(withMemory(32 * MIB, null)));
        assertEquals("Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time", e.getMessage());
        HostSpec h = memory(128 * MIB, -1L).applyTo(withMemory(32 * MIB, null));
        assertEquals(-1L, h.resources().memorySwap());
    }

    @Test
    void aFirstMemoryLimitGetsTwiceAsMuchSwap() {
        HostSpec h = memory(64 * MIB, null).applyTo(HostSpec.defaults());
        assertEquals(128 * MIB, h.resources().memorySwap());
        assertThrows(EngineException.InvalidArgument.class, () -> memory(MIB, null).applyTo(HostSpec.defaults()));
    }

    @Test
    void cpusAndAQuotaExcludeEachOther() {
        HostSpec quota = new ContainerUpdate(null, null, null, null, null, 100_000L, 50_000L, null, null, null, null, null)
                .applyTo(HostSpec.defaults());
        assertEquals(50_000L, quota.resources().cpuQuota());
        var cpus = new ContainerUpdate(null, null, null, 1_000_000_000L, null, null, null, null, null, null, null, null);
        assertThrows(EngineException.Conflict.class, () -> cpus.applyTo(quota));
    }

    @Test
    void pidsLimitAndRestartPolicy() {
        var u = new ContainerUpdate(null, null, null, null, null, null, null, null, null, 20L, null, new HostSpec.RestartPolicy("always", 0));
        HostSpec h = u.applyTo(HostSpec.defaults());
        assertEquals(20L, h.resources().pidsLimit());
        assertEquals("always", h.restartPolicy().name());
        assertEquals(20L, ContainerUpdate.runtimeResources(h.resources()).pids().limit());
        assertThrows(EngineException.Conflict.class, () -> u.applyTo(HostSpec.defaults().withAutoRemove(true)));
        var none = new ContainerUpdate(null, null, null, null, null, null, null, null, null, null, null, null);
        assertEquals("always", none.applyTo(h).restartPolicy().name(), "no policy leaves the policy");
    }
}

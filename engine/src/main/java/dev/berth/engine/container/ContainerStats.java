package dev.berth.engine.container;

import dev.berth.runtime.stats.CgroupStats;
import dev.berth.runtime.stats.NetDev;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot for {@code docker stats}: counters from the container's cgroups (the caller diffs two
 * snapshots for rates) and of its network namespace's interfaces, or empty when the container does
 * not run (Docker then reports zeros).
 *
 * @param networks interface counters by name (loopback left out); empty without an own network
 *                 namespace ({@code --network host}) or when it does not run
 */
public record ContainerStats(String id, String name, Optional<CgroupStats> cgroup, Map<String, NetDev.Counters> networks) {
    private static final long HOST_MEMORY = hostMemory();

    public ContainerStats {
        networks = Map.copyOf(networks);
    }

    /** The stats of a container that does not run: only its id and name. */
    public ContainerStats(String id, String name, Optional<CgroupStats> cgroup) {
        this(id, name, cgroup, Map.of());
    }

    /**
     * A running container's sample. As dockerd does, a memory limit above the host's memory (no
     * limit) reads as the host's memory.
     */
    static ContainerStats sample(Container c, CgroupStats cgroup) {
        CgroupStats.Memory m = cgroup.memory();
        if (HOST_MEMORY > 0 && (m.limit() > HOST_MEMORY || m.limit() <= 0)) {
            cgroup = new CgroupStats(cgroup.read(), cgroup.cpu(),
                    new CgroupStats.Memory(m.usage(), m.maxUsage(), HOST_MEMORY, m.failcnt(), m.stats(), m.oomKills()),
                    cgroup.pids(), cgroup.blkio());
        }
        Map<String, NetDev.Counters> networks = c.hostConfig().networkMode().equals("host") || c.state().pid() <= 0
                ? Map.of() : NetDev.read(c.state().pid());
        return new ContainerStats(c.id(), c.name(), Optional.of(cgroup), networks);
    }

    private static long hostMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException | RuntimeException e) {
            // unknown: limits are reported as the kernel has them
        }
        return 0;
    }
}

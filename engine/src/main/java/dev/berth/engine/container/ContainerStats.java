package dev.berth.engine.container;

import dev.berth.runtime.stats.CgroupStats;
import java.util.Optional;

/**
 * A snapshot for {@code docker stats}: counters from the container's cgroups (the caller diffs two
 * snapshots for rates), or empty when the container does not run (Docker then reports zeros).
 */
public record ContainerStats(String id, String name, Optional<CgroupStats> cgroup) {}

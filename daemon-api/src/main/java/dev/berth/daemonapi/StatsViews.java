package dev.berth.daemonapi;

import dev.berth.api.ContainerStats.BlkioStatEntry;
import dev.berth.api.ContainerStats.BlkioStats;
import dev.berth.api.ContainerStats.CpuStats;
import dev.berth.api.ContainerStats.CpuUsage;
import dev.berth.api.ContainerStats.MemoryStats;
import dev.berth.api.ContainerStats.NetworkStats;
import dev.berth.api.ContainerStats.PidsStats;
import dev.berth.api.ContainerStats.ThrottlingData;
import dev.berth.engine.container.ContainerStats;
import dev.berth.runtime.stats.CgroupStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Engine stats samples as dockerd's {@code StatsJSON} (cgroup v1 shape): the current sample's
 * counters, with the previous sample's CPU counters as {@code precpu_stats} so that clients compute
 * CPU % from the difference. A container that does not run reads as zeros with its name and id.
 */
final class StatsViews {
    private static final CpuStats NO_CPU = new CpuStats(new CpuUsage(0, null, 0, 0), 0, 0, new ThrottlingData(0, 0, 0));

    private StatsViews() {}

    /** {@code previous} is null for the first sample of a stream (and for one-shot). */
    static dev.berth.api.ContainerStats of(ContainerStats current, ContainerStats previous) {
        CgroupStats cur = current.cgroup().orElse(null);
        CgroupStats pre = previous == null ? null : previous.cgroup().orElse(null);
        if (cur == null) {
            return new dev.berth.api.ContainerStats(Times.ZERO, Times.ZERO, new PidsStats(0, 0), new BlkioStats(null, null), 0,
                    NO_CPU, NO_CPU, new MemoryStats(0, 0, null, 0, 0), current.name(), current.id(), null);
        }
        return new dev.berth.api.ContainerStats(Times.rfc3339Nano(cur.read()), pre == null ? Times.ZERO : Times.rfc3339Nano(pre.read()),
                new PidsStats(cur.pids().current(), cur.pids().limit()), blkio(cur.blkio()), 0, cpu(cur.cpu()),
                pre == null ? NO_CPU : cpu(pre.cpu()), memory(cur.memory()), current.name(), current.id(), networks(current));
    }

    private static CpuStats cpu(CgroupStats.Cpu c) {
        return new CpuStats(new CpuUsage(c.totalUsage(), c.perCpuUsage().isEmpty() ? null : c.perCpuUsage(), c.kernelUsage(),
                c.userUsage()), c.systemUsage(), c.onlineCpus(),
                new ThrottlingData(c.throttlingPeriods(), c.throttledPeriods(), c.throttledTime()));
    }

    private static MemoryStats memory(CgroupStats.Memory m) {
        return new MemoryStats(m.usage(), m.maxUsage(), new TreeMap<>(m.stats()), m.failcnt(), m.limit());
    }

    private static BlkioStats blkio(CgroupStats.Blkio b) {
        return new BlkioStats(entries(b.ioServiceBytes()), entries(b.ioServiced()));
    }

    private static List<BlkioStatEntry> entries(List<CgroupStats.BlkioEntry> l) {
        return l.stream().map(e -> new BlkioStatEntry(e.major(), e.minor(), e.op(), e.value())).toList();
    }

    /** Null without interfaces, as dockerd omits {@code networks} then. */
    private static Map<String, NetworkStats> networks(ContainerStats s) {
        if (s.networks().isEmpty()) return null;
        Map<String, NetworkStats> out = new LinkedHashMap<>();
        new TreeMap<>(s.networks()).forEach((name, n) -> out.put(name, new NetworkStats(n.rxBytes(), n.rxPackets(),
                n.rxErrors(), n.rxDropped(), n.txBytes(), n.txPackets(), n.txErrors(), n.txDropped())));
        return out;
    }
}

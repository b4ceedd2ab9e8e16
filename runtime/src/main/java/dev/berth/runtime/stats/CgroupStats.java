package dev.berth.runtime.stats;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of a container's resource use from its cgroup v1 files, the raw material of
 * {@code docker stats}: counters, not rates (the caller diffs two snapshots).
 *
 * @param read when the files were read
 */
public record CgroupStats(Instant read, Cpu cpu, Memory memory, Pids pids, Blkio blkio) {

    /**
     * CPU time, in nanoseconds.
     *
     * @param totalUsage {@code cpuacct.usage}
     * @param perCpuUsage {@code cpuacct.usage_percpu}, by CPU number
     * @param userUsage user time ({@code cpuacct.stat} user)
     * @param kernelUsage kernel time ({@code cpuacct.stat} system)
     * @param systemUsage the host's total CPU time so far ({@code /proc/stat}), Docker's {@code system_cpu_usage}
     * @param onlineCpus CPUs online on the host
     * @param throttlingPeriods {@code cpu.stat nr_periods}
     * @param throttledPeriods {@code cpu.stat nr_throttled}
     * @param throttledTime {@code cpu.stat throttled_time}
     */
    public record Cpu(long totalUsage, List<Long> perCpuUsage, long userUsage, long kernelUsage, long systemUsage,
                      int onlineCpus, long throttlingPeriods, long throttledPeriods, long throttledTime) {
        public Cpu {
            perCpuUsage = List.copyOf(perCpuUsage);
        }
    }

    /**
     * Memory, in bytes.
     *
     * @param usage {@code memory.usage_in_bytes}
     * @param maxUsage {@code memory.max_usage_in_bytes}
     * @param limit {@code memory.limit_in_bytes} (a huge number when unlimited)
     * @param failcnt how often the limit was hit
     * @param stats {@code memory.stat}, e.g. {@code cache}, {@code rss}, {@code total_inactive_file}
     * @param oomKills {@code memory.oom_control oom_kill}: processes the OOM killer killed in this cgroup
     */
    public record Memory(long usage, long maxUsage, long limit, long failcnt, Map<String, Long> stats, long oomKills) {
        public Memory {
            stats = Map.copyOf(stats);
        }
    }

    /**
     * Tasks.
     *
     * @param current {@code pids.current}
     * @param limit {@code pids.max}, 0 when {@code max} (unlimited)
     */
    public record Pids(long current, long limit) {}

    /** Block I/O counters, from {@code blkio.throttle.*} (they count all I/O, whatever the scheduler). */
    public record Blkio(List<BlkioEntry> ioServiceBytes, List<BlkioEntry> ioServiced) {
        public Blkio {
            ioServiceBytes = List.copyOf(ioServiceBytes);
            ioServiced = List.copyOf(ioServiced);
        }
    }

    /** One line of a blkio file: device, operation ({@code Read}, {@code Write}, {@code Sync}, {@code Async}, {@code Total}...), value. */
    public record BlkioEntry(long major, long minor, String op, long value) {}
}

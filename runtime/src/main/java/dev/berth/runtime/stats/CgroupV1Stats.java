package dev.berth.runtime.stats;

import dev.berth.common.EngineException;
import dev.berth.runtime.internal.KernelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@link CgroupStats} of a cgroupfs-style cgroups path from the cgroup v1 controllers
 * ({@code cpu}, {@code cpuacct}, {@code memory}, {@code pids}, {@code blkio}). A controller that is
 * not mounted, or a file the kernel does not have, reads as zero.
 */
public final class CgroupV1Stats {
    /** {@code cpuacct.stat} and {@code /proc/stat} count in USER_HZ, 100 per second on every Linux build berth runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final CgroupV1 cgroups;

    public CgroupV1Stats(CgroupV1 cgroups) {
        this.cgroups = cgroups;
    }

    /**
     * The counters of {@code cgroupsPath} ({@code /berth/<id>}).
     *
     * @throws EngineException.NotFound if the cgroup does not exist (the container was deleted)
     */
    public CgroupStats read(String cgroupsPath) {
        Optional<Path> memory = cgroups.path("memory", cgroupsPath);
        Optional<Path> cpuacct = cgroups.path("cpuacct", cgroupsPath);
        if (memory.map(p -> !Files.isDirectory(p)).orElse(true) && cpuacct.map(p -> !Files.isDirectory(p)).orElse(true)) {
            throw new EngineException.NotFound("cgroup " + cgroupsPath + " does not exist: the container is not running");
        }
        Instant now = Instant.now();
        return new CgroupStats(now, cpu(cpuacct, cgroups.path("cpu", cgroupsPath)), memory(memory),
                pids(cgroups.path("pids", cgroupsPath)), blkio(cgroups.path("blkio", cgroupsPath)));
    }

    /** The OOM kill counter of the cgroup ({@code memory.oom_control oom_kill}), 0 if unknown. */
    public long oomKills(String cgroupsPath) {
        return cgroups.path("memory", cgroupsPath).map(p -> keyValues(p.resolve("memory.oom_control")).getOrDefault("oom_kill", 0L)).orElse(0L);
    }

    private CgroupStats.Cpu cpu(Optional<Path> cpuacct, Optional<Path> cpu) {
        long total = cpuacct.map(p -> number(p.resolve("cpuacct.usage"))).orElse(0L);
        List<Long> perCpu = cpuacct.map(p -> numbers(p.resolve("cpuacct.usage_percpu"))).orElse(List.of());
        Map<String, Long> stat = cpuacct.map(p -> keyValues(p.resolve("cpuacct.stat"))).orElse(Map.of());
        Map<String, Long> throttling = cpu.map(p -> keyValues(p.resolve("cpu.stat"))).orElse(Map.of());
        return new CgroupStats.Cpu(total, perCpu, stat.getOrDefault("user", 0L) * NANOS_PER_TICK,
                stat.getOrDefault("system", 0L) * NANOS_PER_TICK, systemUsage(), Runtime.getRuntime().availableProcessors(),
                throttling.getOrDefault("nr_periods", 0L), throttling.getOrDefault("nr_throttled", 0L),
                throttling.getOrDefault("throttled_time", 0L));
    }

    private CgroupStats.Memory memory(Optional<Path> dir) {
        if (dir.isEmpty()) return new CgroupStats.Memory(0, 0, 0, 0, Map.of(), 0);
        Path p = dir.get();
        return new CgroupStats.Memory(number(p.resolve("memory.usage_in_bytes")), number(p.resolve("memory.max_usage_in_bytes")),
                number(p.resolve("memory.limit_in_bytes")), number(p.resolve("memory.failcnt")), keyValues(p.resolve("memory.stat")),
                keyValues(p.resolve("memory.oom_control")).getOrDefault("oom_kill", 0L));
    }

    private CgroupStats.Pids pids(Optional<Path> dir) {
        if (dir.isEmpty()) return new CgroupStats.Pids(0, 0);
        String max = text(dir.get().resolve("pids.max")).trim();
        long limit = max.isEmpty() || max.equals("max") ? 0 : parse(max);
        return new CgroupStats.Pids(number(dir.get().resolve("pids.current")), limit);
    }

    private CgroupStats.Blkio blkio(Optional<Path> dir) {
        if (dir.isEmpty()) return new CgroupStats.Blkio(List.of(), List.of());
        return new CgroupStats.Blkio(blkioEntries(dir.get().resolve("blkio.throttle.io_service_bytes")),
                blkioEntries(dir.get().resolve("blkio.throttle.io_serviced")));
    }

    /** Lines {@code 8:0 Read 4096}; the closing {@code Total N} line has no device and is left out. */
    static List<CgroupStats.BlkioEntry> blkioEntries(Path file) {
        List<CgroupStats.BlkioEntry> out = new ArrayList<>();
        for (String line : text(file).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 3 || !f[0].contains(":")) continue;
            String[] dev = f[0].split(":");
            out.add(new CgroupStats.BlkioEntry(parse(dev[0]), parse(dev[1]), f[1], parse(f[2])));
        }
        return out;
    }

    /** The host's CPU time: the sum of the first seven fields of {@code /proc/stat}'s {@code cpu} line, in ns. */
    static long systemUsage() {
        for (String line : text(Path.of("/proc/stat")).split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                long ticks = 0;
                for (int i = 1; i <= 7 && i < f.length; i++) ticks += parse(f[i]);
                return ticks * NANOS_PER_TICK;
            }
        }
        return 0;
    }

    private static long number(Path file) {
        String t = text(file).trim();
        return t.isEmpty() ? 0 : parse(t);
    }

    private static List<Long> numbers(Path file) {
        String t = text(file).trim();
        if (t.isEmpty()) return List.of();
        List<Long> out = new ArrayList<>();
        for (String s : t.split("\\s+")) out.add(parse(s));
        return out;
    }

    /** {@code key value} lines, as in memory.stat, cpu.stat, memory.oom_control. */
    static Map<String, Long> keyValues(Path file) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : text(file).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2) out.put(f[0], parse(f[1]));
        }
        return out;
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            try {
                return Long.parseUnsignedLong(s); // limits can exceed a signed long
            } catch (NumberFormatException e2) {
                return 0;
            }
        }
    }

    private static String text(Path file) {
        try {
            return KernelFiles.read(file);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            return ""; // the cgroup went away while reading: the caller sees zeros
        }
    }
}

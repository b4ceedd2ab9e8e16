package dev.berth.runtime.spec;

import java.util.List;

/**
 * The cgroup part of a spec ({@code linux.resources}); also the body of {@code runc update
 * --resources}. Null members are not set (the runtime leaves the kernel's default).
 *
 * @param devices the devices cgroup rules, in order (later rules win)
 * @param memory memory limits, or null
 * @param cpu CPU limits, or null
 * @param pids the pids limit, or null
 * @param blockIO block I/O weights, or null
 */
public record Resources(List<DeviceRule> devices, Memory memory, Cpu cpu, Pids pids, BlockIo blockIO) {
    /** No limits and no device rules. */
    public static final Resources NONE = new Resources(List.of(), null, null, null, null);

    public Resources {
        devices = Spec.Lists.copy(devices);
    }

    public Resources withDevices(List<DeviceRule> d) { return new Resources(d, memory, cpu, pids, blockIO); }
    public Resources withMemory(Memory m) { return new Resources(devices, m, cpu, pids, blockIO); }
    public Resources withCpu(Cpu c) { return new Resources(devices, memory, c, pids, blockIO); }
    public Resources withPids(Pids p) { return new Resources(devices, memory, cpu, p, blockIO); }
    public Resources withBlockIO(BlockIo b) { return new Resources(devices, memory, cpu, pids, b); }

    /** The memory limits, or an empty one to fill in. */
    public Memory memoryOrEmpty() { return memory == null ? Memory.EMPTY : memory; }

    /** The CPU limits, or an empty one to fill in. */
    public Cpu cpuOrEmpty() { return cpu == null ? Cpu.EMPTY : cpu; }

    /**
     * A devices cgroup rule.
     *
     * @param allow allow or deny
     * @param type {@code a} (all), {@code c} or {@code b}; null means all
     * @param major the major number, null for any
     * @param minor the minor number, null for any
     * @param access any of {@code r}, {@code w}, {@code m} (mknod)
     */
    public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {
        public static DeviceRule allow(String type, Long major, Long minor, String access) {
            return new DeviceRule(true, type, major, minor, access);
        }

        public static DeviceRule deny(String type, Long major, Long minor, String access) {
            return new DeviceRule(false, type, major, minor, access);
        }
    }

    /**
     * Memory limits in bytes (cgroup v1 {@code memory.*}).
     *
     * @param limit {@code memory.limit_in_bytes}
     * @param reservation the soft limit
     * @param swap memory <em>plus</em> swap ({@code memory.memsw.limit_in_bytes}), -1 for unlimited
     * @param swappiness 0..100
     * @param disableOOMKiller {@code memory.oom_control}: processes wait instead of being killed
     */
    public record Memory(Long limit, Long reservation, Long swap, Long swappiness, Boolean disableOOMKiller) {
        static final Memory EMPTY = new Memory(null, null, null, null, null);

        public Memory withLimit(Long l) { return new Memory(l, reservation, swap, swappiness, disableOOMKiller); }
        public Memory withReservation(Long r) { return new Memory(limit, r, swap, swappiness, disableOOMKiller); }
        public Memory withSwap(Long s) { return new Memory(limit, reservation, s, swappiness, disableOOMKiller); }
        public Memory withSwappiness(Long s) { return new Memory(limit, reservation, swap, s, disableOOMKiller); }
        public Memory withDisableOOMKiller(Boolean d) { return new Memory(limit, reservation, swap, swappiness, d); }
    }

    /**
     * CPU limits.
     *
     * @param shares relative weight ({@code cpu.shares}, 1024 is the default)
     * @param quota microseconds of CPU time per {@code period}
     * @param period the CFS period in microseconds
     * @param cpus the CPUs allowed, as {@code 0-2,4}
     * @param mems the memory nodes allowed
     */
    public record Cpu(Long shares, Long quota, Long period, String cpus, String mems) {
        static final Cpu EMPTY = new Cpu(null, null, null, null, null);

        public Cpu withShares(Long s) { return new Cpu(s, quota, period, cpus, mems); }
        public Cpu withQuota(Long q, Long p) { return new Cpu(shares, q, p, cpus, mems); }
        public Cpu withCpuset(String c, String m) { return new Cpu(shares, quota, period, c, m); }
    }

    /** The maximum number of tasks; -1 is unlimited. */
    public record Pids(long limit) {}

    /** Block I/O weight ({@code blkio.weight}, 10..1000). */
    public record BlockIo(Integer weight) {}
}

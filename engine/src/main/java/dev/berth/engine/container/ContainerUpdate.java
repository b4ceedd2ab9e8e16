package dev.berth.engine.container;

import dev.berth.common.EngineException;
import dev.berth.runtime.spec.Resources;
import dev.berth.runtime.spec.Spec;
import dev.berth.runtime.spec.SpecCustomizers;
import dev.berth.runtime.spec.SpecGenerator;
import java.util.List;

/**
 * {@code docker update}: new limits and restart policy for a container. Null or zero leaves a
 * setting as it is, as in dockerd ({@code pidsLimit} 0 or -1 means unlimited; null leaves it).
 *
 * @param memory            bytes ({@code -m})
 * @param memorySwap        memory plus swap in bytes, -1 unlimited
 * @param memoryReservation the soft limit in bytes
 * @param nanoCpus          {@code --cpus} in billionths of a CPU
 * @param cpuShares         relative weight
 * @param cpuPeriod         CFS period in microseconds
 * @param cpuQuota          CFS quota in microseconds
 * @param cpusetCpus        {@code 0-2,4}
 * @param cpusetMems        memory nodes
 * @param pidsLimit         tasks; 0 or negative unlimited
 * @param blkioWeight       10..1000
 * @param restartPolicy     a new restart policy, or null
 */
public record ContainerUpdate(Long memory, Long memorySwap, Long memoryReservation, Long nanoCpus, Long cpuShares,
                              Long cpuPeriod, Long cpuQuota, String cpusetCpus, String cpusetMems, Long pidsLimit,
                              Integer blkioWeight, HostSpec.RestartPolicy restartPolicy) {

    /**
     * The container's host settings with this update applied, validated as a start would validate
     * them (dockerd's {@code UpdateContainer}). An unset swap limit becomes explicit (twice the
     * memory, the default it had), so that raising the memory needs a swap limit at the same time
     * only when one was set or implied, as in dockerd.
     *
     * @throws EngineException.Conflict --cpus against a CPU period/quota already set (and vice versa),
     *         a memory limit above the swap limit set, a restart policy with --rm
     * @throws EngineException.InvalidArgument an invalid value
     */
    HostSpec applyTo(HostSpec host) {
        HostSpec.Resources r = host.resources();
        if (set(nanoCpus) && set(r.cpuPeriod())) throw conflict("Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set");
        if (set(nanoCpus) && set(r.cpuQuota())) throw conflict("Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
        if (set(cpuPeriod) && set(r.nanoCpus())) throw conflict("Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set");
        if (set(cpuQuota) && set(r.nanoCpus())) throw conflict("Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");

        long mem = value(r.memory());
        long swap = value(r.memorySwap());
        if (mem > 0 && swap == 0) swap = 2 * mem;
        if (set(memory)) {
            if (!set(memorySwap) && swap > 0 && memory > swap) {
                throw conflict("Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time");
            }
            if (!set(memorySwap) && swap == 0) swap = 2 * memory;
            mem = memory;
        }
        if (set(memorySwap)) swap = memorySwap;
        HostSpec.Resources next = new HostSpec.Resources(mem == 0 ? null : mem, swap == 0 ? null : swap,
                pick(memoryReservation, r.memoryReservation()), r.memorySwappiness(), pick(nanoCpus, r.nanoCpus()),
                pick(cpuShares, r.cpuShares()), pick(cpuPeriod, r.cpuPeriod()), pick(cpuQuota, r.cpuQuota()),
                cpusetCpus == null || cpusetCpus.isEmpty() ? r.cpusetCpus() : cpusetCpus,
                cpusetMems == null || cpusetMems.isEmpty() ? r.cpusetMems() : cpusetMems,
                pidsLimit != null ? pidsLimit : r.pidsLimit(), r.ulimits(), r.shmSize(), r.oomKillDisable(),
                blkioWeight != null && blkioWeight != 0 ? blkioWeight : r.blkioWeight());
        runtimeResources(next); // validates
        HostSpec out = host.withResources(next);
        if (restartPolicy != null) {
            if (host.autoRemove() && !restartPolicy.isNone()) {
                throw conflict("Restart policy cannot be updated because AutoRemove is enabled for the container");
            }
            restartPolicy.validate();
            out = out.withRestartPolicy(restartPolicy);
        }
        return out;
    }

    /** The cgroup settings of {@code r} for {@code runc update} (no device rules: those do not change). */
    static Resources runtimeResources(HostSpec.Resources r) {
        Spec spec = SpecCustomizers.compose(SpecFactory.resources(r)).apply(SpecGenerator.defaultSpec());
        Resources res = spec.linux() == null || spec.linux().resources() == null ? Resources.NONE : spec.linux().resources();
        return res.withDevices(List.of());
    }

    private static EngineException conflict(String message) {
        return new EngineException.Conflict(message);
    }

    private static boolean set(Long v) {
        return v != null && v != 0;
    }

    private static long value(Long v) {
        return v == null ? 0 : v;
    }

    private static Long pick(Long update, Long current) {
        return set(update) ? update : current;
    }
}

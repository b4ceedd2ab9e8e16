package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One sample of {@code GET /containers/{id}/stats} (a JSON object per line when streaming). Counters
 * are cumulative; {@code precpu_stats} is the previous sample's {@code cpu_stats}, so CPU use is the
 * difference of the two. Memory {@code stats} holds the cgroup's counters (cgroup v2:
 * {@code inactive_file}, v1: {@code total_inactive_file}...). Null when the daemon does not report a part.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerStats(
        @JsonProperty("read") String read,
        @JsonProperty("preread") String preread,
        @JsonProperty("pids_stats") PidsStats pidsStats,
        @JsonProperty("blkio_stats") BlkioStats blkioStats,
        @JsonProperty("num_procs") int numProcs,
        @JsonProperty("cpu_stats") CpuStats cpuStats,
        @JsonProperty("precpu_stats") CpuStats precpuStats,
        @JsonProperty("memory_stats") MemoryStats memoryStats,
        @JsonProperty("name") String name,
        @JsonProperty("id") String id,
        @JsonProperty("networks") Map<String, NetworkStats> networks) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PidsStats(@JsonProperty("current") long current, @JsonProperty("limit") long limit) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BlkioStats(
            @JsonProperty("io_service_bytes_recursive") List<BlkioStatEntry> ioServiceBytesRecursive,
            @JsonProperty("io_serviced_recursive") List<BlkioStatEntry> ioServicedRecursive) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BlkioStatEntry(@JsonProperty("major") long major, @JsonProperty("minor") long minor,
                                 @JsonProperty("op") String op, @JsonProperty("value") long value) {}

    /** CPU time in nanoseconds: the container's, and the whole system's ({@code system_cpu_usage}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CpuStats(@JsonProperty("cpu_usage") CpuUsage cpuUsage,
                           @JsonProperty("system_cpu_usage") long systemCpuUsage,
                           @JsonProperty("online_cpus") int onlineCpus,
                           @JsonProperty("throttling_data") ThrottlingData throttlingData) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CpuUsage(@JsonProperty("total_usage") long totalUsage,
                           @JsonProperty("percpu_usage") List<Long> percpuUsage,
                           @JsonProperty("usage_in_kernelmode") long usageInKernelmode,
                           @JsonProperty("usage_in_usermode") long usageInUsermode) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ThrottlingData(@JsonProperty("periods") long periods,
                                 @JsonProperty("throttled_periods") long throttledPeriods,
                                 @JsonProperty("throttled_time") long throttledTime) {}

    /** Bytes in use (page cache included) and the limit; {@code stats} are the cgroup's raw counters. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MemoryStats(@JsonProperty("usage") long usage,
                              @JsonProperty("max_usage") long maxUsage,
                              @JsonProperty("stats") Map<String, Long> stats,
                              @JsonProperty("failcnt") long failcnt,
                              @JsonProperty("limit") long limit) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NetworkStats(@JsonProperty("rx_bytes") long rxBytes, @JsonProperty("rx_packets") long rxPackets,
                               @JsonProperty("rx_errors") long rxErrors, @JsonProperty("rx_dropped") long rxDropped,
                               @JsonProperty("tx_bytes") long txBytes, @JsonProperty("tx_packets") long txPackets,
                               @JsonProperty("tx_errors") long txErrors, @JsonProperty("tx_dropped") long txDropped) {}
}

package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A container's host-side configuration ({@code HostConfig}), with the {@code Resources} fields
 * inlined as the API has them. Components follow the order of moby's struct, which is the order
 * of the JSON docker sends and shows. Every value is boxed: null means absent (clients such as
 * docker-java send nulls), and the daemon applies its defaults. Fields moby marks {@code omitempty}
 * are left out of JSON when null.
 *
 * <p>{@code PortBindings} maps {@code "80/tcp"} to host bindings; {@code Tmpfs} maps a container
 * path to mount options; {@code ConsoleSize} is {@code [height, width]}; sizes are in bytes,
 * {@code NanoCpus} in 10<sup>-9</sup> CPUs; {@code MemorySwap} -1 is unlimited swap.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostConfig(
        @JsonProperty("Binds") List<String> binds,
        @JsonProperty("ContainerIDFile") String containerIdFile,
        @JsonProperty("LogConfig") LogConfig logConfig,
        @JsonProperty("NetworkMode") String networkMode,
        @JsonProperty("PortBindings") Map<String, List<PortBinding>> portBindings,
        @JsonProperty("RestartPolicy") RestartPolicy restartPolicy,
        @JsonProperty("AutoRemove") Boolean autoRemove,
        @JsonProperty("VolumeDriver") String volumeDriver,
        @JsonProperty("VolumesFrom") List<String> volumesFrom,
        @JsonProperty("ConsoleSize") List<Integer> consoleSize,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Annotations") Map<String, String> annotations,
        @JsonProperty("CapAdd") List<String> capAdd,
        @JsonProperty("CapDrop") List<String> capDrop,
        @JsonProperty("CgroupnsMode") String cgroupnsMode,
        @JsonProperty("Dns") List<String> dns,
        @JsonProperty("DnsOptions") List<String> dnsOptions,
        @JsonProperty("DnsSearch") List<String> dnsSearch,
        @JsonProperty("ExtraHosts") List<String> extraHosts,
        @JsonProperty("GroupAdd") List<String> groupAdd,
        @JsonProperty("IpcMode") String ipcMode,
        @JsonProperty("Cgroup") String cgroup,
        @JsonProperty("Links") List<String> links,
        @JsonProperty("OomScoreAdj") Integer oomScoreAdj,
        @JsonProperty("PidMode") String pidMode,
        @JsonProperty("Privileged") Boolean privileged,
        @JsonProperty("PublishAllPorts") Boolean publishAllPorts,
        @JsonProperty("ReadonlyRootfs") Boolean readonlyRootfs,
        @JsonProperty("SecurityOpt") List<String> securityOpt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("StorageOpt") Map<String, String> storageOpt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Tmpfs") Map<String, String> tmpfs,
        @JsonProperty("UTSMode") String utsMode,
        @JsonProperty("UsernsMode") String usernsMode,
        @JsonProperty("ShmSize") Long shmSize,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Sysctls") Map<String, String> sysctls,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Runtime") String runtime,
        @JsonProperty("Isolation") String isolation,
        // Resources
        @JsonProperty("CpuShares") Long cpuShares,
        @JsonProperty("Memory") Long memory,
        @JsonProperty("NanoCpus") Long nanoCpus,
        @JsonProperty("CgroupParent") String cgroupParent,
        @JsonProperty("BlkioWeight") Integer blkioWeight,
        @JsonProperty("BlkioWeightDevice") List<WeightDevice> blkioWeightDevice,
        @JsonProperty("BlkioDeviceReadBps") List<ThrottleDevice> blkioDeviceReadBps,
        @JsonProperty("BlkioDeviceWriteBps") List<ThrottleDevice> blkioDeviceWriteBps,
        @JsonProperty("BlkioDeviceReadIOps") List<ThrottleDevice> blkioDeviceReadIOps,
        @JsonProperty("BlkioDeviceWriteIOps") List<ThrottleDevice> blkioDeviceWriteIOps,
        @JsonProperty("CpuPeriod") Long cpuPeriod,
        @JsonProperty("CpuQuota") Long cpuQuota,
        @JsonProperty("CpuRealtimePeriod") Long cpuRealtimePeriod,
        @JsonProperty("CpuRealtimeRuntime") Long cpuRealtimeRuntime,
        @JsonProperty("CpusetCpus") String cpusetCpus,
        @JsonProperty("CpusetMems") String cpusetMems,
        @JsonProperty("Devices") List<DeviceMapping> devices,
        @JsonProperty("DeviceCgroupRules") List<String> deviceCgroupRules,
        @JsonProperty("DeviceRequests") List<DeviceRequest> deviceRequests,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("KernelMemory") Long kernelMemory,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("KernelMemoryTCP") Long kernelMemoryTcp,
        @JsonProperty("MemoryReservation") Long memoryReservation,
        @JsonProperty("MemorySwap") Long memorySwap,
        @JsonProperty("MemorySwappiness") Long memorySwappiness,
        @JsonProperty("OomKillDisable") Boolean oomKillDisable,
        @JsonProperty("PidsLimit") Long pidsLimit,
        @JsonProperty("Ulimits") List<Ulimit> ulimits,
        @JsonProperty("CpuCount") Long cpuCount,
        @JsonProperty("CpuPercent") Long cpuPercent,
        @JsonProperty("IOMaximumIOps") Long ioMaximumIOps,
        @JsonProperty("IOMaximumBandwidth") Long ioMaximumBandwidth,
        // after Resources
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Mounts") List<Mount> mounts,
        @JsonProperty("MaskedPaths") List<String> maskedPaths,
        @JsonProperty("ReadonlyPaths") List<String> readonlyPaths,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Init") Boolean init) {}

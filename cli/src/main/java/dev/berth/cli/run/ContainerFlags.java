package dev.berth.cli.run;

import dev.berth.cli.Flag;
import dev.berth.cli.Flags;

/**
 * The flags of {@code berth create} and {@code berth run}, as docker CLI 28 declares them
 * ({@code container/opts.go addFlags} plus each command's own), with docker's usage texts so that
 * help reads the same. {@code -h} is {@code --hostname} here; help is {@code --help} only.
 */
public final class ContainerFlags {
    private ContainerFlags() {}

    /** {@code berth run}'s flags. */
    public static Flags run() {
        Flags f = new Flags()
                .bool("d", "detach", "Run container in background and print container ID")
                .boolDefaultTrue(null, "sig-proxy", "Proxy received signals to the process")
                .value(null, "name", Flag.Type.STRING, "Assign a name to the container")
                .value(null, "detach-keys", Flag.Type.STRING, "Override the key sequence for detaching a container")
                .value(null, "pull", Flag.Type.STRING, "Pull image before running (\"always\", \"missing\", \"never\")",
                        "missing")
                .bool("q", "quiet", "Suppress the pull output")
                .bool(null, "use-api-socket", "Bind mount Docker API socket and required auth")
                .bool(null, "help", "Print usage")
                .value(null, "platform", Flag.Type.STRING, "Set platform if server is multi-platform capable")
                .boolDefaultTrue(null, "disable-content-trust", "Skip image verification");
        return common(f).args(1, -1);
    }

    /** {@code berth create}'s flags. */
    public static Flags create() {
        Flags f = new Flags()
                .value(null, "name", Flag.Type.STRING, "Assign a name to the container")
                .value(null, "pull", Flag.Type.STRING, "Pull image before creating (\"always\", \"|missing\", \"never\")",
                        "missing")
                .bool("q", "quiet", "Suppress the pull output")
                .bool(null, "use-api-socket", "Bind mount Docker API socket and required auth")
                .bool(null, "help", "Print usage")
                .value(null, "platform", Flag.Type.STRING, "Set platform if server is multi-platform capable")
                .boolDefaultTrue(null, "disable-content-trust", "Skip image verification");
        return common(f).args(1, -1);
    }

    private static Flags common(Flags f) {
        return f
                // general purpose
                .value("a", "attach", Flag.Type.ATTACH_LIST, "Attach to STDIN, STDOUT or STDERR")
                .value(null, "device-cgroup-rule", Flag.Type.CGROUP_RULE_LIST, "Add a rule to the cgroup allowed devices list")
                .value(null, "device", Flag.Type.LIST, "Add a host device to the container")
                .value(null, "gpus", Flag.Type.GPUS, "GPU devices to add to the container ('all' to pass all GPUs)")
                .value("e", "env", Flag.Type.ENV_LIST, "Set environment variables")
                .value(null, "env-file", Flag.Type.LIST, "Read in a file of environment variables")
                .value(null, "entrypoint", Flag.Type.STRING, "Overwrite the default ENTRYPOINT of the image")
                .value(null, "group-add", Flag.Type.LIST, "Add additional groups to join")
                .value("h", "hostname", Flag.Type.STRING, "Container host name")
                .value(null, "domainname", Flag.Type.STRING, "Container NIS domain name")
                .bool("i", "interactive", "Keep STDIN open even if not attached")
                .value("l", "label", Flag.Type.LABEL_LIST, "Set meta data on a container")
                .value(null, "label-file", Flag.Type.LIST, "Read in a line delimited file of labels")
                .bool(null, "read-only", "Mount the container's root filesystem as read only")
                .value(null, "restart", Flag.Type.STRING, "Restart policy to apply when a container exits", "no")
                .value(null, "stop-signal", Flag.Type.STRING, "Signal to stop the container")
                .value(null, "stop-timeout", Flag.Type.INT, "Timeout (in seconds) to stop a container")
                .value(null, "sysctl", Flag.Type.SYSCTL, "Sysctl options", "map[]")
                .bool("t", "tty", "Allocate a pseudo-TTY")
                .value(null, "ulimit", Flag.Type.ULIMIT, "Ulimit options", "[]")
                .value("u", "user", Flag.Type.STRING, "Username or UID (format: <name|uid>[:<group|gid>])")
                .value("w", "workdir", Flag.Type.STRING, "Working directory inside the container")
                .bool(null, "rm", "Automatically remove the container and its associated anonymous volumes when it exits")
                // security
                .value(null, "cap-add", Flag.Type.LIST, "Add Linux capabilities")
                .value(null, "cap-drop", Flag.Type.LIST, "Drop Linux capabilities")
                .bool(null, "privileged", "Give extended privileges to this container")
                .value(null, "security-opt", Flag.Type.LIST, "Security Options")
                .value(null, "userns", Flag.Type.STRING, "User namespace to use")
                .value(null, "cgroupns", Flag.Type.STRING, """
                        Cgroup namespace to use (host|private)
                        'host':    Run the container in the Docker host's cgroup namespace
                        'private': Run the container in its own private cgroup namespace
                        '':        Use the cgroup namespace as configured by the
                                   default-cgroupns-mode option on the daemon (default)""")
                // network and ports
                .value(null, "add-host", Flag.Type.HOST_LIST, "Add a custom host-to-IP mapping (host:ip)")
                .value(null, "dns", Flag.Type.IP_LIST, "Set custom DNS servers")
                .hidden(null, "dns-opt", Flag.Type.LIST)
                .value(null, "dns-option", Flag.Type.LIST, "Set DNS options")
                .value(null, "dns-search", Flag.Type.DNS_SEARCH_LIST, "Set custom DNS search domains")
                .value(null, "expose", Flag.Type.LIST, "Expose a port or a range of ports")
                .value(null, "ip", Flag.Type.STRING, "IPv4 address (e.g., 172.30.100.104)")
                .value(null, "ip6", Flag.Type.STRING, "IPv6 address (e.g., 2001:db8::33)")
                .value(null, "link", Flag.Type.LINK_LIST, "Add link to another container")
                .value(null, "link-local-ip", Flag.Type.LIST, "Container IPv4/IPv6 link-local addresses")
                .value(null, "mac-address", Flag.Type.STRING, "Container MAC address (e.g., 92:d0:c6:0a:29:33)")
                .value("p", "publish", Flag.Type.LIST, "Publish a container's port(s) to the host")
                .bool("P", "publish-all", "Publish all exposed ports to random ports")
                .hidden(null, "net", Flag.Type.NETWORK)
                .value(null, "network", Flag.Type.NETWORK, "Connect a container to a network")
                .hidden(null, "net-alias", Flag.Type.LIST)
                .value(null, "network-alias", Flag.Type.LIST, "Add network-scoped alias for the container")
                // logging and storage
                .value(null, "log-driver", Flag.Type.STRING, "Logging driver for the container")
                .value(null, "volume-driver", Flag.Type.STRING, "Optional volume driver for the container")
                .value(null, "log-opt", Flag.Type.LIST, "Log driver options")
                .value(null, "storage-opt", Flag.Type.LIST, "Storage driver options for the container")
                .value(null, "tmpfs", Flag.Type.LIST, "Mount a tmpfs directory")
                .value(null, "volumes-from", Flag.Type.LIST, "Mount volumes from the specified container(s)")
                .value("v", "volume", Flag.Type.LIST, "Bind mount a volume")
                .value(null, "mount", Flag.Type.MOUNT, "Attach a filesystem mount to the container")
                // health
                .value(null, "health-cmd", Flag.Type.STRING, "Command to run to check health")
                .value(null, "health-interval", Flag.Type.DURATION, "Time between running the check (ms|s|m|h) (default 0s)")
                .value(null, "health-retries", Flag.Type.INT, "Consecutive failures needed to report unhealthy")
                .value(null, "health-timeout", Flag.Type.DURATION,
                        "Maximum time to allow one check to run (ms|s|m|h) (default 0s)")
                .value(null, "health-start-period", Flag.Type.DURATION, "Start period for the container to initialize "
                        + "before starting health-retries countdown (ms|s|m|h) (default 0s)")
                .hidden(null, "health-start-interval", Flag.Type.DURATION)
                .bool(null, "no-healthcheck", "Disable any container-specified HEALTHCHECK")
                // resources
                .value(null, "blkio-weight", Flag.Type.UINT16,
                        "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)")
                .value(null, "blkio-weight-device", Flag.Type.WEIGHT_DEVICE_LIST, "Block IO weight (relative device weight)",
                        "[]")
                .value(null, "cidfile", Flag.Type.STRING, "Write the container ID to the file")
                .value(null, "cpuset-cpus", Flag.Type.STRING, "CPUs in which to allow execution (0-3, 0,1)")
                .value(null, "cpuset-mems", Flag.Type.STRING, "MEMs in which to allow execution (0-3, 0,1)")
                // Windows-only flags: docker hides them for a Linux daemon
                .hidden(null, "cpu-count", Flag.Type.INT)
                .hidden(null, "cpu-percent", Flag.Type.INT)
                .value(null, "cpu-period", Flag.Type.INT, "Limit CPU CFS (Completely Fair Scheduler) period")
                .value(null, "cpu-quota", Flag.Type.INT, "Limit CPU CFS (Completely Fair Scheduler) quota")
                .value(null, "cpu-rt-period", Flag.Type.INT, "Limit CPU real-time period in microseconds")
                .value(null, "cpu-rt-runtime", Flag.Type.INT, "Limit CPU real-time runtime in microseconds")
                .value("c", "cpu-shares", Flag.Type.INT, "CPU shares (relative weight)")
                .value(null, "cpus", Flag.Type.DECIMAL, "Number of CPUs")
                .value(null, "device-read-bps", Flag.Type.BPS_DEVICE_LIST,
                        "Limit read rate (bytes per second) from a device", "[]")
                .value(null, "device-read-iops", Flag.Type.IOPS_DEVICE_LIST, "Limit read rate (IO per second) from a device",
                        "[]")
                .value(null, "device-write-bps", Flag.Type.BPS_DEVICE_LIST, "Limit write rate (bytes per second) to a device",
                        "[]")
                .value(null, "device-write-iops", Flag.Type.IOPS_DEVICE_LIST, "Limit write rate (IO per second) to a device",
                        "[]")
                .hidden(null, "io-maxbandwidth", Flag.Type.BYTES)
                .hidden(null, "io-maxiops", Flag.Type.UINT)
                .value(null, "kernel-memory", Flag.Type.BYTES, "Kernel memory limit")
                .value("m", "memory", Flag.Type.BYTES, "Memory limit")
                .value(null, "memory-reservation", Flag.Type.BYTES, "Memory soft limit")
                .value(null, "memory-swap", Flag.Type.SWAP_BYTES,
                        "Swap limit equal to memory plus swap: '-1' to enable unlimited swap")
                .value(null, "memory-swappiness", Flag.Type.INT, "Tune container memory swappiness (0 to 100)", "-1")
                .bool(null, "oom-kill-disable", "Disable OOM Killer")
                .value(null, "oom-score-adj", Flag.Type.INT, "Tune host's OOM preferences (-1000 to 1000)")
                .value(null, "pids-limit", Flag.Type.INT, "Tune container pids limit (set -1 for unlimited)")
                // low-level execution
                .value(null, "cgroup-parent", Flag.Type.STRING, "Optional parent cgroup for the container")
                .value(null, "ipc", Flag.Type.STRING, "IPC mode to use")
                .value(null, "isolation", Flag.Type.STRING, "Container isolation technology")
                .value(null, "pid", Flag.Type.STRING, "PID namespace to use")
                .value(null, "shm-size", Flag.Type.BYTES, "Size of /dev/shm")
                .value(null, "uts", Flag.Type.STRING, "UTS namespace to use")
                .value(null, "runtime", Flag.Type.STRING, "Runtime to use for this container")
                .bool(null, "init", "Run an init inside the container that forwards signals and reaps processes")
                .hidden(null, "annotation", Flag.Type.MAP);
    }
}

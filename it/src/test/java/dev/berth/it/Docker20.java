package dev.berth.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's Docker Engine 20.10 ({@code /usr/sbin/dockerd}) in a private temp dir, as the reference of differential
 * tests. Register it in a static field to share one per test class:
 *
 * <pre>{@code
 * @RegisterExtension static final Docker20 docker20 = new Docker20();
 * ...
 * Images.busybox().importInto(docker20.docker());
 * docker20.docker().ok("save", "-o", file, "busybox");
 * }</pre>
 *
 * It runs {@code dockerd --config-file <tmp>/daemon.json --data-root <tmp>/data --exec-root <tmp>/exec
 * --pidfile <tmp>/docker.pid -H unix://<tmp>/docker.sock --bridge=none --iptables=false --ip-masq=false
 * --storage-driver=overlay2 --containerd-namespace=<id> --containerd-plugins-namespace=<id>-plugins}, with
 * {@code deprecated-key-path} in daemon.json so it does not write {@code /etc/docker/key.json}. dockerd spawns its
 * own containerd with config, socket and state under {@code <tmp>/exec/containerd} and root under
 * {@code <tmp>/data/containerd} (it would attach to a system containerd instead if
 * {@code /run/containerd/containerd.sock} existed: the private namespaces keep it apart then). No bridge, no
 * iptables rule: containers get {@code --network none}-like networking only. If overlay2 does not work on the
 * temp dir's filesystem it falls back to vfs ({@link #storageDriver()} tells which); {@code -Dit.docker20.storage-driver}
 * forces one. {@code -Dit.docker20.socket=PATH} reuses a running Docker instead.
 *
 * <p>{@link #withBridgeNetworking()} gives it networking as a user's Docker has it instead: a bridge of its own
 * ({@code -b dkt<hex>}, made here) with {@code --iptables=true --ip-masq=true}; after it stops, its firewall rules,
 * chains and bridge are removed (the chains only if they were not there before it started).
 */
public final class Docker20 extends DaemonProcess<Docker20> {
    public static final String REUSE_PROPERTY = "it.docker20.socket";

    private String storageDriver = System.getProperty("it.docker20.storage-driver", "overlay2");
    private final boolean driverForced = System.getProperty("it.docker20.storage-driver") != null;
    private String bridge;
    private String net24;
    private boolean dockerChainsBefore;

    public Docker20() {
        super(Duration.ofSeconds(60));
    }

    /** Docker's bridge networking and iptables rules on a bridge of its own (see the class comment). */
    public Docker20 withBridgeNetworking() {
        int r = java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 24);
        bridge = "dkt" + String.format("%06x", r);
        net24 = "10." + (200 + r % 50) + "." + (r >> 8 & 0xff);
        return this;
    }

    private String addressPool;

    /**
     * User-defined networks' subnets from {@code base} (a /16, as {@code --default-address-pool base=...,size=24}) rather
     * than Docker's 172.x defaults, which daemons running side by side would share.
     */
    public Docker20 withDefaultAddressPool(String base) {
        addressPool = base;
        return this;
    }

    /** The subnet of its bridge ({@code 10.N.M.0/24}), with {@link #withBridgeNetworking()}. */
    public String bridgeSubnet() {
        return net24 + ".0/24";
    }

    /** overlay2 unless it had to fall back to vfs. */
    public String storageDriver() {
        return storageDriver;
    }

    /** The docker CLI 28 against this daemon, with a fresh DOCKER_CONFIG. */
    public DockerCli docker() {
        return DockerCli.forSocket(socket(), cliDir());
    }

    /** Debian's docker CLI 20.10 against this daemon. */
    public DockerCli docker20Cli() {
        return docker().withBinary(Tool.DOCKER20_CLI.require());
    }

    public Path dataRoot() {
        return root().resolve("data");
    }

    public Path execRoot() {
        return root().resolve("exec");
    }

    @Override
    String shortName() {
        return "docker20";
    }

    @Override
    String socketName() {
        return "docker.sock";
    }

    @Override
    String reuseProperty() {
        return REUSE_PROPERTY;
    }

    @Override
    void checkPreconditions() {
        Preconditions.requireRoot();
        Tool.requireAll(Tool.DOCKERD, Tool.CONTAINERD, Tool.RUNC, Tool.DOCKER_CLI, Tool.UMOUNT);
    }

    @Override
    void prepare(Path root) throws IOException {
        // An explicit config file keeps /etc/docker/daemon.json out; the key path keeps /etc/docker/key.json out.
        Files.writeString(root.resolve("daemon.json"),
                "{\n  \"deprecated-key-path\": \"" + root.resolve("key.json") + "\"\n}\n");
        if (bridge != null) {
            dockerChainsBefore = iptablesSave().contains(":DOCKER");
            sh("ip link add name " + bridge + " type bridge && ip addr add " + net24 + ".1/24 dev " + bridge
                    + " && ip link set " + bridge + " up");
        }
    }

    @Override
    List<String> command(Path root, Path socket) {
        String ns = "berth-it-" + root.getFileName();
        List<String> cmd = new ArrayList<>(List.of(
                Tool.DOCKERD.path().toString(),
                "--config-file", root.resolve("daemon.json").toString(),
                "--data-root", root.resolve("data").toString(),
                "--exec-root", root.resolve("exec").toString(),
                "--pidfile", root.resolve("docker.pid").toString(),
                "-H", "unix://" + socket,
                "--storage-driver=" + storageDriver,
                "--containerd-namespace=" + ns,
                "--containerd-plugins-namespace=" + ns + "-plugins"));
        cmd.addAll(bridge == null ? List.of("--bridge=none", "--iptables=false", "--ip-masq=false")
                : List.of("--bridge=" + bridge, "--iptables=true", "--ip-masq=true"));
        if (addressPool != null) cmd.add("--default-address-pool=base=" + addressPool + ",size=24");
        return cmd;
    }

    @Override
    boolean retryAfterFailedStart(String logTail) {
        if (!driverForced && storageDriver.equals("overlay2")
                && logTail.contains("error initializing graphdriver")) {
            System.err.println("[berth-it] dockerd 20.10 did not start with overlay2 on " + TempDirs.base()
                    + ", falling back to vfs; its log said:\n" + logTail);
            storageDriver = "vfs";
            return true;
        }
        return false;
    }

    /** Removes all containers first, so that SIGTERM does not wait for each one's stop timeout. */
    @Override
    void beforeFinalStop() {
        docker().withTimeout(Duration.ofSeconds(60)).removeAllContainers();
    }

    /** With bridge networking: removes Docker's firewall rules (and chains it made) and its bridge, then checks. */
    @Override
    List<String> leftovers(boolean graceful) {
        if (bridge == null) return List.of();
        List<String> kept = iptablesSave().lines().filter(l -> !docker(l)).toList();
        List<String> out = new ArrayList<>();
        CliResult restore = ProcessRunner.run(List.of("iptables-restore"), java.util.Map.of(),
                (String.join("\n", kept) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), Duration.ofSeconds(20));
        if (!restore.succeeded()) out.add("cannot restore the firewall without Docker's rules: " + restore.describe());
        sh("ip link del " + bridge + " 2>/dev/null || true");
        iptablesSave().lines().filter(this::docker).forEach(l -> out.add("iptables: " + l));
        if (Files.exists(Path.of("/sys/class/net", bridge))) out.add("bridge " + bridge);
        return out;
    }

    /** An iptables-save line of this Docker's: its bridge's or subnet's, or of the DOCKER chains it made. */
    private boolean docker(String line) {
        return line.contains(bridge) || line.contains(net24 + ".") || !dockerChainsBefore && line.contains("DOCKER");
    }

    private static String iptablesSave() {
        return ProcessRunner.run(List.of("iptables-save"), java.util.Map.of(), null, Duration.ofSeconds(20)).stdout();
    }

    private static void sh(String script) {
        CliResult r = ProcessRunner.run(List.of("sh", "-c", script), java.util.Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), null, Duration.ofSeconds(20));
        if (!r.succeeded()) throw new AssertionError(script + ": " + r.describe());
    }

    @Override
    public String toString() {
        return "Docker20[" + storageDriver + "]";
    }
}

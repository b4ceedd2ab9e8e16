package dev.berth.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A dedicated {@code berthd} for one test class:
 * {@code bin/berthd --data-root <tmp>/data --exec-root <tmp>/run -H unix://<tmp>/berth.sock [extra args]},
 * with {@code <tmp>} a short dir under {@code /tmp} (see {@link TempDirs}). {@code -Dit.daemon.socket=PATH} makes
 * every test class use an already running daemon instead (no start, stop, kill or leak checks then).
 *
 * <pre>{@code
 * @RequiresRoot
 * class ContainersIT {
 *     @RegisterExtension static final BerthDaemon berthd = new BerthDaemon();
 *
 *     @Test void runs() {
 *         Images.busybox().importInto(berthd.docker());
 *         berthd.docker().ok("run", "--rm", "busybox", "true");
 *     }
 * }
 * }</pre>
 *
 * {@code bin/berthd} must {@code exec} the JVM, so that SIGTERM and SIGKILL reach the daemon itself.
 */
public final class BerthDaemon extends DaemonProcess<BerthDaemon> {
    /** Used by {@code -Dit.daemon.socket=PATH} to reuse a running daemon. */
    public static final String REUSE_PROPERTY = "it.daemon.socket";

    private Path binary;
    private final List<String> extraArgs = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    /** This daemon's own default bridge and address space, so that daemons never share a bridge or a subnet. */
    private final String bridge;
    private final String net16;

    public BerthDaemon() {
        super(Duration.ofSeconds(30));
        int r = java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 24);
        bridge = "bit" + String.format("%06x", r);
        net16 = "10." + (110 + r % 90);
    }

    /** The Linux bridge of this daemon's default {@code bridge} network. */
    public String bridgeName() {
        return bridge;
    }

    /** The {@code 10.N.0.0/16} its networks' subnets come from. */
    public String addressSpace() {
        return net16 + ".0.0/16";
    }

    /** Extra command-line arguments for berthd (e.g. {@code "--runtime", "crun"}). */
    public BerthDaemon withArgs(String... args) {
        extraArgs.addAll(List.of(args));
        return this;
    }

    /** Another launcher than {@code bin/berthd} (also {@code -Dit.berthd=PATH}). */
    public BerthDaemon withBinary(Path binary) {
        this.binary = binary;
        return this;
    }

    /** An environment variable for berthd (e.g. {@code JAVA_TOOL_OPTIONS}). */
    public BerthDaemon withEnv(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** {@code <tmp>/data}. */
    public Path dataRoot() {
        return root().resolve("data");
    }

    /** {@code <tmp>/run}. */
    public Path execRoot() {
        return root().resolve("run");
    }

    /** The docker CLI 28 against this daemon, with a fresh DOCKER_CONFIG. */
    public DockerCli docker() {
        return DockerCli.forSocket(socket(), cliDir());
    }

    /** {@code bin/berth} against this daemon. */
    public BerthCli berth() {
        return BerthCli.forSocket(socket(), cliDir());
    }

    @Override
    String shortName() {
        return "berthd";
    }

    @Override
    String socketName() {
        return "berth.sock";
    }

    @Override
    String reuseProperty() {
        return REUSE_PROPERTY;
    }

    @Override
    void checkPreconditions() {
        Preconditions.requireRoot();
        if (binary == null) {
            Tool.BERTHD.require();
        } else if (!binary.toFile().canExecute()) {
            throw new AssertionError("berthd launcher " + binary + " is not executable");
        }
    }

    @Override
    List<String> command(Path root, Path socket) {
        List<String> cmd = new ArrayList<>();
        cmd.add((binary != null ? binary : Tool.BERTHD.path()).toString());
        cmd.addAll(List.of("--data-root", root.resolve("data").toString(),
                "--exec-root", root.resolve("run").toString(),
                "-H", "unix://" + socket,
                "--bridge", bridge, "--bip", net16 + ".255.1/24", "--default-address-pool", "base=" + addressSpace()));
        cmd.addAll(extraArgs);
        return cmd;
    }

    /**
     * Removes what a test left (a failed one): containers outlive berthd, and their processes, veths and
     * firewall rules would outlive the class.
     */
    @Override
    void beforeFinalStop() {
        DockerCli cli = docker().withTimeout(Duration.ofSeconds(60));
        if (!cli.run("ps", "-q").succeeded()) return; // not a daemon with containers (the harness's own fakes)
        cli.removeAllContainers();
        cli.ok("network", "prune", "-f");
    }

    /**
     * Bridges, addresses and iptables rules of this daemon's address space left after it stopped, and its cgroup
     * parent ({@code /berth-<id>} in each hierarchy; removed here when empty, reported only when {@code graceful}).
     */
    @Override
    List<String> leftovers(boolean graceful) {
        List<String> out = new ArrayList<>();
        Path idFile = dataRoot().resolve("engine-id");
        if (java.nio.file.Files.isRegularFile(idFile)) {
            try {
                String id = java.nio.file.Files.readString(idFile).strip();
                String parent = "berth-" + id.substring(0, Math.min(12, id.length()));
                try (var hierarchies = java.nio.file.Files.newDirectoryStream(Path.of("/sys/fs/cgroup"))) {
                    for (Path h : hierarchies) {
                        Path dir = h.resolve(parent);
                        if (!java.nio.file.Files.isDirectory(dir)) continue;
                        if (graceful) out.add("cgroup " + dir);
                        try {
                            java.nio.file.Files.delete(dir);
                        } catch (java.io.IOException busy) {
                            out.add("cgroup " + dir + " (not empty)");
                        }
                    }
                }
            } catch (java.io.IOException e) {
                out.add("cannot check the cgroups: " + e);
            }
        }
        if (java.nio.file.Files.exists(Path.of("/sys/class/net", bridge))) out.add("bridge " + bridge);
        String prefix = net16 + ".";
        CliResult addrs = ProcessRunner.run(List.of("ip", "-o", "-4", "addr", "show"), Map.of(), null, Duration.ofSeconds(10));
        addrs.stdout().lines().filter(l -> l.contains("inet " + prefix)).forEach(l -> out.add("address: " + l.strip()));
        CliResult rules = ProcessRunner.run(List.of("iptables-save"), Map.of(), null, Duration.ofSeconds(10));
        rules.stdout().lines().filter(l -> l.contains(prefix) || l.contains(bridge)).forEach(l -> out.add("iptables: " + l));
        return out;
    }

    @Override
    Map<String, String> environment() {
        return Map.copyOf(env);
    }

    @Override
    public String toString() {
        return "BerthDaemon";
    }
}

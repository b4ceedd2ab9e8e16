package dev.berth.daemon;

import java.nio.file.Path;
import dev.berth.distribution.RegistryOptions;
import dev.berth.http.ListenAddress;
import dev.berth.registry.RegistryConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import dev.berth.engine.network.NetworkServiceConfig;
import picocli.CommandLine.Option;

/** {@code berthd}: parses flags, wires the daemon, serves until SIGTERM/SIGINT. */
@Command(name = "berthd", mixinStandardHelpOptions = true, version = "berthd 0.1.0",
        description = "The berth daemon: serves the Docker Engine API.")
public final class Main implements Callable<Integer> {

    @Option(names = {"-H", "--host"}, paramLabel = "ADDR",
            description = "Listen address: unix:///path or tcp://127.0.0.1:PORT (repeatable; default ${DEFAULT-VALUE})")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--data-root", paramLabel = "DIR", defaultValue = "/var/lib/berth",
            description = "Where images, layers and containers are kept (default ${DEFAULT-VALUE})")
    Path dataRoot;

    @Option(names = "--exec-root", paramLabel = "DIR", defaultValue = "/run/berth",
            description = "Where runtime state (sockets, pid files) is kept (default ${DEFAULT-VALUE})")
    Path execRoot;

    @Option(names = "--runtime", paramLabel = "NAME", defaultValue = "runc",
            description = "Default OCI runtime (default ${DEFAULT-VALUE})")
    String runtime;

    @Option(names = "--init-path", paramLabel = "PATH",
            description = "The init binary run as PID 1 with --init (default: docker-init, tini-static or catatonit from the host)")
    Path initPath;

    @Option(names = {"-D", "--debug"}, description = "Log debug messages")
    boolean debug;

    @Option(names = {"-b", "--bridge"}, paramLabel = "NAME", defaultValue = NetworkServiceConfig.DEFAULT_BRIDGE,
            description = "The Linux bridge of the default bridge network (default ${DEFAULT-VALUE})")
    String bridge;

    @Option(names = "--bip", paramLabel = "CIDR", defaultValue = NetworkServiceConfig.DEFAULT_BIP,
            description = "The default bridge's address and subnet (default ${DEFAULT-VALUE})")
    String bip;

    @Option(names = "--default-address-pool", paramLabel = "base=CIDR",
            description = "Where user-defined networks get their /24 subnets (default base=" + NetworkServiceConfig.DEFAULT_POOL + ")")
    String addressPool;

    @Option(names = "--insecure-registry", paramLabel = "REGISTRY",
            description = "A registry (host[:port] or CIDR) to reach over plain HTTP or unverified TLS; repeatable."
                    + " 127.0.0.0/8 always is")
    List<String> insecureRegistries;

    @Option(names = "--max-concurrent-downloads", paramLabel = "N", defaultValue = "3",
            description = "Layers a pull downloads at once (default ${DEFAULT-VALUE})")
    int maxConcurrentDownloads;

    @Option(names = "--max-concurrent-uploads", paramLabel = "N", defaultValue = "5",
            description = "Layers a push uploads at once (default ${DEFAULT-VALUE})")
    int maxConcurrentUploads;

    @Option(names = "--max-download-attempts", paramLabel = "N", defaultValue = "5",
            description = "Tries of a registry request on transient errors (default ${DEFAULT-VALUE})")
    int maxDownloadAttempts;

    @Option(names = "--registry-listen", paramLabel = "HOST:PORT",
            description = "Also serve an OCI registry (the one of berth registry serve) on this address")
    String registryListen;

    @Option(names = "--registry-root", paramLabel = "DIR",
            description = "The embedded registry's storage (default: <data-root>/registry)")
    Path registryRoot;

    @Option(names = "--registry-htpasswd", paramLabel = "FILE",
            description = "The embedded registry asks for basic auth by the users of this htpasswd file (bcrypt)")
    Path registryHtpasswd;

    @Option(names = "--registry-tls-cert", paramLabel = "FILE", description = "The embedded registry serves HTTPS with this PEM certificate chain")
    Path registryTlsCert;

    @Option(names = "--registry-tls-key", paramLabel = "FILE", description = "The PEM private key of --registry-tls-cert")
    Path registryTlsKey;

    @Option(names = "--registry-gc-interval", paramLabel = "DURATION",
            description = "The embedded registry removes unreferenced blobs this often (ISO-8601 or e.g. 24h; off by default)")
    String registryGcInterval;

    @Override
    public Integer call() throws Exception {
        String pool = addressPool == null ? NetworkServiceConfig.DEFAULT_POOL : addressPool.replaceFirst("^base=", "").replaceFirst(",size=24$", "");
        DaemonConfig config = new DaemonConfig(hosts, dataRoot.toAbsolutePath(), execRoot.toAbsolutePath(), runtime, debug,
                initPath == null ? null : initPath.toAbsolutePath(), bridge, bip, pool, insecureRegistries, registryOptions(),
                embeddedRegistry());
        CountDownLatch stopped = new CountDownLatch(1);
        Daemon daemon = Daemon.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "berthd-shutdown"));
        stopped.await();
        return 0;
    }

    private RegistryConfig embeddedRegistry() {
        if (registryListen == null) {
            if (registryRoot != null || registryHtpasswd != null || registryTlsCert != null || registryTlsKey != null
                    || registryGcInterval != null) {
                throw new IllegalArgumentException("the --registry-* flags need --registry-listen HOST:PORT");
            }
            return null;
        }
        if (!(ListenAddress.parse(registryListen) instanceof ListenAddress.Tcp tcp)) {
            throw new IllegalArgumentException("--registry-listen wants HOST:PORT, not " + registryListen);
        }
        Path root = registryRoot != null ? registryRoot : dataRoot.resolve("registry");
        RegistryConfig c = RegistryConfig.of(tcp, root.toAbsolutePath());
        if (registryHtpasswd != null) c = c.withHtpasswd(registryHtpasswd.toAbsolutePath());
        if ((registryTlsCert == null) != (registryTlsKey == null)) {
            throw new IllegalArgumentException("--registry-tls-cert and --registry-tls-key go together");
        }
        if (registryTlsCert != null) c = c.withTls(registryTlsCert.toAbsolutePath(), registryTlsKey.toAbsolutePath());
        if (registryGcInterval != null) c = c.withOnlineGc(duration(registryGcInterval), java.time.Duration.ofHours(1));
        return c;
    }

    /** {@code 24h}, {@code 90m}, {@code 30s} or ISO-8601 ({@code PT24H}). */
    static java.time.Duration duration(String s) {
        String v = s.strip();
        try {
            if (v.matches("[0-9]+[hms]")) return java.time.Duration.parse("PT" + v.toUpperCase(java.util.Locale.ROOT));
            return java.time.Duration.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("invalid duration " + s + " (want e.g. 24h, 90m, 30s)");
        }
    }

    private RegistryOptions registryOptions() {
        RegistryOptions d = RegistryOptions.defaults();
        long chunk = Long.getLong("berth.registry.chunkSize", d.chunkSize());
        return new RegistryOptions(List.of(), d.certsDir(), maxDownloadAttempts, d.backoff(), maxConcurrentDownloads,
                maxConcurrentUploads, chunk, d.maxManifestBytes());
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("berthd: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (((Main) cmd.getCommand()).debug) e.printStackTrace();
            return 1;
        });
        int rc = cli.execute(args);
        if (rc != 0) System.exit(rc);
    }
}

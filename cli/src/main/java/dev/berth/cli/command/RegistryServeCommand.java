package dev.berth.cli.command;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flag;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.http.ListenAddress;
import dev.berth.registry.RegistryConfig;
import dev.berth.registry.RegistryServer;
import java.io.IOException;
import dev.berth.cli.run.GoParse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code berth registry serve}: runs the embedded OCI registry in the foreground until SIGTERM or SIGINT, without a
 * daemon (berthd can run the same registry with {@code --registry-listen}). The one line it prints names the address
 * bound, so {@code --listen 127.0.0.1:0} can be used by scripts that need a free port. {@code --gc-interval} collects
 * garbage while serving (else {@code berth registry gc} does, offline).
 */
public final class RegistryServeCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .value(null, "listen", Flag.Type.STRING, "Address to serve on, HOST:PORT (port 0 picks a free one)",
                    "127.0.0.1:5000")
            .value(null, "root", Flag.Type.STRING, "Storage directory (created if missing)")
            .value(null, "htpasswd", Flag.Type.STRING, "Require basic auth by the users of this htpasswd file (bcrypt, htpasswd -B)")
            .value(null, "tls-cert", Flag.Type.STRING, "Serve HTTPS with this PEM certificate chain")
            .value(null, "tls-key", Flag.Type.STRING, "The PEM private key of --tls-cert")
            .value(null, "gc-interval", Flag.Type.STRING, "Remove unreferenced blobs this often while serving (e.g. 24h; off by default)")
            .value(null, "gc-grace", Flag.Type.STRING, "With --gc-interval: keep blobs uploaded or used this recently", "1h")
            .args(0);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) throws IOException, InterruptedException {
        RegistryConfig config = config(ctx, in);
        RegistryServer server;
        try {
            server = RegistryServer.start(config);
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException("berth registry serve: " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "registry-shutdown"));
        ctx.out().println("berth registry: serving " + server.url() + " from " + config.root()
                + (config.htpasswd() == null ? "" : " (basic auth)"));
        ctx.out().flush();
        stopped.await();
        return 0;
    }

    /** A Go duration ({@code 90s}, {@code 1h30m}), positive for the interval. */
    private static Duration duration(String flag, String value) {
        long nanos;
        try {
            nanos = GoParse.duration(value);
        } catch (IllegalArgumentException e) {
            throw new CliException("berth registry serve: invalid --" + flag + " " + value + ": " + e.getMessage());
        }
        if (nanos < 0 || nanos == 0 && flag.equals("gc-interval")) {
            throw new CliException("berth registry serve: --" + flag + " must be positive");
        }
        return Duration.ofNanos(nanos);
    }

    static RegistryConfig config(CliContext ctx, Invocation in) {
        String root = in.string("root");
        if (root == null || root.isEmpty()) throw new CliException("berth registry serve: --root DIR is required");
        ListenAddress listen;
        try {
            listen = ListenAddress.parse(in.string("listen"));
        } catch (IllegalArgumentException e) {
            throw new CliException("berth registry serve: " + e.getMessage());
        }
        if (!(listen instanceof ListenAddress.Tcp)) {
            throw new CliException("berth registry serve: --listen wants HOST:PORT, not " + in.string("listen"));
        }
        RegistryConfig config = RegistryConfig.of(listen, ctx.cwd().resolve(root).normalize());
        String htpasswd = in.string("htpasswd");
        if (htpasswd != null && !htpasswd.isEmpty()) config = config.withHtpasswd(ctx.cwd().resolve(htpasswd));
        String cert = in.string("tls-cert");
        String key = in.string("tls-key");
        boolean hasCert = cert != null && !cert.isEmpty();
        boolean hasKey = key != null && !key.isEmpty();
        if (hasCert != hasKey) throw new CliException("berth registry serve: --tls-cert and --tls-key go together");
        if (hasCert) config = config.withTls(ctx.cwd().resolve(cert), ctx.cwd().resolve(Path.of(key)));
        String interval = in.string("gc-interval");
        if (interval != null && !interval.isEmpty()) {
            config = config.withOnlineGc(duration("gc-interval", interval), duration("gc-grace", in.string("gc-grace")));
        }
        return config;
    }
}

package dev.berth.registry;

import dev.berth.http.HttpServer;
import dev.berth.http.ListenAddress;
import dev.berth.http.ServerOptions;
import dev.berth.http.ServerTls;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A running registry: the storage directory opened (and locked) as a {@link RegistryStore}, the distribution API
 * served on one TCP address, plain or TLS, open or behind htpasswd basic auth, with garbage collected online if the
 * configuration asks. {@code berth registry serve} and berthd's {@code --registry-listen} both start one; closing it
 * stops the listener, drops the uploads in progress and unlocks the directory.
 */
public final class RegistryServer implements AutoCloseable {
    /** Sent on every response, as the CNCF registry does; Docker's ping looks for it. */
    static final Map<String, String> HEADERS = Map.of("Docker-Distribution-Api-Version", "registry/2.0");
    private static final System.Logger LOG = System.getLogger("dev.berth.registry");

    private final RegistryConfig config;
    private final RegistryStore store;
    private final Uploads uploads;
    private final HttpServer server;
    private final Thread collector;

    private RegistryServer(RegistryConfig config, RegistryStore store, Uploads uploads, HttpServer server) {
        this.config = config;
        this.store = store;
        this.uploads = uploads;
        this.server = server;
        this.collector = config.gcInterval() == null ? null
                : Thread.ofVirtual().name("registry-gc").start(this::collectGarbageEvery);
    }

    /** Online garbage collection, every {@code gcInterval} until the server closes. */
    private void collectGarbageEvery() {
        while (true) {
            try {
                Thread.sleep(config.gcInterval());
            } catch (InterruptedException closing) {
                return;
            }
            try {
                GarbageCollector.Result r = GarbageCollector.collect(store, Clock.systemUTC().instant(), config.gcGrace(), false);
                if (!r.blobsRemoved().isEmpty()) {
                    LOG.log(System.Logger.Level.INFO, "gc: removed " + r.blobsRemoved().size() + " blobs (" + r.bytesFreed()
                            + " bytes), " + r.blobsKept() + " kept");
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "gc failed, trying again in " + config.gcInterval(), e);
            }
        }
    }

    /**
     * Opens the storage and starts serving.
     *
     * @throws IOException if the directory is in use or cannot be made, the htpasswd or TLS files cannot be read,
     *                     or the address cannot be bound
     */
    public static RegistryServer start(RegistryConfig config) throws IOException {
        Clock clock = Clock.systemUTC();
        BasicAuth auth = null;
        if (config.htpasswd() != null) {
            try {
                auth = new BasicAuth(new Htpasswd(config.htpasswd()), config.realm());
            } catch (IOException e) {
                throw new IOException("cannot read the htpasswd file " + config.htpasswd() + ": " + reason(e), e);
            }
        }
        var tls = config.tls() ? ServerTls.fromPem(config.tlsCertificate(), config.tlsKey()) : null;
        RegistryStore store = RegistryStore.open(config.root());
        Uploads uploads = new Uploads(store.content(), clock, config.uploadIdleTimeout());
        try {
            ServerOptions options = new ServerOptions(List.of(config.listen()), HEADERS, new RegistryErrors(),
                    Duration.ofSeconds(5));
            if (tls != null) options = options.withTls(tls);
            HttpServer server = HttpServer.start(RegistryApi.router(store, uploads, config, clock, auth), options);
            return new RegistryServer(config, store, uploads, server);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** What went wrong with a file, in words. */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileAlreadyExistsException) return "a file is in the way of a directory";
        return e.getMessage();
    }

    /** The address bound (the chosen port when the configuration asked for port 0). */
    public ListenAddress.Tcp address() {
        return (ListenAddress.Tcp) server.addresses().getFirst();
    }

    /** {@code HOST:PORT}, as image references name the registry. */
    public String host() {
        ListenAddress.Tcp a = address();
        return (a.host().contains(":") ? "[" + a.host() + "]" : a.host()) + ":" + a.port();
    }

    /** {@code http://HOST:PORT} or {@code https://HOST:PORT}. */
    public String url() {
        return (config.tls() ? "https://" : "http://") + host();
    }

    public RegistryStore store() {
        return store;
    }

    /** Stops serving, ends the uploads in progress (their bytes are dropped) and unlocks the directory. */
    @Override
    public void close() {
        if (collector != null) {
            collector.interrupt();
            try {
                collector.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        server.stop();
        uploads.closeAll();
        store.close();
    }
}

package dev.berth.registry;

import dev.berth.http.ListenAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run a registry.
 *
 * @param listen            the TCP address to serve on
 * @param root              the storage directory (see {@link RegistryStore})
 * @param htpasswd          if not null, every request needs basic credentials of a user in this file (bcrypt)
 * @param tlsCertificate    with {@code tlsKey}: serve HTTPS with this PEM certificate chain
 * @param tlsKey            the PEM private key of {@code tlsCertificate}
 * @param maxManifestBytes  larger manifests are refused with 413 (the spec asks for at least 4 MiB)
 * @param uploadIdleTimeout upload sessions unused this long are dropped
 * @param realm             the basic-auth realm
 * @param gcInterval        if not null, garbage is collected online this often (see {@link GarbageCollector})
 * @param gcGrace           online, blobs uploaded, mounted or checked this recently are kept even if unreferenced
 */
public record RegistryConfig(ListenAddress listen, Path root, Path htpasswd, Path tlsCertificate, Path tlsKey,
                             int maxManifestBytes, Duration uploadIdleTimeout, String realm, Duration gcInterval,
                             Duration gcGrace) {
    public static final int DEFAULT_MAX_MANIFEST_BYTES = 4 << 20;

    public RegistryConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(root, "root");
        if (!(listen instanceof ListenAddress.Tcp)) throw new IllegalArgumentException("a registry listens on TCP: " + listen);
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        if (maxManifestBytes <= 0) throw new IllegalArgumentException("maxManifestBytes must be positive");
        Objects.requireNonNull(uploadIdleTimeout, "uploadIdleTimeout");
        Objects.requireNonNull(realm, "realm");
        if (gcInterval != null && (gcInterval.isNegative() || gcInterval.isZero())) {
            throw new IllegalArgumentException("the gc interval must be positive");
        }
        Objects.requireNonNull(gcGrace, "gcGrace");
    }

    /** Plain HTTP, no authentication, the default limits. */
    public static RegistryConfig of(ListenAddress listen, Path root) {
        return new RegistryConfig(listen, root, null, null, null, DEFAULT_MAX_MANIFEST_BYTES, Duration.ofHours(1),
                "berth-registry", null, Duration.ofHours(1));
    }

    public RegistryConfig withHtpasswd(Path file) {
        return new RegistryConfig(listen, root, file, tlsCertificate, tlsKey, maxManifestBytes, uploadIdleTimeout, realm, gcInterval, gcGrace);
    }

    public RegistryConfig withTls(Path certificate, Path key) {
        return new RegistryConfig(listen, root, htpasswd, certificate, key, maxManifestBytes, uploadIdleTimeout, realm, gcInterval, gcGrace);
    }

    public RegistryConfig withMaxManifestBytes(int max) {
        return new RegistryConfig(listen, root, htpasswd, tlsCertificate, tlsKey, max, uploadIdleTimeout, realm, gcInterval, gcGrace);
    }

    public RegistryConfig withUploadIdleTimeout(Duration timeout) {
        return new RegistryConfig(listen, root, htpasswd, tlsCertificate, tlsKey, maxManifestBytes, timeout, realm, gcInterval, gcGrace);
    }

    /** Collects garbage online every {@code interval}, sparing blobs touched within {@code grace}. */
    public RegistryConfig withOnlineGc(Duration interval, Duration grace) {
        return new RegistryConfig(listen, root, htpasswd, tlsCertificate, tlsKey, maxManifestBytes, uploadIdleTimeout, realm,
                interval, grace);
    }

    public boolean tls() {
        return tlsCertificate != null;
    }
}

package dev.berth.distribution;

import dev.berth.common.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Where a registry is and how to reach it: Docker Hub's API host, HTTPS with the JDK's CAs plus
 * {@code certs.d/HOST:PORT/*.crt}, or (for {@code --insecure-registry} entries and 127.0.0.0/8, as
 * Docker decides) plain HTTP, falling back to HTTPS without verification when the registry speaks TLS.
 * One {@link HttpClient} per registry host, kept for the daemon's life.
 */
final class Endpoints {
    /** Docker Hub's registry API host for the {@code docker.io} domain. */
    static final String DOCKER_HUB_API = "registry-1.docker.io";

    private final RegistryOptions options;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    Endpoints(RegistryOptions options) {
        this.options = options;
    }

    /** A registry to talk to: its base URI ({@code scheme://host[:port]}) and the client for it. */
    record Target(String domain, URI base, HttpClient client, boolean insecure) {
        URI resolve(String pathAndQuery) {
            return URI.create(base + pathAndQuery);
        }
    }

    /** The first endpoint to try for a domain (as written in an image reference). */
    Target target(String domain) {
        String host = domain.equals("docker.io") ? DOCKER_HUB_API : domain;
        if (isInsecure(host)) {
            return new Target(domain, URI.create("http://" + host), client(host, false), true);
        }
        return new Target(domain, URI.create("https://" + host), client(host, true), false);
    }

    /** The HTTPS endpoint with certificate verification, whatever the host (for tests of the trust set-up). */
    Target verifiedTarget(String hostPort) {
        return new Target(hostPort, URI.create("https://" + hostPort), client(hostPort, true), false);
    }

    /** The HTTPS endpoint, without verification, of an insecure registry that answered plain HTTP with TLS talk. */
    Target tlsFallback(Target t) {
        String host = t.base().getRawAuthority();
        return new Target(t.domain(), URI.create("https://" + host), client(host, false), true);
    }

    /** A client for another host (a token realm, a redirect target), verifying TLS unless that host is insecure. */
    HttpClient clientFor(URI uri) {
        String hostPort = uri.getRawAuthority();
        boolean https = "https".equals(uri.getScheme());
        return client(hostPort, https && !isInsecure(hostPort));
    }

    boolean isInsecure(String hostPort) {
        String host = hostOnly(hostPort);
        for (String entry : options.insecureRegistries()) {
            String e = entry.toLowerCase(Locale.ROOT).replaceFirst("^https?://", "").replaceAll("/+$", "");
            if (e.equals(hostPort.toLowerCase(Locale.ROOT)) || e.equals(host.toLowerCase(Locale.ROOT))) return true;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (a.isLoopbackAddress()) return true;
                for (String entry : options.insecureRegistries()) {
                    if (entry.contains("/") && Cidr.contains(entry, a)) return true;
                }
            }
        } catch (UnknownHostException e) {
            return false;
        }
        return false;
    }

    static String hostOnly(String hostPort) {
        if (hostPort.startsWith("[")) return hostPort.substring(1, hostPort.indexOf(']'));
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    private HttpClient client(String host, boolean verify) {
        return clients.computeIfAbsent((verify ? "tls:" : "any:") + host, k -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(15))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .sslContext(verify ? verifyingContext(host) : trustAllContext())
                .build());
    }

    /** The JDK's trusted CAs plus every {@code *.crt} in {@code certsDir/HOST[:PORT]/}. */
    private SSLContext verifyingContext(String hostPort) {
        try {
            TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            system.init((KeyStore) null);
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (TrustManager tm : system.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    for (X509Certificate c : x.getAcceptedIssuers()) trusted.setCertificateEntry("system-" + n++, c);
                }
            }
            Path dir = options.certsDir() == null ? null : options.certsDir().resolve(hostPort);
            if (dir != null && Files.isDirectory(dir)) {
                CertificateFactory cf = CertificateFactory.getInstance("X.509");
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.crt")) {
                    for (Path f : files) {
                        try (InputStream in = Files.newInputStream(f)) {
                            for (Certificate c : cf.generateCertificates(in)) trusted.setCertificateEntry("extra-" + n++, c);
                        }
                    }
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new EngineException.FailedPrecondition("cannot set up TLS for registry " + hostPort + ": " + e.getMessage(), e);
        }
    }

    /** TLS without certificate or host name checks: only for insecure registries, as Docker's InsecureSkipVerify. */
    private static SSLContext trustAllContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509ExtendedTrustManager() {
                @Override public void checkClientTrusted(X509Certificate[] c, String a) { }
                @Override public void checkServerTrusted(X509Certificate[] c, String a) { }
                @Override public void checkClientTrusted(X509Certificate[] c, String a, Socket s) { }
                @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) { }
                @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) { }
                @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) { }
                @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** IPv4/IPv6 CIDR membership. */
    static final class Cidr {
        private Cidr() {}

        static boolean contains(String cidr, InetAddress a) {
            try {
                int slash = cidr.indexOf('/');
                byte[] net = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
                int bits = Integer.parseInt(cidr.substring(slash + 1));
                byte[] addr = a.getAddress();
                if (net.length != addr.length) return false;
                for (int i = 0; i < bits; i++) {
                    int mask = 0x80 >> (i % 8);
                    if ((net[i / 8] & mask) != (addr[i / 8] & mask)) return false;
                }
                return true;
            } catch (IOException | NumberFormatException | IndexOutOfBoundsException e) {
                return false;
            }
        }
    }
}

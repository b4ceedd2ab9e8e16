package dev.berth.it;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CNCF distribution registry (Debian's {@code docker-registry serve}) on 127.0.0.1 and an
 * ephemeral port, storing in a temp dir: open, with htpasswd Basic auth, or with a token realm.
 * {@link #close()} stops it and removes its files.
 */
public final class CncfRegistry implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;

    private CncfRegistry(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** A registry without auth. */
    public static CncfRegistry open() throws IOException {
        return start(TempDirs.create("registry"), "");
    }

    /** A registry with htpasswd Basic auth for one user (the bcrypt file made with {@code htpasswd -B}). */
    public static CncfRegistry basic(String user, String password) throws IOException {
        Path dir = TempDirs.create("registry");
        Path htpasswd = dir.resolve("htpasswd");
        try {
            Process p = new ProcessBuilder("htpasswd", "-Bbn", user, password).redirectErrorStream(false).start();
            byte[] line = p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) throw new IOException("htpasswd failed (apt-get install apache2-utils)");
            Files.write(htpasswd, line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return start(dir, "auth:\n  htpasswd:\n    realm: berth-test\n    path: " + htpasswd + "\n");
    }

    /** A registry serving HTTPS only, with a self-signed certificate for 127.0.0.1 (made with openssl). */
    public static CncfRegistry tls() throws IOException {
        Path dir = TempDirs.create("registry");
        try {
            Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new IOException("openssl failed: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return start(dir, "", "  tls:\n    certificate: " + dir.resolve("cert.pem") + "\n    key: " + dir.resolve("key.pem") + "\n");
    }

    /** A registry that trusts tokens of the given realm (issuer {@code berth-test}, service {@code berth-registry}). */
    public static CncfRegistry token(TokenServer tokens) throws IOException {
        return start(TempDirs.create("registry"), "auth:\n  token:\n    realm: " + tokens.realm() + "\n    service: " + TokenServer.SERVICE
                + "\n    issuer: " + TokenServer.ISSUER + "\n    rootcertbundle: " + tokens.certificate() + "\n");
    }

    private static CncfRegistry start(Path dir, String auth) throws IOException {
        return start(dir, auth, "");
    }

    private static CncfRegistry start(Path dir, String auth, String httpExtra) throws IOException {
        Tool.DOCKER_REGISTRY.require();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String config = "version: 0.1\nlog:\n  level: info\nstorage:\n  filesystem:\n    rootdirectory: " + dir.resolve("data")
                + "\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:" + port + "\n" + httpExtra + auth;
        Files.writeString(dir.resolve("config.yml"), config, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(Tool.DOCKER_REGISTRY.path().toString(), "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        CncfRegistry r = new CncfRegistry(dir, port, p);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) break;
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/v2/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.getResponseCode();
                c.disconnect();
                return r;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        String log = r.log();
        r.close();
        throw new IOException("docker-registry did not start on 127.0.0.1:" + port + ":\n" + log);
    }

    /** {@code 127.0.0.1:PORT}, as image references name it. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("registry.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** What the registry stores for a repository's tags: {@code data/docker/registry/v2/repositories/REPO/_manifests/tags}. */
    public List<String> tags(String repo) throws IOException {
        Path tags = dir.resolve("data/docker/registry/v2/repositories").resolve(repo).resolve("_manifests/tags");
        if (!Files.isDirectory(tags)) return List.of();
        try (var s = Files.list(tags)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TempDirs.deleteTree(dir);
    }
}

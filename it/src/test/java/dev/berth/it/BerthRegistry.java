package dev.berth.it;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * berth's embedded registry, {@code bin/berth registry serve --listen 127.0.0.1:0 --root DIR}, as a separate process
 * (the port it picked is read from the line it prints). Open, with htpasswd basic auth ({@code htpasswd -B}), or with
 * TLS (an openssl self-signed certificate for 127.0.0.1). {@link #stop()} sends SIGTERM and keeps the storage (for
 * {@link #restart()} or {@code berth registry gc}); {@link #close()} also removes the temp dir.
 */
public final class BerthRegistry implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("serving (https?)://(127\\.0\\.0\\.1:\\d+) from ");

    private final Path dir;
    private final List<String> extraArgs;
    private Process process;
    private String host;
    private int starts;

    private BerthRegistry(Path dir, List<String> extraArgs) {
        this.dir = dir;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** An open registry. */
    public static BerthRegistry open() throws IOException {
        return start(TempDirs.create("berthreg"), List.of());
    }

    /** A registry asking for basic auth by one user (bcrypt entry made with {@code htpasswd -B}). */
    public static BerthRegistry basic(String user, String password) throws IOException {
        Path dir = TempDirs.create("berthreg");
        Path htpasswd = dir.resolve("htpasswd");
        Files.write(htpasswd, run(List.of("htpasswd", "-Bbn", user, password)).getBytes(StandardCharsets.UTF_8));
        return start(dir, List.of("--htpasswd", htpasswd.toString()));
    }

    /** A registry serving HTTPS with a self-signed certificate for 127.0.0.1 ({@link #certificate()}). */
    public static BerthRegistry tls() throws IOException {
        Path dir = TempDirs.create("berthreg");
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"));
        return start(dir, List.of("--tls-cert", dir.resolve("cert.pem").toString(), "--tls-key", dir.resolve("key.pem").toString()));
    }

    private static BerthRegistry start(Path dir, List<String> args) throws IOException {
        BerthRegistry r = new BerthRegistry(dir, args);
        try {
            r.launch();
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    private void launch() throws IOException {
        Tool.BERTH_CLI.require();
        starts++;
        Path log = dir.resolve("registry-" + starts + ".log");
        List<String> cmd = new ArrayList<>(List.of(Tool.BERTH_CLI.path().toString(), "registry", "serve",
                "--listen", host == null ? "127.0.0.1:0" : host, "--root", root().toString()));
        cmd.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DOCKER_") || k.startsWith("BERTH_"));
        process = pb.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            Matcher m = SERVING.matcher(Files.readString(log));
            if (m.find()) {
                host = m.group(2);
                if (answers()) return;
            }
            if (!process.isAlive()) break;
            sleep(50);
        }
        throw new IOException("berth registry serve did not start:\n" + log());
    }

    private boolean answers() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://" + host + "/v2/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.getResponseCode(); // TLS listeners answer plain HTTP with an error, which is an answer
            c.disconnect();
            return true;
        } catch (IOException e) {
            return e.getMessage() != null && !e.getMessage().contains("Connection refused");
        }
    }

    /** {@code 127.0.0.1:PORT}, as image references name the registry. */
    public String host() {
        return host;
    }

    /** The storage directory. */
    public Path root() {
        return dir.resolve("root");
    }

    /** The TLS certificate of a {@link #tls()} registry. */
    public Path certificate() {
        return dir.resolve("cert.pem");
    }

    /** The blobs stored, by hex digest. */
    public List<String> blobs() throws IOException {
        try (var s = Files.list(root().resolve("blobs/sha256"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Every log of this registry's runs. */
    public String log() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= starts; i++) {
            try {
                sb.append(Files.readString(dir.resolve("registry-" + i + ".log")));
            } catch (IOException e) {
                sb.append("(no log ").append(i).append(": ").append(e.getMessage()).append(")\n");
            }
        }
        return sb.toString();
    }

    /** SIGTERM, and waits for the exit; the storage stays. */
    public void stop() {
        if (process == null) return;
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("berth registry serve ignored SIGTERM for 20 s:\n" + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process = null;
        }
    }

    /** Starts it again on the same port and storage. */
    public void restart() throws IOException {
        stop();
        launch();
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            TempDirs.deleteTree(dir);
        }
    }

    private static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + " failed: " + err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.berth.it;

import static dev.berth.it.RegistryAsserts.assertContains;
import static dev.berth.it.RegistryAsserts.digestOf;
import static dev.berth.it.RegistryAsserts.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * berth's embedded registry ({@code berth registry serve}, and berthd's {@code --registry-listen}) with real
 * clients on loopback: Docker 20.10 pushes and pulls, {@code skopeo copy} both ways (also over verified TLS),
 * berthd with htpasswd basic auth and with TLS, and {@code berth registry gc} removing only unreferenced blobs.
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.DOCKERD, Tool.CONTAINERD, Tool.BUSYBOX, Tool.SKOPEO, Tool.RUNC, Tool.CONMON,
        Tool.BERTH_CLI})
class RegistryServeIT {
    static final int EMBEDDED_PORT = freePort();

    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon().withArgs("--registry-listen", "127.0.0.1:" + EMBEDDED_PORT);
    @RegisterExtension
    static final Docker20 docker20 = new Docker20();

    @TempDir
    Path tmp;

    private static CliResult skopeo(String... args) {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Tool.SKOPEO.path().toString());
        cmd.addAll(List.of(args));
        return ProcessRunner.run(cmd, ProcessRunner.baseEnvironment(), null, java.time.Duration.ofMinutes(2));
    }

    @Test
    void docker20PushesAndPullsAndBerthPullsWhatDockerPushed() throws Exception {
        try (BerthRegistry reg = BerthRegistry.open()) {
            DockerCli docker = docker20.docker();
            String image = reg.host() + "/d20/bb:v1";
            Images.busybox().importInto(docker, image);
            String dockerId = id(docker, image);
            CliResult push = docker.run(List.of("push", image));
            assertEquals(0, push.exitCode(), push.describe() + "\n" + reg.log());
            assertContains(push, "The push refers to repository [" + reg.host() + "/d20/bb]", ": Pushed");
            String digest = digestOf(push);
            docker.ok("tag", image, reg.host() + "/d20/bb:v2");
            assertContains(docker.ok("push", reg.host() + "/d20/bb:v2"), ": Layer already exists", "v2: digest: " + digest);
            docker.ok("tag", image, reg.host() + "/d20/other:x");
            assertContains(docker.ok("push", reg.host() + "/d20/other:x"), ": Mounted from d20/bb");

            docker.ok("rmi", image, reg.host() + "/d20/bb:v2", reg.host() + "/d20/other:x");
            CliResult pull = docker.ok("pull", image);
            assertContains(pull, "v1: Pulling from d20/bb", "Digest: " + digest, "Status: Downloaded newer image for " + image);
            assertEquals(dockerId, id(docker, image));
            assertContains(docker.ok("pull", reg.host() + "/d20/bb@" + digest), "Digest: " + digest);

            BerthCli berth = berthd.berth();
            assertContains(berth.ok("pull", reg.host() + "/d20/other:x"), "Digest: " + digest);
            assertEquals(dockerId, id(berth, reg.host() + "/d20/other:x"), "berth keeps the config Docker pushed");
            assertEquals("ok", berth.ok("run", "--rm", reg.host() + "/d20/other:x", "echo", "ok").stdout().strip());

            CliResult missing = docker.run(List.of("pull", reg.host() + "/d20/bb:nope")).assertFailure();
            assertContains(missing, "manifest unknown");
        }
    }

    @Test
    void skopeoCopiesToAndFromIt() throws Exception {
        try (BerthRegistry reg = BerthRegistry.open()) {
            BerthCli berth = berthd.berth();
            Images.busybox().importInto(berth, "skopeo/src:1");
            Path archive = tmp.resolve("bb.tar");
            berth.ok("save", "-o", archive.toString(), "skopeo/src:1");

            CliResult up = skopeo("copy", "--dest-tls-verify=false", "docker-archive:" + archive, "docker://" + reg.host() + "/sk/bb:v1");
            assertEquals(0, up.exitCode(), up.describe() + "\n" + reg.log());
            assertEquals("{\"Repository\":\"" + reg.host() + "/sk/bb\",\"Tags\":[\"v1\"]}",
                    skopeo("list-tags", "--tls-verify=false", "docker://" + reg.host() + "/sk/bb").assertSuccess().stdout()
                            .replaceAll("\\s", ""));

            Path layout = tmp.resolve("oci");
            CliResult down = skopeo("copy", "--src-tls-verify=false", "docker://" + reg.host() + "/sk/bb:v1", "oci:" + layout + ":v1");
            assertEquals(0, down.exitCode(), down.describe());
            assertTrue(Files.isRegularFile(layout.resolve("index.json")));
            // and back up from the OCI layout (OCI media types this time) into another repository
            CliResult again = skopeo("copy", "--dest-tls-verify=false", "oci:" + layout + ":v1", "docker://" + reg.host() + "/sk/oci:v2");
            assertEquals(0, again.exitCode(), again.describe());
            String raw = skopeo("inspect", "--raw", "--tls-verify=false", "docker://" + reg.host() + "/sk/oci:v2").assertSuccess().stdout();
            assertTrue(raw.contains("\"schemaVersion\": 2") || raw.contains("\"schemaVersion\":2"), raw);

            assertEquals("hi", berth.ok("run", "--rm", reg.host() + "/sk/oci:v2", "echo", "hi").stdout().strip());

            skopeo("delete", "--tls-verify=false", "docker://" + reg.host() + "/sk/bb:v1").assertSuccess();
            assertFalse(skopeo("inspect", "--tls-verify=false", "docker://" + reg.host() + "/sk/bb:v1").exitCode() == 0);
        }
    }

    @Test
    void berthdPushesAndPullsWithBasicAuth() throws Exception {
        try (BerthRegistry reg = BerthRegistry.basic("alice", "s3cret")) {
            BerthCli berth = berthd.berth();
            String image = reg.host() + "/private/bb:v1";
            Images.busybox().importInto(berth, image);
            assertContains(berth.run(List.of("push", image)).assertFailure(), "unauthorized");
            CliResult wrong = berth.withStdin("nope\n".getBytes()).run(List.of("login", "-u", "alice", "--password-stdin", reg.host()));
            wrong.assertFailure();
            assertContains(berth.withStdin("s3cret\n".getBytes()).ok("login", "-u", "alice", "--password-stdin", reg.host()),
                    "Login Succeeded");
            String digest = digestOf(berth.ok("push", image));
            berth.ok("rmi", image);
            berth.ok("image", "prune", "-a", "-f");
            assertContains(berth.ok("pull", image), "Digest: " + digest, "Status: Downloaded newer image for " + image);
            assertEquals("in", berth.ok("run", "--rm", image, "echo", "in").stdout().strip());
            berth.ok("logout", reg.host());
            berth.ok("rmi", image);
            assertContains(berth.run(List.of("pull", image)).assertFailure(), "unauthorized");
        }
    }

    @Test
    void berthdAndSkopeoOverTls() throws Exception {
        try (BerthRegistry reg = BerthRegistry.tls()) {
            BerthCli berth = berthd.berth();
            String image = reg.host() + "/tls/bb:v1";
            Images.busybox().importInto(berth, image);
            String digest = digestOf(berth.ok("push", image)); // loopback: TLS without verification, as Docker does
            berth.ok("rmi", image);
            assertContains(berth.ok("pull", image), "Digest: " + digest);

            Path certs = Files.createDirectories(tmp.resolve("certs"));
            Files.copy(reg.certificate(), certs.resolve("ca.crt"));
            Path layout = tmp.resolve("oci");
            CliResult verified = skopeo("copy", "--src-cert-dir", certs.toString(), "docker://" + reg.host() + "/tls/bb:v1",
                    "oci:" + layout + ":v1");
            assertEquals(0, verified.exitCode(), verified.describe());
            CliResult unverified = skopeo("inspect", "docker://" + reg.host() + "/tls/bb:v1");
            assertTrue(unverified.exitCode() != 0, "skopeo without the CA refuses the self-signed certificate");
            CliResult plain = skopeo("inspect", "--tls-verify=false", "docker://" + reg.host() + "/tls/bb:v1");
            assertEquals(0, plain.exitCode(), plain.describe());
        }
    }

    @Test
    void gcRemovesOnlyUnreferencedBlobsAndRunsOffline() throws Exception {
        try (BerthRegistry reg = BerthRegistry.open()) {
            BerthCli berth = berthd.berth();
            String kept = reg.host() + "/gc/a:v1";
            Images.busybox().importInto(berth, kept);
            berth.ok("push", kept);
            berth.ok("tag", kept, reg.host() + "/gc/b:keep");
            berth.ok("push", reg.host() + "/gc/b:keep");
            Set<String> live = new TreeSet<>(reg.blobs());

            Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
            Files.writeString(rootfs.resolve("only-in-b"), "unique layer content\n");
            Path tar = tmp.resolve("b.tar");
            ProcessRunner.run(List.of("tar", "-C", rootfs.toString(), "-cf", tar.toString(), "."), ProcessRunner.baseEnvironment(),
                    null, java.time.Duration.ofSeconds(30)).assertSuccess();
            String doomed = reg.host() + "/gc/b:v1";
            berth.ok("import", tar.toString(), doomed);
            String doomedDigest = digestOf(berth.ok("push", doomed));
            byte[] orphan = "uploaded, never referenced".getBytes(StandardCharsets.UTF_8);
            String orphanHex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(orphan));
            assertEquals(201, request("POST", "http://" + reg.host() + "/v2/gc/b/blobs/uploads/?digest=sha256:" + orphanHex, orphan));
            assertEquals(202, request("DELETE", "http://" + reg.host() + "/v2/gc/b/manifests/" + doomedDigest, null));
            Set<String> garbage = new TreeSet<>(reg.blobs());
            garbage.removeAll(live);
            assertEquals(4, garbage.size(), "b's layer, config and manifest, and the orphan: " + garbage);

            CliResult busy = berth.run(List.of("registry", "gc", "--root", reg.root().toString()));
            busy.assertFailure();
            assertContains(busy, "in use", "gc runs offline");

            reg.stop();
            CliResult dry = berth.ok("registry", "gc", "--dry-run", "--root", reg.root().toString());
            assertEquals(4, dry.stdoutLines().stream().filter(l -> l.startsWith("would remove sha256:")).count(), dry.describe());
            assertEquals(new TreeSet<>(live).size() + 4, reg.blobs().size());
            CliResult gc = berth.ok("registry", "gc", "--root", reg.root().toString());
            for (String g : garbage) assertContains(gc, "removed sha256:" + g);
            assertContains(gc, "in 4 blobs; " + live.size() + " blobs in use");
            assertEquals(live, new TreeSet<>(reg.blobs()));

            reg.restart();
            berth.ok("rmi", kept, reg.host() + "/gc/b:keep", doomed);
            berth.ok("image", "prune", "-a", "-f");
            berth.ok("pull", reg.host() + "/gc/b:keep");
            assertEquals("gc", berth.ok("run", "--rm", reg.host() + "/gc/b:keep", "echo", "gc").stdout().strip());
            assertContains(berth.run(List.of("pull", doomed)).assertFailure(), "manifest unknown");
        }
    }

    @Test
    void berthdServesTheEmbeddedRegistryWithRegistryListen() throws Exception {
        BerthCli berth = berthd.berth();
        String image = "127.0.0.1:" + EMBEDDED_PORT + "/own/bb:v1";
        Images.busybox().importInto(berth, image);
        String id = id(berth, image);
        String digest = digestOf(berth.ok("push", image));
        assertTrue(Files.isRegularFile(berthd.dataRoot().resolve("registry/repositories/own/bb/_manifests/tags/v1")));
        berth.ok("rmi", image);
        assertContains(berth.ok("pull", image), "Digest: " + digest);
        assertEquals(id, id(berth, image));
        assertContains(docker20.docker().ok("pull", image), "Digest: " + digest);
    }

    private static int request(String method, String url, byte[] body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod(method);
        if (body != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/octet-stream");
            c.getOutputStream().write(body);
        }
        int status = c.getResponseCode();
        c.disconnect();
        return status;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

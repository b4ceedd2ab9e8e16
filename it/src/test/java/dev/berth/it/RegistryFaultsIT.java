package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pulls from a registry that misbehaves (a scripted one in the test JVM, on loopback): gzip and
 * zstd layers; a blob with the wrong digest, a body cut short, a huge or broken manifest each give
 * a clear error and store nothing; a pull cut by kill -9 of berthd leaves no image and no ingest,
 * and the next pull reuses the layer it had fetched.
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.BUSYBOX, Tool.RUNC, Tool.CONMON})
class RegistryFaultsIT {
    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();

    static ScriptedRegistry registry;
    static String layerA;
    static String layerB;

    @BeforeAll
    static void publish() throws Exception {
        registry = new ScriptedRegistry();
        Images.ImageTar busybox = Images.busybox();
        byte[] tarA = Files.readAllBytes(busybox.tar());
        byte[] tarB = tarOf("hello.txt", "hello from zstd\n");
        layerA = registry.blob(gzip(tarA));
        byte[] zstB = zstd(tarB);
        layerB = registry.blob(zstB);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"],\"Env\":[\"PATH=/bin:/usr/bin\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + ScriptedRegistry.digest(tarA) + "\",\""
                + ScriptedRegistry.digest(tarB) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.blob(config);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                + "\",\"size\":" + config.length + "},\"layers\":["
                + "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layerA + "\",\"size\":"
                + gzip(tarA).length + "},"
                + "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+zstd\",\"digest\":\"" + layerB + "\",\"size\":"
                + zstB.length + "}]}";
        for (String repo : List.of("good", "slow", "corrupt", "truncated")) {
            registry.manifest(repo, "v1", "application/vnd.oci.image.manifest.v1+json", manifest.getBytes(StandardCharsets.UTF_8));
        }
        registry.fault("slow", layerB, ScriptedRegistry.Fault.STALL);
        registry.fault("corrupt", layerB, ScriptedRegistry.Fault.CORRUPT);
        registry.fault("truncated", layerB, ScriptedRegistry.Fault.TRUNCATE);
        registry.manifest("huge", "v1", "application/vnd.oci.image.manifest.v1+json",
                (manifest.substring(0, manifest.length() - 1) + " ".repeat(5 << 20) + "}").getBytes(StandardCharsets.UTF_8));
        registry.manifest("badjson", "v1", "application/vnd.oci.image.manifest.v1+json", "{\"schemaVersion\":2,".getBytes());
    }

    @AfterAll
    static void stop() {
        if (registry != null) registry.close();
    }

    static byte[] tarOf(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry e = new TarArchiveEntry(name);
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            e.setSize(data.length);
            e.setMode(0644);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    static byte[] zstd(byte[] b) throws Exception {
        Process p = new ProcessBuilder("zstd", "-q", "-c", "-").start();
        p.getOutputStream().write(b);
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), "zstd (apt-get install zstd)");
        return out;
    }

    private Path blobFile(String digest) {
        return berthd.dataRoot().resolve("content/blobs/sha256").resolve(digest.substring(7));
    }

    private void assertNoIngests() throws IOException {
        try (var s = Files.list(berthd.dataRoot().resolve("content/ingest"))) {
            assertEquals(List.of(), s.toList());
        }
    }

    @Test
    void pullsGzipAndZstdLayers() {
        DockerCli docker = berthd.docker();
        String image = registry.host() + "/good:v1";
        docker.ok("pull", image);
        assertEquals("hello from zstd", docker.ok("run", "--rm", image, "cat", "/hello.txt").stdout().strip());
        docker.ok("rmi", image);
    }

    @Test
    void garbageGivesAClearErrorAndStoresNothing() throws IOException {
        DockerCli docker = berthd.docker();
        docker.ok("image", "prune", "-a", "-f");
        CliResult corrupt = docker.run(List.of("pull", registry.host() + "/corrupt:v1")).assertFailure();
        assertTrue(corrupt.stderr().contains("filesystem layer verification failed for digest " + layerB), corrupt.describe());
        CliResult truncated = docker.withTimeout(Duration.ofMinutes(2)).run(List.of("pull", registry.host() + "/truncated:v1"))
                .assertFailure();
        assertTrue(truncated.stderr().contains("was truncated"), truncated.describe());
        CliResult huge = docker.run(List.of("pull", registry.host() + "/huge:v1")).assertFailure();
        assertTrue(huge.stderr().contains("is too large"), huge.describe());
        CliResult bad = docker.run(List.of("pull", registry.host() + "/badjson:v1")).assertFailure();
        assertTrue(bad.stderr().contains("invalid manifest"), bad.describe());
        assertEquals("", docker.ok("images", "-q").stdout().strip());
        assertFalse(Files.exists(blobFile(layerB)), "the bad layer is not in the content store");
        assertNoIngests();
    }

    @Test
    void aPullCutByKill9LeavesNothingHalfMadeAndResumes() throws Exception {
        DockerCli docker = berthd.docker();
        docker.ok("image", "prune", "-a", "-f");
        String image = registry.host() + "/slow:v1";
        List<String> cmd = new ArrayList<>(List.of(docker.binary().toString(), "pull", image));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(docker.environment());
        Process pull = pb.start();
        try {
            Instant deadline = Instant.now().plusSeconds(60);
            while (!Files.exists(blobFile(layerA)) && Instant.now().isBefore(deadline)) Thread.sleep(50);
            assertTrue(Files.exists(blobFile(layerA)), "the first layer arrived while the second one stalls");
            berthd.kill9();
        } finally {
            pull.destroyForcibly();
            pull.waitFor(10, TimeUnit.SECONDS);
        }
        berthd.restart();
        assertTrue(Files.exists(blobFile(layerA)), "the fetched layer outlives the crash and the start-up gc");
        assertNoIngests();
        docker.run(List.of("image", "inspect", image)).assertFailure();

        registry.fault("slow", layerB, ScriptedRegistry.Fault.NONE);
        CliResult again = docker.ok("pull", image);
        assertTrue(again.stdout().contains(layerA.substring(7, 19) + ": Already exists"), again.describe());
        assertTrue(again.stdout().contains(layerB.substring(7, 19) + ": Pull complete"), again.describe());
        assertEquals("hello from zstd", docker.ok("run", "--rm", image, "cat", "/hello.txt").stdout().strip());
    }
}

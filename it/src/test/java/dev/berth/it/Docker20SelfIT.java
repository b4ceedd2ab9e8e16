package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tests the Docker 20.10 part of the harness: dockerd starts in its own temp dir, takes the busybox image through
 * the docker 20.10 CLI, saves, loads and runs it, and leaves nothing behind when stopped.
 */
@RequiresRoot(tools = {Tool.DOCKERD, Tool.DOCKER20_CLI, Tool.DOCKER_CLI, Tool.BUSYBOX})
class Docker20SelfIT {
    @RegisterExtension
    static final Docker20 docker20 = new Docker20();

    @Test
    void importSaveLoadWithDocker20Cli() throws IOException {
        DockerCli docker = docker20.docker20Cli();
        Images.ImageTar busybox = Images.busybox();
        String id = busybox.importInto(docker, "bb:local").stdout().strip();
        assertTrue(id.startsWith("sha256:"), id);
        assertEquals("[\"" + busybox.diffId() + "\"]",
                docker.ok("image", "inspect", "--format", "{{json .RootFS.Layers}}", "bb:local").stdout().strip(),
                "the layer DiffID is the sha256 of the deterministic tar");
        assertEquals("[\"sh\"]", docker.ok("image", "inspect", "--format", "{{json .Config.Cmd}}", "bb:local").stdout().strip());

        Path saved = docker20.root().resolve("bb.tar");
        docker.ok("save", "-o", saved.toString(), "bb:local");
        List<String> names = tarNames(Files.readAllBytes(saved));
        assertTrue(names.contains("manifest.json"), names.toString());
        assertTrue(names.contains("repositories"), names.toString());

        docker.ok("rmi", "bb:local");
        docker.run("image", "inspect", "bb:local").assertFailure();
        assertTrue(docker.ok("load", "-i", saved.toString()).stdout().contains("Loaded image: bb:local"));
        assertEquals(id, docker.ok("image", "inspect", "--format", "{{.Id}}", "bb:local").stdout().strip());
    }

    @Test
    void saveToStdoutAndLoadFromStdinWithCli28() {
        DockerCli docker = docker20.docker();
        Images.busybox().importInto(docker, "bb:pipe");
        byte[] tar = docker.ok("save", "bb:pipe").stdoutBytes();
        assertTrue(tar.length > 1_000_000, "save wrote " + tar.length + " bytes");
        docker.ok("rmi", "bb:pipe");
        assertTrue(docker.withStdin(tar).ok("load").stdout().contains("Loaded image: bb:pipe"));
        assertTrue(docker.ok("images", "--format", "{{.Repository}}:{{.Tag}}").stdoutLines().contains("bb:pipe"));
    }

    @Test
    void runsBusyboxWithoutNetwork() {
        DockerCli docker = docker20.docker();
        Images.busybox().importInto(docker);
        CliResult r = docker.ok("run", "--rm", "busybox", "sh", "-c", "echo hello; id -u; ls /bin/busybox; ls /sys/class/net");
        assertEquals(List.of("hello", "0", "/bin/busybox", "lo"), r.stdoutLines());
        // Left running on purpose: close() must remove it quickly and leave no shim behind.
        docker.ok("run", "-d", "--name", "sleeper", "busybox", "sleep", "600");
        assertEquals("server 20.10", "server " + docker.ok("version", "--format", "{{.Server.Version}}").stdout().strip().substring(0, 5));
    }

    @Test
    void startsStopsAndCleansUpOnItsOwn() {
        boolean keyExisted = Files.exists(Path.of("/etc/docker/key.json"));
        Docker20 own = new Docker20();
        Path root;
        try (own) {
            own.start();
            root = own.root();
            assertTrue(UnixHttp.ping(own.socket()));
            assertFalse(Leaks.processesMentioning(root).isEmpty(), "dockerd and its containerd run from the temp dir");
            assertTrue(Files.exists(own.execRoot().resolve("containerd/containerd.sock")), "private containerd");
            assertTrue(Files.exists(root.resolve("key.json")), "trust key kept in the temp dir (deprecated-key-path)");
            assertFalse(own.socket().equals(docker20.socket()));
            Images.busybox().importInto(own.docker());
            own.docker().ok("run", "-d", "busybox", "sleep", "600");
            assertFalse(Leaks.mountsUnder(root).isEmpty(), "the running container's overlay is under the temp dir");
        }
        Leaks.assertNoLeaks(root);
        assertFalse(Files.exists(root), root + " removed");
        assertEquals(keyExisted, Files.exists(Path.of("/etc/docker/key.json")), "dockerd must not write /etc/docker/key.json");
    }

    private static List<String> tarNames(byte[] tar) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }
}

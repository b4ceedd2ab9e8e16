package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Volumes and bind mounts through the real docker CLI 28 against berthd: named volumes that keep their data across
 * containers and daemon restarts (also after kill -9), bind mounts that show host edits at once, the image's files
 * copied into a new volume, anonymous volumes and {@code rm -v}, {@code --mount}, {@code --volumes-from}, the
 * volume commands (and the berth CLI printing what the docker CLI prints).
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.BUSYBOX, Tool.RUNC, Tool.CONMON})
class VolumesDockerCliIT {
    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();

    static DockerCli docker;

    @BeforeAll
    static void image() throws IOException {
        docker = berthd.docker();
        Images.busybox().importInto(docker);
    }

    @AfterEach
    void removeAll() {
        docker.removeAllContainers();
        docker.ok("volume", "prune", "-f");
    }

    @Test
    void aNamedVolumeKeepsItsDataAcrossContainersAndDaemonRestarts() {
        assertEquals("notes\n", docker.ok("volume", "create", "notes").stdout());
        docker.ok("run", "--rm", "-v", "notes:/data", "busybox", "sh", "-c", "echo kept > /data/file");
        assertEquals("kept\n", docker.ok("run", "--rm", "-v", "notes:/data", "busybox", "cat", "/data/file").stdout());
        // created on first use too, and the data outlives the container that wrote it
        docker.ok("run", "--name", "writer", "-v", "implicit:/d", "busybox", "sh", "-c", "echo first > /d/f");
        docker.ok("rm", "writer");
        assertEquals("first\n", docker.ok("run", "--rm", "-v", "implicit:/d", "busybox", "cat", "/d/f").stdout());

        berthd.restart();
        assertEquals("kept\n", docker.ok("run", "--rm", "-v", "notes:/data", "busybox", "cat", "/data/file").stdout());
        docker.ok("run", "-d", "--name", "holder", "-v", "notes:/data", "busybox", "sleep", "600");
        berthd.kill9();
        berthd.restart();
        CliResult inUse = docker.run("volume", "rm", "notes");
        assertEquals(1, inUse.exitCode(), inUse.describe());
        assertTrue(inUse.stderr().startsWith("Error response from daemon: remove notes: volume is in use - ["), inUse.stderr());
        assertEquals("kept\n", docker.ok("exec", "holder", "cat", "/data/file").stdout());
    }

    @Test
    void aBindMountShowsAHostEditAtOnce() throws IOException {
        Path dir = Files.createDirectories(berthd.root().resolve("src"));
        Files.writeString(dir.resolve("app.txt"), "v1\n");
        docker.ok("run", "-d", "--name", "dev", "-v", dir + ":/app", "-v", dir + ":/ro:ro", "busybox", "sleep", "600");
        assertEquals("v1\n", docker.ok("exec", "dev", "cat", "/app/app.txt").stdout());
        Files.writeString(dir.resolve("app.txt"), "v2\n");
        assertEquals("v2\n", docker.ok("exec", "dev", "cat", "/app/app.txt").stdout());
        docker.ok("exec", "dev", "sh", "-c", "echo from-inside > /app/out.txt");
        assertEquals("from-inside\n", Files.readString(dir.resolve("out.txt")));
        assertEquals(1, docker.run("exec", "dev", "touch", "/ro/x").exitCode(), "a read-only bind");
        // a -v bind of a missing host dir makes it, as dockerd does; --mount refuses it
        Path missing = berthd.root().resolve("made-by-run");
        docker.ok("run", "--rm", "-v", missing + ":/m", "busybox", "true");
        assertTrue(Files.isDirectory(missing));
        CliResult refused = docker.run("run", "--rm", "--mount", "type=bind,src=" + berthd.root().resolve("nope") + ",dst=/m", "busybox", "true");
        assertEquals(125, refused.exitCode(), refused.describe());
        assertTrue(refused.stderr().contains("bind source path does not exist"), refused.stderr());
    }

    @Test
    void aNewVolumeStartsWithTheImagesFiles() {
        docker.ok("run", "--name", "seed", "busybox", "sh", "-c", "mkdir -p /seed/sub && echo hello > /seed/sub/f && chmod 0750 /seed && chown 1000:1000 /seed/sub/f");
        docker.ok("commit", "seed", "seeded");
        assertEquals("hello\n750 0\n644 1000\n", docker.ok("run", "--rm", "-v", "filled:/seed", "seeded", "sh", "-c",
                "cat /seed/sub/f; stat -c '%a %u' /seed /seed/sub/f").stdout());
        assertEquals("", docker.ok("run", "--rm", "-v", "empty:/seed:nocopy", "seeded", "ls", "/seed").stdout());
        // a volume with data keeps it; the anonymous volume of the image path gets the image's files too
        docker.ok("run", "--rm", "-v", "filled:/seed", "seeded", "sh", "-c", "echo changed > /seed/sub/f");
        assertEquals("changed\n", docker.ok("run", "--rm", "-v", "filled:/seed", "seeded", "cat", "/seed/sub/f").stdout());
        assertEquals("hello\n", docker.ok("run", "--rm", "-v", "/seed", "seeded", "cat", "/seed/sub/f").stdout());
        docker.ok("rmi", "seeded");
    }

    @Test
    void anonymousVolumesGoWithRmV() {
        docker.ok("volume", "create", "keep");
        docker.ok("create", "--name", "cv", "-v", "keep:/k", "-v", "/anon", "--mount", "type=volume,dst=/anon2", "busybox", "true");
        List<String> mounts = docker.ok("inspect", "--format", "{{range .Mounts}}{{.Type}} {{.Destination}} {{.Mode}} {{.RW}}|{{end}}", "cv")
                .stdoutLines();
        assertEquals(List.of("volume /k z true|volume /anon2 z true|volume /anon  true|"), mounts);
        List<String> names = docker.ok("volume", "ls", "-q").stdoutLines();
        assertEquals(3, names.size(), names.toString());
        assertEquals(List.of("cv"), docker.ok("ps", "-a", "--filter", "volume=keep", "--format", "{{.Names}}").stdoutLines());
        docker.ok("rm", "-v", "cv");
        assertEquals(List.of("keep"), docker.ok("volume", "ls", "-q").stdoutLines());
        docker.ok("run", "--rm", "-v", "/gone", "busybox", "true");
        assertEquals(List.of("keep"), docker.ok("volume", "ls", "-q").stdoutLines(), "--rm takes its anonymous volumes");
    }

    @Test
    void mountsTmpfsAndVolumesFrom() {
        docker.ok("run", "-d", "--name", "data", "-v", "shared:/shared", "--mount", "type=tmpfs,dst=/scratch,tmpfs-size=1m",
                "busybox", "sh", "-c", "echo s > /shared/f; sleep 600");
        String df = docker.ok("exec", "data", "df", "-k", "/scratch").stdoutLines().getLast();
        assertTrue(df.startsWith("tmpfs") && df.contains(" 1024 "), df);
        assertEquals("s\n", docker.ok("run", "--rm", "--volumes-from", "data", "busybox", "cat", "/shared/f").stdout());
        assertEquals(1, docker.run("run", "--rm", "--volumes-from", "data:ro", "busybox", "touch", "/shared/g").exitCode());
        CliResult dup = docker.run("create", "-v", "a1:/x", "--mount", "type=volume,src=a2,dst=/x", "busybox");
        assertTrue(dup.stderr().contains("Duplicate mount point: /x"), dup.describe());
        // a volume on a tmpfs of its own (local driver options): mounted while used
        docker.ok("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=2m", "ramvol");
        assertTrue(docker.ok("run", "--rm", "-v", "ramvol:/r", "busybox", "df", "-k", "/r").stdout().contains(" 2048 "));
        Leaks.assertNoMountsUnder(berthd.dataRoot().resolve("volumes")); // unmounted when its last container stopped
        docker.ok("run", "-d", "--name", "ram-user", "-v", "ramvol:/r", "busybox", "sleep", "600");
        assertEquals(1, Leaks.mountsUnder(berthd.dataRoot().resolve("volumes")).size());
        docker.ok("rm", "-f", "ram-user");
        Leaks.assertNoMountsUnder(berthd.dataRoot().resolve("volumes"));
    }

    @Test
    void volumeCommandsBehaveAsDockersAndTheBerthCliPrintsTheSame() {
        docker.ok("volume", "create", "--label", "team=a", "labelled");
        docker.ok("volume", "create", "plain");
        docker.ok("create", "--name", "user", "-v", "plain:/p", "busybox");
        BerthCli berth = berthd.berth();
        for (List<String> args : List.of(
                List.of("volume", "ls"),
                List.of("volume", "ls", "-q", "--filter", "dangling=true"),
                List.of("volume", "ls", "--filter", "label=team=a", "--format", "{{.Name}} {{.Driver}} {{.Labels}} {{.Scope}}"),
                List.of("volume", "inspect", "--format", "{{.Name}} {{.Driver}} {{.Labels}} {{.Options}}", "labelled"),
                List.of("volume", "inspect", "labelled"),
                List.of("volume", "inspect", "nosuch"),
                List.of("volume", "rm", "plain", "nosuch"),
                List.of("volume", "create", "x/y"),
                List.of("volume", "create", "-o", "bogus=1", "opts"))) {
            CliResult d = docker.run(args.toArray(String[]::new));
            CliResult b = berth.run(args.toArray(String[]::new));
            assertEquals(d.exitCode(), b.exitCode(), args + "\n" + d.describe() + b.describe());
            assertEquals(d.stdout(), b.stdout(), args.toString());
            assertEquals(d.stderr().replace("docker", "berth"), b.stderr(), args.toString());
        }
        assertTrue(docker.ok("volume", "inspect", "labelled").stdout().contains("\"Mountpoint\": \"" + berthd.dataRoot()
                .resolve("volumes/labelled/_data") + "\""));
        docker.ok("rm", "user");
        CliResult pruned = berth.ok("volume", "prune", "-f", "--filter", "label=team=a");
        assertEquals("Deleted Volumes:\nlabelled\n\nTotal reclaimed space: 0B\n", pruned.stdout());
        assertEquals("Deleted Volumes:\nplain\n\nTotal reclaimed space: 0B\n", docker.ok("volume", "prune", "-f").stdout());
        assertFalse(Files.exists(berthd.dataRoot().resolve("volumes/plain")));
        List<String> events = new ArrayList<>(docker.ok("events", "--since", "0", "--until", Long.toString(java.time.Instant.now().getEpochSecond() + 1), "--filter", "type=volume",
                "--format", "{{.Action}} {{.Actor.ID}}").stdoutLines());
        assertTrue(events.contains("create labelled") && events.contains("destroy plain"), events.toString());
        docker.ok("run", "--rm", "-v", "plain:/p", "busybox", "true");
        List<String> attrs = docker.ok("events", "--since", "0", "--until", Long.toString(java.time.Instant.now().getEpochSecond() + 1),
                "--filter", "type=volume", "--filter", "volume=plain", "--format", "{{.Action}} {{index .Actor.Attributes \"destination\"}} {{index .Actor.Attributes \"driver\"}}")
                .stdoutLines();
        assertTrue(attrs.contains("mount /p local") && attrs.contains("unmount  local"), attrs.toString());
    }
}

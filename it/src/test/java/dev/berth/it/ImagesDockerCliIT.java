package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real docker CLI 28 manages images served by berthd: everything {@code docker image} does without a registry. */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.BUSYBOX})
class ImagesDockerCliIT {
    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();

    @TempDir
    Path tmp;

    private DockerCli docker;

    @BeforeEach
    void cleanStore() {
        docker = berthd.docker();
        docker.ok("image", "prune", "-a", "-f");
    }

    @Test
    void versionAndInfoDescribeBerthd() {
        assertEquals("1.41 linux", docker.ok("version", "--format", "{{.Server.APIVersion}} {{.Server.Os}}").stdout().strip());
        String info = docker.ok("info", "--format", "{{.OSType}} {{.Driver}} {{.DockerRootDir}} {{.Images}}").stdout().strip();
        assertEquals("linux overlay2 " + berthd.dataRoot() + " 0", info);
    }

    @Test
    void importFromFileAndStdinWithChanges() throws Exception {
        Images.ImageTar bb = Images.busybox();
        String id = docker.ok("import", "-c", "CMD [\"sh\"]", "-c", "ENV A=1 B=two", "-c", "EXPOSE 80",
                "-c", "LABEL team=berth", "-c", "WORKDIR /srv", "-m", "from a file", bb.tar().toString(), "bb:file").stdout().strip();
        assertTrue(id.matches("sha256:[0-9a-f]{64}"), id);
        String cfg = docker.ok("image", "inspect", "--format",
                "{{json .Config.Cmd}}|{{json .Config.Env}}|{{json .Config.ExposedPorts}}|{{json .Config.Labels}}|{{.Config.WorkingDir}}|{{.Comment}}|{{json .RootFS.Layers}}",
                "bb:file").stdout().strip();
        assertEquals("[\"sh\"]|[\"A=1\",\"B=two\"]|{\"80/tcp\":{}}|{\"team\":\"berth\"}|/srv|from a file|[\"" + bb.diffId() + "\"]", cfg);

        String fromStdin = docker.withStdin(Files.readAllBytes(bb.tar())).ok("import", "-", "bb:stdin").stdout().strip();
        assertEquals(List.of("bb:file", "bb:stdin"),
                docker.ok("images", "--format", "{{.Repository}}:{{.Tag}}", "bb").stdoutLines().stream().sorted().toList());
        assertEquals(fromStdin, docker.ok("image", "inspect", "--format", "{{.Id}}", "bb:stdin").stdout().strip());
    }

    @Test
    void listsAndFiltersLikeDocker() {
        Images.busybox().importInto(docker, "one:latest");
        docker.ok("tag", "one", "two:v1");
        String dangling = docker.withStdin(tarOfOneFile()).ok("import", "-c", "LABEL kind=scratch", "-").stdout().strip();

        List<String> table = docker.ok("images").stdoutLines();
        assertTrue(table.getFirst().matches("REPOSITORY   TAG       IMAGE ID       CREATED +SIZE"), table.getFirst());
        assertEquals(4, table.size(), String.join("\n", table));
        assertEquals(List.of(dangling.substring(7, 19)), docker.ok("images", "-q", "--filter", "dangling=true").stdoutLines());
        assertEquals(List.of("two:v1"), docker.ok("images", "--format", "{{.Repository}}:{{.Tag}}", "--filter", "reference=tw*").stdoutLines());
        assertEquals(List.of("<none>"), docker.ok("images", "--format", "{{.Repository}}", "--filter", "label=kind=scratch").stdoutLines());
        assertEquals(3, docker.ok("images", "-q").stdoutLines().size());
        assertEquals(1, docker.ok("images", "-q", "two").stdoutLines().size());
    }

    @Test
    void rmiUntagsThenDeletesAndRefusesAmbiguousIds() {
        Images.busybox().importInto(docker, "keep:a");
        docker.ok("tag", "keep:a", "keep:b");
        String id = docker.ok("image", "inspect", "--format", "{{.Id}}", "keep:a").stdout().strip();

        CliResult conflict = docker.run("rmi", id.substring(7, 19)).assertFailure();
        assertTrue(conflict.stderr().contains("conflict: unable to delete " + id.substring(7, 19)
                + " (must be forced) - image is referenced in multiple repositories"), conflict.describe());

        assertEquals(List.of("Untagged: keep:b"), docker.ok("rmi", "keep:b").stdoutLines());
        List<String> last = docker.ok("rmi", "keep:a").stdoutLines();
        assertEquals("Untagged: keep:a", last.getFirst());
        assertEquals("Deleted: " + id, last.get(1));
        assertTrue(docker.ok("images", "-q").stdoutLines().isEmpty());

        CliResult missing = docker.run("rmi", "keep:a").assertFailure();
        assertTrue(missing.stderr().contains("No such image: keep:a"), missing.describe());
    }

    @Test
    void forcedRmiByIdRemovesEveryTag() {
        Images.busybox().importInto(docker, "f:1");
        docker.ok("tag", "f:1", "f:2");
        String id = docker.ok("image", "inspect", "--format", "{{.Id}}", "f:1").stdout().strip();
        List<String> out = docker.ok("rmi", "-f", id).stdoutLines();
        assertTrue(out.containsAll(List.of("Untagged: f:1", "Untagged: f:2", "Deleted: " + id)), String.join("\n", out));
    }

    @Test
    void saveToStdoutLoadsFromStdinWithTheSameIdAndTags() {
        Images.busybox().importInto(docker, "round:trip");
        docker.ok("tag", "round:trip", "other/name:v2");
        String id = docker.ok("image", "inspect", "--format", "{{.Id}}", "round:trip").stdout().strip();
        byte[] archive = docker.ok("save", "round:trip", "other/name:v2").stdoutBytes();
        docker.ok("rmi", "round:trip", "other/name:v2");

        String loaded = docker.withStdin(archive).ok("load").stdout();
        assertTrue(loaded.contains("Loaded image: round:trip") && loaded.contains("Loaded image: other/name:v2"), loaded);
        assertEquals(id, docker.ok("image", "inspect", "--format", "{{.Id}}", "other/name:v2").stdout().strip());
        assertArrayEquals(archive, docker.ok("save", "round:trip", "other/name:v2").stdoutBytes(), "save is deterministic");
    }

    @Test
    void historyShowsTheImportedLayer() {
        Images.busybox().importInto(docker, "h:1");
        List<String> rows = docker.ok("history", "--format", "{{.CreatedBy}}|{{.Size}}|{{.Comment}}", "h:1").stdoutLines();
        assertEquals(1, rows.size(), String.join("\n", rows));
        assertTrue(rows.getFirst().endsWith("|Imported from -"), rows.getFirst());
    }

    @Test
    void pruneRemovesDanglingImagesAndEverythingWithAll() {
        Images.busybox().importInto(docker, "p:tagged");
        docker.withStdin(tarOfOneFile()).ok("import", "-");
        docker.ok("image", "prune", "-f");
        assertEquals(List.of("p:tagged"), docker.ok("images", "--format", "{{.Repository}}:{{.Tag}}").stdoutLines());
        String out = docker.ok("image", "prune", "-a", "-f").stdout();
        assertTrue(out.contains("untagged: p:tagged") && out.contains("Total reclaimed space"), out);
        assertTrue(docker.ok("images", "-q").stdoutLines().isEmpty());
    }

    @Test
    void systemDfCountsImages() {
        Images.busybox().importInto(docker, "df:1");
        List<String> rows = docker.ok("system", "df", "--format", "{{.Type}} {{.TotalCount}}").stdoutLines();
        assertEquals("Images 1", rows.getFirst());
    }

    @Test
    void eventsReportImageActionsInOrder() {
        long since = System.currentTimeMillis() / 1000 - 1;
        Images.busybox().importInto(docker, "ev:1");
        String id = docker.ok("image", "inspect", "--format", "{{.Id}}", "ev:1").stdout().strip();
        docker.ok("tag", "ev:1", "ev:2");
        docker.ok("rmi", "ev:2");
        // the CLI sends whole seconds, and the daemon stops at the first event after --until: wait for the next second
        String until = Long.toString(System.currentTimeMillis() / 1000 + 1);
        List<String> events = docker.ok("events", "--since", Long.toString(since), "--until", until,
                "--filter", "type=image", "--format", "{{.Action}} {{.Actor.Attributes.name}}").stdoutLines();
        assertTrue(events.size() >= 4, String.join("\n", events)); // --since may also catch the previous test's events
        assertEquals(List.of("tag ev:1", "import " + id, "tag ev:2", "untag ev:2"), events.subList(events.size() - 4, events.size()));
    }

    @Test
    void errorsComeBackAsDockerPrintsThem() {
        CliResult r = docker.run("image", "inspect", "nosuch:tag");
        assertEquals(1, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains("No such image: nosuch:tag"), r.describe());
        CliResult bad = docker.withStdin("this is not a tar".getBytes()).run("load");
        assertEquals(1, bad.exitCode(), bad.describe());
    }

    /** A rootfs tar with one small file, made with busybox tar so no Java tar code is involved. */
    private byte[] tarOfOneFile() {
        try {
            Path dir = Files.createTempDirectory(tmp, "rootfs");
            Files.writeString(dir.resolve("hello.txt"), "hello\n");
            Path tar = tmp.resolve("one-" + System.nanoTime() + ".tar");
            Process p = new ProcessBuilder("tar", "-C", dir.toString(), "-cf", tar.toString(), ".").inheritIO().start();
            assertEquals(0, p.waitFor());
            return Files.readAllBytes(tar);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

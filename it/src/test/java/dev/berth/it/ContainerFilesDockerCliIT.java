package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container's files through the real docker CLI 28 against berthd: {@code docker cp} both ways
 * (files, directories, tar streams on stdin and stdout; running and stopped containers; links that
 * point out of the container), {@code docker diff}, {@code docker export} and {@code docker commit};
 * and the berth CLI's commands for them against the same daemon. Needs {@code cli} built too.
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.BUSYBOX, Tool.RUNC, Tool.CONMON, Tool.BERTH_CLI})
class ContainerFilesDockerCliIT {
    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();

    static DockerCli docker;

    @TempDir
    Path tmp;

    @BeforeAll
    static void image() {
        docker = berthd.docker();
        Images.busybox().importInto(docker);
    }

    @AfterEach
    void removeContainers() {
        docker.removeAllContainers();
    }

    @Test
    void cpCopiesFilesAndDirectoriesBothWaysIntoRunningAndStoppedContainers() throws Exception {
        Files.writeString(tmp.resolve("hello.txt"), "hi there\n");
        Files.createDirectories(tmp.resolve("d/sub"));
        Files.writeString(tmp.resolve("d/a.txt"), "a\n");
        Files.writeString(tmp.resolve("d/sub/b.txt"), "b\n");
        docker.ok("run", "-d", "--name", "cp1", "busybox", "sleep", "1000");

        docker.ok("cp", tmp.resolve("hello.txt").toString(), "cp1:/tmp/");
        docker.ok("cp", tmp.resolve("d").toString(), "cp1:/tmp/d");
        assertEquals("hi there\nb\n", docker.ok("exec", "cp1", "cat", "/tmp/hello.txt", "/tmp/d/sub/b.txt").stdout());

        Path out = Files.createDirectories(tmp.resolve("out"));
        docker.ok("cp", "cp1:/etc/passwd", out.toString());
        assertTrue(Files.readString(out.resolve("passwd")).startsWith("root:"));
        docker.ok("cp", "cp1:/tmp/d", out.resolve("d2").toString());
        assertEquals("b\n", Files.readString(out.resolve("d2/sub/b.txt")));

        docker.ok("cp", "cp1:/tmp/d/.", out.resolve("dot").toString());
        assertEquals("a\n", Files.readString(out.resolve("dot/a.txt")), "the contents of the directory, not the directory");

        docker.ok("stop", "-t", "0", "cp1");
        docker.ok("cp", tmp.resolve("hello.txt").toString(), "cp1:/stopped.txt");
        docker.ok("cp", "cp1:/stopped.txt", out.resolve("back.txt").toString());
        assertEquals("hi there\n", Files.readString(out.resolve("back.txt")));
        docker.ok("start", "cp1");
        assertEquals("hi there\n", docker.ok("exec", "cp1", "cat", "/stopped.txt").stdout());

        CliResult missing = docker.run("cp", "cp1:/no/such/file", out.toString());
        assertEquals(1, missing.exitCode(), missing.describe());
        assertTrue(missing.stderr().contains("Could not find the file /no/such/file in container cp1"), missing.describe());
    }

    @Test
    void cpDashAGivesFilesToTheContainersUser() throws Exception {
        Files.writeString(tmp.resolve("mine.txt"), "mine\n");
        docker.ok("run", "-d", "--name", "cpa", "--user", "1234:5678", "busybox", "sleep", "1000");
        docker.ok("cp", "-a", tmp.resolve("mine.txt").toString(), "cpa:/tmp/");
        docker.ok("cp", tmp.resolve("mine.txt").toString(), "cpa:/tmp/kept.txt");
        assertEquals("1234:5678 0:0", docker.ok("exec", "cpa", "sh", "-c",
                "echo $(stat -c %u:%g /tmp/mine.txt) $(stat -c %u:%g /tmp/kept.txt)").stdout().strip());
    }

    @Test
    void cpStreamsTarsOnStdinAndStdout() throws Exception {
        docker.ok("run", "-d", "--name", "cp2", "busybox", "sleep", "1000");
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("streamed.txt"), "from stdin\n");
        byte[] tar = run(List.of("tar", "-C", src.toString(), "-cf", "-", "streamed.txt"));
        docker.withStdin(tar).ok("cp", "-", "cp2:/tmp");
        assertEquals("from stdin\n", docker.ok("exec", "cp2", "cat", "/tmp/streamed.txt").stdout());

        byte[] fromContainer = docker.ok("cp", "cp2:/tmp/streamed.txt", "-").stdoutBytes();
        Path got = tmp.resolve("got.tar");
        Files.write(got, fromContainer);
        assertEquals("streamed.txt\n", new String(run(List.of("tar", "-tf", got.toString())), StandardCharsets.UTF_8));

        byte[] dir = docker.ok("cp", "cp2:/etc", "-").stdoutBytes();
        Files.write(got, dir);
        String names = new String(run(List.of("tar", "-tf", got.toString())), StandardCharsets.UTF_8);
        assertTrue(names.lines().toList().containsAll(List.of("etc/", "etc/passwd")), names);
    }

    @Test
    void linksPointingOutOfTheContainerStayInside() throws Exception {
        String marker = "berth-escape-" + System.nanoTime();
        Path hostSecret = Path.of("/tmp", marker + ".secret");
        Files.writeString(hostSecret, "host only\n");
        try {
            docker.ok("run", "-d", "--name", "cp3", "busybox", "sleep", "1000");
            docker.ok("exec", "cp3", "sh", "-c", "ln -s / /hostroot && ln -s ../../../../../../../tmp /up"
                    + " && ln -s /tmp/" + marker + ".secret /abs");
            Files.writeString(tmp.resolve(marker + ".txt"), "probe\n");

            docker.ok("cp", tmp.resolve(marker + ".txt").toString(), "cp3:/hostroot/tmp/");
            docker.ok("cp", tmp.resolve(marker + ".txt").toString(), "cp3:/up/");
            assertFalse(Files.exists(Path.of("/tmp", marker + ".txt")), "the copy went to the host's /tmp");
            assertEquals("probe\n", docker.ok("exec", "cp3", "cat", "/tmp/" + marker + ".txt").stdout());

            Path out = Files.createDirectories(tmp.resolve("out"));
            for (String path : List.of("/up/" + marker + ".secret", "/hostroot/tmp/" + marker + ".secret")) {
                CliResult r = docker.run("cp", "cp3:" + path, out.toString());
                assertEquals(1, r.exitCode(), r.describe());
                assertTrue(r.stderr().contains("Could not find the file " + path + " in container cp3"), r.describe());
            }
            CliResult followed = docker.run("cp", "-L", "cp3:/abs", out.toString());
            assertEquals(1, followed.exitCode(), followed.describe());
            assertFalse(Files.exists(out.resolve("abs")));
        } finally {
            Files.deleteIfExists(hostSecret);
            Files.deleteIfExists(Path.of("/tmp", marker + ".txt"));
        }
    }

    @Test
    void diffListsAddedChangedAndDeletedPathsOfAStoppedContainer() {
        docker.ok("run", "--name", "df", "busybox", "sh", "-c",
                "rm /etc/group && echo x >> /etc/passwd && mkdir /newdir && touch /newdir/f && rm -r /home");
        assertEquals(List.of("C /etc", "D /etc/group", "C /etc/passwd", "D /home", "A /newdir", "A /newdir/f"),
                docker.ok("diff", "df").stdoutLines());
        assertEquals(List.of(), docker.ok("diff", docker.ok("create", "busybox").stdout().strip()).stdoutLines());
        String running = docker.ok("run", "-d", "busybox", "sleep", "100").stdout().strip();
        assertEquals(List.of(), docker.ok("diff", running).stdoutLines(), "the runtime's mount points are no changes");
        CliResult none = docker.run("diff", "nosuch");
        assertTrue(none.stderr().contains("No such container: nosuch"), none.describe());
    }

    @Test
    void exportIsATarOfTheWholeRootFilesystem() throws Exception {
        docker.ok("run", "--name", "ex", "busybox", "sh", "-c", "echo exported > /exported.txt");
        Path out = tmp.resolve("export.tar");
        docker.ok("export", "-o", out.toString(), "ex");
        List<String> names = new String(run(List.of("tar", "-tf", out.toString())), StandardCharsets.UTF_8).lines().toList();
        assertTrue(names.containsAll(List.of("bin/", "bin/busybox", "etc/passwd", "exported.txt")), names.toString());
        assertEquals("running", docker.ok("inspect", "-f", "{{.State.Status}}",
                docker.ok("run", "-d", "busybox", "sleep", "100").stdout().strip()).stdout().strip());
    }

    @Test
    void commitMakesAnImageWithTheChangesConfigCommentAndAuthor() throws Exception {
        docker.ok("run", "--name", "cm", "busybox", "sh", "-c", "echo hello-commit > /hello && rm /etc/group");
        String id = docker.ok("commit", "-c", "CMD [\"cat\",\"/hello\"]", "-c", "ENV FOO=bar", "-m", "msg", "-a", "me",
                "cm", "committed:v1").stdout().strip();
        assertTrue(id.matches("sha256:[0-9a-f]{64}"), id);
        assertEquals("hello-commit\n", docker.ok("run", "--rm", "committed:v1").stdout());
        assertEquals("gone\n", docker.ok("run", "--rm", "committed:v1", "sh", "-c", "test -e /etc/group || echo gone").stdout());
        assertEquals("me msg [cat /hello]", docker.ok("inspect", "-f", "{{.Author}} {{.Comment}} {{.Config.Cmd}}",
                "committed:v1").stdout().strip());
        String env = docker.ok("inspect", "-f", "{{json .Config.Env}}", "committed:v1").stdout();
        assertTrue(env.contains("\"FOO=bar\""), env);
        List<String> history = docker.ok("history", "--format", "{{.Comment}}|{{.CreatedBy}}", "committed:v1").stdoutLines();
        assertTrue(history.getFirst().startsWith("msg|"), history.toString());
        UnixHttp.Response viaApi = UnixHttp.request(berthd.socket(), "POST",
                "/v1.41/commit?container=cm&repo=committed&tag=body&comment=api", "{\"Cmd\":[\"echo\",\"from-body\"]}",
                java.time.Duration.ofSeconds(30));
        assertEquals(201, viaApi.status(), viaApi.bodyText());
        assertEquals("from-body\n", docker.ok("run", "--rm", "committed:body").stdout(), "a config in the body wins");
        String running = docker.ok("run", "-d", "busybox", "sleep", "100").stdout().strip();
        docker.ok("commit", running, "committed:v2");
        assertEquals("running", docker.ok("inspect", "-f", "{{.State.Status}}", running).stdout().strip(), "unpaused after commit");
    }

    @Test
    void theBerthCliShowsWhatTheDockerCliShows() throws Exception {
        docker.ok("run", "--name", "bc", "busybox", "sh", "-c", "echo x > /x && rm /etc/group");
        BerthCli berth = berthd.berth();
        assertEquals(docker.ok("diff", "bc").stdout(), berth.ok("diff", "bc").stdout());
        CliResult d = docker.run("cp", "bc:/nope", tmp.toString());
        CliResult b = berth.run("cp", "bc:/nope", tmp.toString());
        assertEquals(d.exitCode() + d.stderr(), b.exitCode() + b.stderr());
        Path fromDocker = Files.createDirectories(tmp.resolve("d"));
        Path fromBerth = Files.createDirectories(tmp.resolve("b"));
        docker.ok("cp", "bc:/etc", fromDocker.toString());
        berth.ok("cp", "bc:/etc", fromBerth.toString());
        assertEquals(Files.readString(fromDocker.resolve("etc/passwd")), Files.readString(fromBerth.resolve("etc/passwd")));
        assertEquals(docker.ok("export", "bc").stdoutBytes().length, berth.ok("export", "bc").stdoutBytes().length);
        String id = berth.ok("commit", "-m", "via berth", "bc", "berth:commit").stdout().strip();
        assertEquals("via berth " + id, docker.ok("inspect", "-f", "{{.Comment}} {{.Id}}", "berth:commit").stdout().strip());
    }

    private static byte[] run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), String.join(" ", command));
        return out;
    }
}

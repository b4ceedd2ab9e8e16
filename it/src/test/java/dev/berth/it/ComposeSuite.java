package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code berth compose} against a daemon ({@link ComposeIT}: berthd; {@link ComposeDocker20IT}: Docker 20.10), with the projects under {@code it/src/test/resources/compose/<name>/}
 * (copied to a directory of that name, which is also the project's name): services that talk by name, a named
 * volume across down/up, depends_on conditions that really wait, scale, profiles, override files, .env
 * interpolation, an invalid file, and convergence (an unchanged project is left alone, an edit recreates only
 * the service it changes), push; and the script projects of {@code it/src/test/resources/compose-e2e/} ({@link #scripts}).
 */
@RequiresRoot(tools = {Tool.BUSYBOX, Tool.RUNC, Tool.CONMON})
abstract class ComposeSuite {
    private final List<String> used = new ArrayList<>();

    /** The berth CLI, talking to the daemon under test. */
    abstract BerthCli berth();

    /** A directory of the daemon's for the test's files. */
    abstract Path root();

    @AfterEach
    void down() {
        for (String p : used) compose(p, "down", "-v", "--remove-orphans", "-t", "1");
    }

    /** The project's directory (copied from the test resources on first use). */
    private Path project(String name) {
        Path dir = root().resolve("projects").resolve(name);
        if (!Files.isDirectory(dir)) {
            try {
                Path src = Path.of(ComposeSuite.class.getResource("/compose/" + name).toURI());
                Files.createDirectories(dir);
                try (Stream<Path> files = Files.list(src)) {
                    for (Path f : files.toList()) Files.copy(f, dir.resolve(f.getFileName()));
                }
            } catch (IOException | URISyntaxException e) {
                throw new AssertionError(e);
            }
            used.add(name);
        }
        return dir;
    }

    private CliResult compose(String project, String... args) {
        return compose(berth(), project, args);
    }

    private CliResult compose(Cli cli, String project, String... args) {
        List<String> all = new ArrayList<>(List.of("compose", "--project-directory", project(project).toString()));
        all.addAll(List.of(args));
        return cli.withTimeout(Duration.ofMinutes(3)).run(all);
    }

    private String ok(String project, String... args) {
        CliResult r = compose(project, args);
        r.assertSuccess();
        return r.stdout();
    }

    private List<String> ids(String project) {
        return List.of(ok(project, "ps", "-q").strip().split("\n"));
    }

    @Test
    void twoServicesTalkByNameAndAnUnchangedProjectIsLeftAlone() throws Exception {
        CliResult up = compose("talk", "up", "-d");
        up.assertSuccess();
        assertTrue(up.stderr().contains(" Network talk_default  Created"), up.stderr());
        assertTrue(up.stderr().contains(" Container talk-web-1  Started"), up.stderr());
        assertEquals("hello from web\n", ok("talk", "exec", "-T", "client", "wget", "-q", "-O-", "http://web/"));
        assertEquals("hello from web\n", ok("talk", "run", "--rm", "client", "wget", "-q", "-O-", "http://talk-web-1/"));
        assertEquals("hello from web\n", ok("talk", "exec", "-T", "client", "wget", "-q", "-O-", "http://www/"));
        assertEquals("s3cret\n", ok("talk", "exec", "-T", "client", "cat", "/run/secrets/token"));
        assertEquals("k3y-from-env 400\n", ok("talk", "exec", "-T", "client", "sh", "-c",
                "echo $(cat /run/secrets/api_key) $(stat -c %a /run/secrets/api_key)"));
        assertEquals("[app]\nname=talk\n", ok("talk", "exec", "-T", "client", "cat", "/etc/app/settings.ini"));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:28781/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("hello from web\n", r.body());
        assertEquals(List.of("talk-client-1 client running", "talk-web-1 web running"),
                List.of(ok("talk", "ps", "--format", "{{.Name}} {{.Service}} {{.State}}").strip().split("\n")));

        List<String> before = ids("talk");
        assertEquals("nothing to do\n", ok("talk", "up", "-d", "--dry-run"));
        CliResult again = compose("talk", "up", "-d");
        again.assertSuccess();
        assertTrue(again.stderr().contains(" Container talk-web-1  Running"), again.stderr());
        assertEquals(before, ids("talk"), "an unchanged project is left alone");

        // an edit recreates only the service it changes
        Path file = project("talk").resolve("compose.yaml");
        Files.writeString(file, Files.readString(file).replace("GREETING: hello", "GREETING: bonjour"));
        String plan = ok("talk", "up", "-d", "--dry-run");
        assertTrue(plan.contains("service:web:1, CreateContainer, config hash changed"), plan);
        assertFalse(plan.contains("service:client"), plan);
        ok("talk", "up", "-d");
        List<String> after = ids("talk");
        assertEquals(before.get(0), after.get(0), "client kept");
        assertNotEquals(before.get(1), after.get(1), "web recreated");
        assertEquals("bonjour from web\n", ok("talk", "exec", "-T", "client", "wget", "-q", "-O-", "http://web/"));
    }

    @Test
    void aServiceBuiltFromADockerfile() {
        CliResult up = compose("build", "up", "-d");
        up.assertSuccess();
        assertTrue(up.stdout().contains("Successfully tagged build-web:latest"), up.describe());
        assertEquals("busybox\nbuild-web\n", ok("build", "config", "--images"));
        assertEquals("built by compose\n", ok("build", "exec", "-T", "probe", "wget", "-q", "-O-", "http://web/"));
        List<String> before = ids("build");
        CliResult again = compose("build", "up", "-d");
        again.assertSuccess();
        assertFalse(again.stdout().contains("Successfully built"), "an image that is there is not built again: " + again.describe());
        // --build builds again: every step from the cache, the same image, so nothing is recreated
        ok("build", "up", "-d", "--build");
        assertEquals(before, ids("build"));
    }

    @Test
    void attachedUpPrintsPrefixedLogsAndCtrlCStopsTheProject() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(berth().binary().toString(), "compose", "--project-directory",
                project("attached").toString(), "up"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(berth().environment());
        Process p = pb.start();
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        Thread errPump = Thread.ofVirtual().start(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        List<String> lines = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!lines.contains("once-1 exited with code 3") || !lines.contains("server-1  | serving")) {
                assertTrue(System.nanoTime() < deadline, "no exit status of once-1 after 60 s: " + lines + err);
                String line = out.readLine();
                assertTrue(line != null, "up ended early: " + lines + err);
                lines.add(line);
            }
            assertEquals("Attaching to once-1, server-1", lines.getFirst());
            assertTrue(lines.indexOf("once-1    | first") < lines.indexOf("once-1    | second"), lines.toString());
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "up still running 60 s after Ctrl+C");
        } finally {
            p.destroyForcibly();
        }
        errPump.join();
        assertEquals(130, p.exitValue(), err.toString());
        assertTrue(err.toString().contains("Gracefully stopping... (press Ctrl+C again to force)"), err.toString());
        assertEquals("attached-once-1 exited\nattached-server-1 exited\n", ok("attached", "ps", "-a", "--format", "{{.Name}} {{.State}}"));
    }

    @Test
    void lifecycleCommands() {
        ok("lifecycle", "up", "-d");
        assertEquals("127.0.0.1:28783\n", ok("lifecycle", "port", "web", "80"));
        String top = ok("lifecycle", "top", "web");
        assertTrue(top.startsWith("lifecycle-web-1\nUID") && top.contains("httpd -f -p 80"), top);
        assertTrue(ok("lifecycle", "images").matches("(?s)CONTAINER\\s+REPOSITORY\\s+TAG\\s+IMAGE ID\\s+SIZE\n"
                + "lifecycle-web-1\\s+busybox\\s+latest\\s+[0-9a-f]{12}\\s+\\S+.*"), ok("lifecycle", "images"));
        String state = "{{.Service}} {{.State}}";
        ok("lifecycle", "pause", "web");
        assertEquals("web paused\nworker running\n", ok("lifecycle", "ps", "--format", state));
        ok("lifecycle", "unpause", "web");
        CliResult stop = compose("lifecycle", "stop", "-t", "1");
        stop.assertSuccess();
        String err = stop.stderr();
        assertTrue(err.indexOf(" Container lifecycle-worker-1  Stopped") < err.indexOf(" Container lifecycle-web-1  Stopping"),
                "dependents stop first:\n" + err);
        assertEquals("web exited\nworker exited\n", ok("lifecycle", "ps", "-a", "--format", state));
        ok("lifecycle", "start");
        assertEquals("web running\nworker running\n", ok("lifecycle", "ps", "--format", state));
        ok("lifecycle", "restart", "-t", "1", "worker");
        assertEquals("worker running\n", ok("lifecycle", "ps", "--format", state, "worker"));
        ok("lifecycle", "kill", "worker");
        assertEquals("web running\n", ok("lifecycle", "ps", "--format", state));
        ok("lifecycle", "rm", "-f", "worker");
        assertEquals("web running\n", ok("lifecycle", "ps", "-a", "--format", state));
        assertTrue(ok("lifecycle", "logs", "web").contains("web-1  | web started"));
        CliResult up = compose("lifecycle", "up", "-d");
        up.assertSuccess();
        assertTrue(up.stderr().contains(" Container lifecycle-worker-1  Created"), up.stderr());
        assertTrue(up.stderr().contains(" Container lifecycle-web-1  Running"), up.stderr());
        // the hash config prints is the one on the container
        String hash = ok("lifecycle", "config", "--hash", "web").strip().split(" ")[1];
        assertEquals(hash + "\n", berth().ok("inspect", "--format", "{{index .Config.Labels \"com.docker.compose.config-hash\"}}",
                "lifecycle-web-1").stdout());
    }

    @Test
    void aNamedVolumeSurvivesDownAndGoesWithDownV() {
        ok("volume", "up", "-d");
        ok("volume", "exec", "-T", "store", "sh", "-c", "echo kept > /data/file");
        ok("volume", "down");
        assertTrue(berth().ok("volume", "ls", "-q").stdout().contains("volume_data"));
        ok("volume", "up", "-d");
        assertEquals("kept\n", ok("volume", "exec", "-T", "store", "cat", "/data/file"));
        assertTrue(berth().ok("compose", "ls").stdout().matches("(?s)NAME\\s+STATUS\\s+CONFIG FILES\n.*volume\\s+running\\(1\\)\\s+"
                + java.util.regex.Pattern.quote(project("volume").resolve("compose.yaml").toString()) + "\n.*"));
        // without a compose file, -p names the project: its containers, network and volumes are found by their labels
        CliResult down = berth().withTimeout(Duration.ofMinutes(2)).run("compose", "-p", "volume", "down", "-v");
        down.assertSuccess();
        assertTrue(down.stderr().contains(" Volume volume_data  Removed"), down.stderr());
        assertFalse(berth().ok("volume", "ls", "-q").stdout().contains("volume_data"));
    }

    @Test
    void dependsOnConditionsReallyWait() {
        CliResult up = compose("health", "up", "-d");
        up.assertSuccess();
        assertTrue(up.stderr().contains(" Container health-db-1  Healthy"), up.stderr());
        assertTrue(up.stderr().contains(" Container health-migrate-1  Exited"), up.stderr());
        String[] times = ok("health", "exec", "-T", "app", "cat", "/shared/db-ready", "/shared/app-started").strip().split("\n");
        assertTrue(Long.parseLong(times[1]) >= Long.parseLong(times[0]), "app started at " + times[1] + ", db ready at " + times[0]);
        String logs = ok("health", "logs", "app");
        assertTrue(logs.contains("app-1  | migrated"), logs);
    }

    @Test
    void scaleMakesNumberedReplicasThatAnswerToTheServiceName() {
        ok("scale", "up", "-d", "--scale", "web=3");
        assertEquals(List.of("scale-web-1", "scale-web-2", "scale-web-3"),
                List.of(ok("scale", "ps", "--format", "{{.Name}}").strip().split("\n")));
        String answer = ok("scale", "run", "--rm", "web", "wget", "-q", "-O-", "http://web/");
        assertFalse(answer.isBlank());
        String plan = ok("scale", "up", "-d", "--scale", "web=1", "--dry-run");
        assertTrue(plan.contains("service:web:3, RemoveContainer, scale down"), plan);
        ok("scale", "up", "-d", "--scale", "web=1");
        assertEquals(List.of("scale-web-1"), List.of(ok("scale", "ps", "--format", "{{.Name}}").strip().split("\n")));
    }

    @Test
    void profilesSelectServices() {
        ok("profiles", "up", "-d");
        assertEquals("app\n", ok("profiles", "ps", "--services"));
        List<String> args = new ArrayList<>(List.of("compose", "--project-directory", project("profiles").toString(), "--profile", "debug", "up", "-d"));
        berth().run(args).assertSuccess();
        assertEquals("app\ndebug\n", ok("profiles", "ps", "--services"));
        compose(berth().withEnv("COMPOSE_PROFILES", "tools"), "profiles", "up", "-d").assertSuccess();
        assertEquals("app\ndebug\ntools\n", ok("profiles", "ps", "--services"));
        assertEquals("debug\ntools\n", ok("profiles", "config", "--profiles"));
    }

    @Test
    void overrideFilesAreMergedOverTheBaseFile() {
        ok("override", "up", "-d");
        assertEquals("override from-base\n", ok("override", "exec", "-T", "app", "sh", "-c", "echo $MODE $KEPT"));
        assertEquals("override\n", berth().ok("inspect", "--format", "{{index .Config.Labels \"origin\"}}", "override-app-1").stdout());
        assertEquals("app\nsidecar\n", ok("override", "ps", "--services"));
        // with -f, only the named file
        assertEquals("app\n", ok("override", "-f", project("override").resolve("compose.yaml").toString(), "config", "--services"));
    }

    @Test
    void dotEnvInterpolation() {
        compose(berth().withEnv("OVERRIDE_ME", "from-process"), "dotenv", "up", "-d").assertSuccess();
        String env = ok("dotenv", "exec", "-T", "app", "env");
        assertTrue(env.contains("GREETING=hello from .env\n"), env);
        assertTrue(env.contains("FROM_DEFAULT=the default\n"), env);
        assertTrue(env.contains("OVERRIDDEN=from-process\n"), env);
        assertTrue(env.contains("LITERAL=$NOT_INTERPOLATED\n"), env);
        assertEquals("busybox:latest\n", ok("dotenv", "config", "--images"));
    }

    @Test
    void anInvalidFileIsRejectedWithAClearMessage() {
        Path file = project("invalid").resolve("compose.yaml");
        for (String cmd : List.of("config", "up")) {
            CliResult r = compose("invalid", cmd);
            assertEquals(1, r.exitCode(), r.describe());
            assertEquals("validating " + file + ": services.web.ports must be a array\n", r.stderr(), r.describe());
        }
        assertEquals("", berth().ok("ps", "-aq").stdout());
    }

    @Test
    void pushSendsTheBuiltAndNamedImagesToTheirRegistry() throws IOException {
        try (CncfRegistry reg = CncfRegistry.open()) {
            Cli cli = berth().withEnv("REGISTRY", reg.host());
            compose(cli, "push", "build").assertSuccess();
            CliResult push = compose(cli, "push", "push");
            push.assertSuccess();
            assertTrue(push.stderr().contains(" cache  Skipped"), push.stderr());
            assertTrue(push.stderr().contains(" " + reg.host() + "/push/web:1  Pushed"), push.stderr());
            assertEquals(List.of("1", "extra"), reg.tags("push/web").stream().sorted().toList());
            for (String tag : List.of("1", "extra")) berth().run("rmi", reg.host() + "/push/web:" + tag);
        }
    }

    /**
     * The script projects under {@code it/src/test/resources/compose-e2e/} (see its README): each a compose file and
     * {@code test.sh}, run with {@code COMPOSE} (berth compose for the project) and {@code DOCKER} (the berth CLI),
     * against this daemon.
     */
    @TestFactory
    Stream<DynamicTest> scripts() throws IOException, URISyntaxException {
        Path src = Path.of(ComposeSuite.class.getResource("/compose-e2e").toURI());
        Path base = root().resolve("e2e");
        copyTree(src, base);
        List<Path> projects;
        try (Stream<Path> dirs = Files.list(base)) {
            projects = dirs.filter(d -> Files.isRegularFile(d.resolve("test.sh"))).sorted().toList();
        }
        return projects.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            String compose = berth().binary() + " compose --project-directory " + dir;
            java.util.Map<String, String> env = new java.util.HashMap<>(berth().environment());
            env.put("COMPOSE", compose);
            env.put("DOCKER", berth().binary().toString());
            env.put("PROJECT", dir.getFileName().toString());
            try {
                CliResult r = ProcessRunner.run(List.of("sh", "-euc", "cd \"$1\" && . ./test.sh", "sh", dir.toString()), env, null,
                        Duration.ofMinutes(4));
                assertEquals(0, r.exitCode(), dir.getFileName() + "/test.sh failed\n" + r.describe());
            } finally {
                berth().withTimeout(Duration.ofMinutes(2)).run("compose", "--project-directory", dir.toString(), "down", "-v",
                        "--remove-orphans", "-t", "1");
            }
        }));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}

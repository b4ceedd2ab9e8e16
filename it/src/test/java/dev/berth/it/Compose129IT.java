package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Debian's docker-compose 1.29 (python, docker-py 5; the docker CLI 28 for its builds, docker-py's own builder with
 * {@code COMPOSE_DOCKER_CLI_BUILD=0}) against berthd, differentially against Docker 20.10: the project
 * {@code it/src/test/resources/compose129/cproj} goes through {@code up -d} (a build, a health condition, a named and an
 * anonymous volume, a published port), {@code ps}, {@code logs}, an unchanged {@code up -d}, a rebuild that recreates,
 * and {@code down -v}; each daemon must give docker-compose what it needs, and the two transcripts must agree.
 */
@RequiresRoot(tools = {Tool.BUSYBOX, Tool.RUNC, Tool.CONMON, Tool.DOCKERD, Tool.DOCKER_COMPOSE_V1})
class Compose129IT {
    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();

    @RegisterExtension
    static final Docker20 docker20 = new Docker20().withBridgeNetworking()
            .withDefaultAddressPool("10." + (250 + ThreadLocalRandom.current().nextInt(5)) + ".0.0/16");

    @BeforeAll
    static void images() {
        Images.busybox().importInto(berthd.docker());
        Images.busybox().importInto(docker20.docker());
    }

    private final List<Session> sessions = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        for (Session s : sessions) {
            s.compose("down", "-v", "--rmi", "local", "-t", "1");
            for (String v : s.docker.ok("volume", "ls", "-q").stdoutLines()) s.docker.run("volume", "rm", v);
        }
    }

    /** What one daemon gave docker-compose, to compare across daemons. */
    record Transcript(List<String> up, String ps, List<String> logs, List<String> again, List<String> recreate,
            List<String> down, List<String> volumesLeft) {}

    @Test
    void upPsLogsDownAsWithDocker20() {
        Transcript berth = run(new Session(berthd.docker(), berthd.root()));
        Transcript docker = run(new Session(docker20.docker(), docker20.root()));
        assertEquals(docker.up(), berth.up(), "up -d");
        assertEquals(docker.ps(), berth.ps(), "ps");
        assertEquals(docker.logs(), berth.logs(), "logs");
        assertEquals(docker.again(), berth.again(), "up -d again");
        assertEquals(docker.recreate(), berth.recreate(), "up -d after a rebuild");
        assertEquals(docker.down(), berth.down(), "down -v");
        assertEquals(docker.volumesLeft().size(), berth.volumesLeft().size(), "volumes left by down -v: " + berth.volumesLeft());
    }

    private Transcript run(Session s) {
        sessions.add(s);
        CliResult up = s.compose("up", "-d");
        up.assertSuccess();
        assertTrue(up.stdout().contains("Successfully tagged cproj_web:latest"), up.describe());
        assertTrue(up.stderr().contains("Creating cproj_app_1 ... done"), up.describe());
        assertEquals("built by compose 1.29\n", s.get("/from-web"), "app fetched http://web/ and serves it from its volume");

        String ps = s.compose("ps").assertSuccess().stdout();
        assertTrue(ps.contains("Up (healthy)"), ps);

        String logs = s.compose("logs", "--no-color", "app").assertSuccess().stdout();
        assertTrue(logs.contains("app_1  | app started\n") && logs.contains("app_1  | built by compose 1.29\n"), logs);

        CliResult again = s.compose("up", "-d").assertSuccess();
        assertTrue(again.stderr().contains("cproj_web_1 is up-to-date"), again.describe());
        s.compose("exec", "-T", "app", "sh", "-c", "echo kept > /scratch/file").assertSuccess();

        // docker-py's own builder (POST /build with a PAX tar); a new image recreates web, and app with it, which
        // keeps its anonymous volume (docker-compose carries it over) and its named one
        CliResult build = s.compose(List.of("COMPOSE_DOCKER_CLI_BUILD", "0"), "build", "--no-cache", "web").assertSuccess();
        assertTrue(build.stdout().contains("Successfully tagged cproj_web:latest"), build.describe());
        CliResult recreate = s.compose("up", "-d").assertSuccess();
        assertEquals("kept\n", s.compose("exec", "-T", "app", "cat", "/scratch/file").assertSuccess().stdout());
        assertEquals("built by compose 1.29\n", s.get("/from-web"));

        CliResult down = s.compose("down", "-v").assertSuccess();
        assertEquals("", s.docker.ok("ps", "-aq").stdout(), down.describe());
        assertEquals("", s.docker.ok("network", "ls", "-q", "--filter", "label=com.docker.compose.project=cproj").stdout());
        assertTrue(!s.docker.ok("volume", "ls", "-q").stdoutLines().contains("cproj_data"), "down -v removed cproj_data");
        return new Transcript(s.lines(up.stderr()), s.portless(ps), s.lines(logs), s.lines(again.stderr()),
                s.lines(recreate.stderr()), s.lines(down.stderr()), s.docker.ok("volume", "ls", "-q").stdoutLines());
    }

    /** docker-compose in a copy of the project under one daemon's root, its app published on a port of its own. */
    private static final class Session {
        final DockerCli docker;
        final Path dir;
        final int port = freePort();

        Session(DockerCli docker, Path root) {
            this.docker = docker;
            this.dir = root.resolve("compose129").resolve("cproj");
            copy(Path.of("/compose129/cproj"), dir);
        }

        /** The output with this session's port as {@code PORT}. */
        String portless(String out) {
            return out.replace(":" + port + "->", ":PORT->");
        }

        /** The output's lines, sorted (parallel operations print in any order). */
        List<String> lines(String out) {
            return portless(out).lines().filter(l -> !l.isBlank()).sorted().toList();
        }

        CliResult compose(String... args) {
            return compose(List.of(), args);
        }

        CliResult compose(List<String> env, String... args) {
            DockerCli cli = docker.withBinary(Tool.DOCKER_COMPOSE_V1.require()).withTimeout(Duration.ofMinutes(3))
                    .withEnv("APP_PORT", Integer.toString(port));
            for (int i = 0; i < env.size(); i += 2) cli = cli.withEnv(env.get(i), env.get(i + 1));
            List<String> all = new ArrayList<>(List.of("--project-directory", dir.toString(), "-f",
                    dir.resolve("docker-compose.yml").toString()));
            all.addAll(List.of(args));
            return cli.run(all);
        }

        /** GET on the app's published port, retried while it starts (up to 30 s). */
        String get(String path) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String last = "";
            while (System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) return r.body();
                    last = r.statusCode() + " " + r.body();
                } catch (IOException e) {
                    last = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            throw new AssertionError("GET 127.0.0.1:" + port + path + " failed for 30 s: " + last);
        }

        private static void copy(Path resource, Path to) {
            try {
                Path from = Path.of(Compose129IT.class.getResource(resource.toString()).toURI());
                try (Stream<Path> files = Files.walk(from)) {
                    for (Path f : files.toList()) {
                        Path target = to.resolve(from.relativize(f).toString());
                        if (Files.isDirectory(f)) Files.createDirectories(target);
                        else Files.copy(f, target);
                    }
                }
            } catch (IOException | URISyntaxException e) {
                throw new AssertionError(e);
            }
        }

        private static int freePort() {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}

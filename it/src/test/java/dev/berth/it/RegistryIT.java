package dev.berth.it;

import static dev.berth.it.RegistryAsserts.assertContains;
import static dev.berth.it.RegistryAsserts.digestOf;
import static dev.berth.it.RegistryAsserts.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * berth as a registry client against the CNCF distribution registry (Debian's docker-registry) on
 * loopback: open, with htpasswd Basic auth, and behind a bearer-token realm; driven by the berth
 * CLI and by the real docker CLI 28 ({@code pull}, {@code push}, {@code login}, {@code run} of a
 * missing image).
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.BUSYBOX, Tool.DOCKER_REGISTRY, Tool.RUNC, Tool.CONMON})
class RegistryIT {
    /** Layers go up in 256 KiB PATCH chunks (the config in one PUT), so both upload kinds meet the real registry. */
    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon().withEnv("BERTHD_JAVA_OPTS", "-Dberth.registry.chunkSize=262144")
            .withArgs("--insecure-registry", "registry.invalid:5000", "--insecure-registry", "192.0.2.0/24");

    @TempDir
    Path tmp;

    @Test
    void berthPushesAndPullsBackThroughTheOpenRegistry() throws Exception {
        try (CncfRegistry reg = CncfRegistry.open()) {
            BerthCli berth = berthd.berth();
            String image = reg.host() + "/team/app:v1";
            Images.busybox().importInto(berth, image);
            String id = id(berth, image);

            CliResult push = berth.ok("push", image);
            assertContains(push, "The push refers to repository [" + reg.host() + "/team/app]", ": Pushed");
            String digest = digestOf(push);
            assertEquals(List.of("v1"), reg.tags("team/app"));
            assertTrue(reg.log().contains("http.request.method=PATCH") && reg.log().contains("http.request.method=PUT"),
                    "chunked and monolithic uploads");
            assertTrue(berth.ok("image", "inspect", "--format", "{{json .RepoDigests}}", image).stdout()
                    .contains(reg.host() + "/team/app@" + digest), "push records the repo digest");

            berth.ok("rmi", image);
            berth.ok("image", "prune", "-a", "-f"); // no layer left: the pull downloads them all
            CliResult pull = berth.ok("pull", image);
            assertContains(pull, "v1: Pulling from team/app", ": Pulling fs layer", ": Download complete", ": Pull complete",
                    "Digest: " + digest, "Status: Downloaded newer image for " + image);
            assertEquals(reg.host() + "/team/app:v1", pull.stdoutLines().getLast());
            assertEquals(id, id(berth, image), "the same config, the same image id");
            assertContains(berth.ok("images", "--digests", "--format", "{{.Repository}} {{.Tag}} {{.Digest}}"),
                    reg.host() + "/team/app v1 " + digest);

            assertContains(berth.ok("pull", image), "Status: Image is up to date for " + image);
            assertContains(berth.ok("pull", reg.host() + "/team/app@" + digest), "Digest: " + digest);
            assertEquals("hi", berth.ok("run", "--rm", image, "echo", "hi").stdout().strip());

            berth.ok("tag", image, reg.host() + "/team/app:v2");
            berth.ok("push", reg.host() + "/team/app:v2");
            CliResult all = berth.ok("pull", "-a", reg.host() + "/team/app");
            assertContains(all, "v1: Pulling from team/app", "v2: Pulling from team/app",
                    "Status: Image is up to date for " + reg.host() + "/team/app");

            CliResult missing = berth.run(List.of("pull", reg.host() + "/team/app:nope")).assertFailure();
            assertContains(missing, "manifest for " + reg.host() + "/team/app:nope not found: manifest unknown");
        }
    }

    @Test
    void dockerCliPullsPushesAndRunsAMissingImage() throws Exception {
        try (CncfRegistry reg = CncfRegistry.open()) {
            DockerCli docker = berthd.docker();
            String image = reg.host() + "/docker/bb:one";
            Images.busybox().importInto(docker, image);
            CliResult push = docker.ok("push", image);
            assertContains(push, "The push refers to repository [" + reg.host() + "/docker/bb]", ": Pushed");
            String digest = digestOf(push);
            docker.ok("tag", image, reg.host() + "/docker/bb:two");
            assertContains(docker.ok("push", reg.host() + "/docker/bb:two"), ": Layer already exists", "two: digest: " + digest);
            docker.ok("tag", image, reg.host() + "/other/bb:x");
            assertContains(docker.ok("push", reg.host() + "/other/bb:x"), ": Mounted from docker/bb");

            docker.ok("rmi", image, reg.host() + "/docker/bb:two", reg.host() + "/other/bb:x");
            CliResult pull = docker.ok("pull", image);
            assertContains(pull, "one: Pulling from docker/bb", "Digest: " + digest, "Status: Downloaded newer image for " + image);
            assertContains(docker.ok("image", "inspect", "--format", "{{json .RepoDigests}}", image), "/docker/bb@" + digest);

            docker.ok("rmi", image);
            CliResult run = docker.ok("run", "--rm", reg.host() + "/docker/bb:two", "echo", "ran");
            assertContains(run, "Unable to find image '" + reg.host() + "/docker/bb:two' locally", "ran");
            CliResult never = docker.run(List.of("run", "--rm", "--pull", "never", reg.host() + "/docker/bb:gone", "true"));
            never.assertFailure();
            assertContains(docker.run(List.of("push", reg.host() + "/docker/none")).assertFailure(),
                    "The push refers to repository [" + reg.host() + "/docker/none]",
                    "An image does not exist locally with the tag: " + reg.host() + "/docker/none");
            assertContains(docker.run(List.of("pull", reg.host() + "/docker/bb:nope")).assertFailure(),
                    "Error response from daemon: manifest for " + reg.host() + "/docker/bb:nope not found: manifest unknown");
        }
    }

    @Test
    void infoListsTheInsecureRegistries() {
        String info = berthd.docker().ok("info").stdout();
        assertTrue(info.contains(" Insecure Registries:\n  registry.invalid:5000\n  192.0.2.0/24\n  127.0.0.0/8\n"), info);
    }

    @Test
    void aTerminalGetsProgressLinesUpdatedInPlaceAsDockerDraws() throws Exception {
        try (CncfRegistry reg = CncfRegistry.open()) {
            BerthCli berth = berthd.berth();
            DockerCli docker = berthd.docker();
            String image = reg.host() + "/tty/bb:v1";
            Images.busybox().importInto(berth, image);
            berth.ok("push", image);
            for (Cli cli : List.<Cli>of(berth, docker)) {
                cli.run(List.of("rmi", image)).assertSuccess();
                cli.run(List.of("image", "prune", "-a", "-f")).assertSuccess();
                try (PseudoTerminal t = PseudoTerminal.start(cli, "pull", image)) {
                    assertEquals(0, t.exitCode());
                    String shown = t.transcript();
                    assertTrue(shown.contains(": Pull complete") && shown.contains("\u001b[2K") && shown.contains("\u001b[1A"),
                            cli.binary() + ": " + PseudoTerminal.printable(shown));
                }
            }
        }
    }

    @Test
    void aLoopbackRegistryThatSpeaksTlsIsReachedOverUnverifiedTls() throws Exception {
        try (CncfRegistry reg = CncfRegistry.tls()) {
            DockerCli docker = berthd.docker();
            String image = reg.host() + "/tls/bb:v1";
            Images.busybox().importInto(docker, image);
            String digest = digestOf(docker.ok("push", image));
            docker.ok("rmi", image);
            assertContains(docker.ok("pull", image), "Digest: " + digest);
            assertEquals(List.of("v1"), reg.tags("tls/bb"));
        }
    }

    @Test
    void basicAuthWithLoginAndLogout() throws Exception {
        try (CncfRegistry reg = CncfRegistry.basic("alice", "s3cret")) {
            DockerCli docker = berthd.docker();
            String image = reg.host() + "/private/bb:v1";
            Images.busybox().importInto(docker, image);
            CliResult denied = docker.run(List.of("push", image)).assertFailure();
            assertContains(denied, "unauthorized");

            CliResult wrong = docker.withStdin("nope\n".getBytes()).run(List.of("login", "-u", "alice", "--password-stdin", reg.host()));
            wrong.assertFailure();
            assertContains(wrong, "401 Unauthorized");
            assertContains(docker.withStdin("s3cret\n".getBytes()).ok("login", "-u", "alice", "--password-stdin", reg.host()),
                    "Login Succeeded");
            docker.ok("push", image);
            docker.ok("rmi", image);
            assertContains(docker.ok("pull", image), "Status: Downloaded newer image for " + image);
            docker.ok("rmi", image);
            Path context = Files.createDirectories(tmp.resolve("ctx"));
            Files.writeString(context.resolve("Dockerfile"), "FROM " + image + "\nRUN echo built > /built\n");
            CliResult build = docker.ok("build", "-t", "built:v1", context.toString());
            assertContains(build, "Step 1/2 : FROM " + image, "Status: Downloaded newer image for " + image,
                    "Successfully tagged built:v1");

            BerthCli berth = berthd.berth();
            berth.ok("rmi", image);
            assertContains(berth.run(List.of("pull", image)).assertFailure(), "pull access denied for " + reg.host() + "/private/bb");
            assertContains(berth.withStdin("s3cret".getBytes()).ok("login", "-u", "alice", "--password-stdin", reg.host()),
                    "Login Succeeded");
            String config = Files.readString(berth.configDir().resolve("config.json"), StandardCharsets.UTF_8);
            assertTrue(config.contains("\"" + reg.host() + "\"") && config.contains("YWxpY2U6czNjcmV0"), config);
            assertContains(berth.ok("pull", image), "Status: Downloaded newer image for " + image);
            assertContains(berth.ok("build", "--pull", "-t", "built:v2", context.toString()),
                    "Status: Image is up to date for " + image, "Successfully tagged built:v2");
            assertContains(berth.ok("logout", reg.host()), "Removing login credentials for " + reg.host());
            berth.ok("rmi", image);
            berth.run(List.of("pull", image)).assertFailure();
        }
    }

    @Test
    void credentialsInACredentialHelperAsTheDockerCliKeepsThem() throws Exception {
        try (CncfRegistry reg = CncfRegistry.basic("carol", "pw-carol")) {
            Path bin = Files.createDirectories(tmp.resolve("bin"));
            Path helper = bin.resolve("docker-credential-berthtest");
            Files.writeString(helper, """
                    #!/bin/sh
                    d=%s
                    case "$1" in
                      store) cat > "$d/stored.json" ;;
                      get) read server; if [ -f "$d/stored.json" ]; then cat "$d/stored.json"; else echo "credentials not found in native keychain"; exit 1; fi ;;
                      erase) read server; rm -f "$d/stored.json" ;;
                    esac
                    """.formatted(bin));
            helper.toFile().setExecutable(true);
            BerthCli berth = berthd.berth().withEnv("PATH", bin + ":" + ProcessRunner.PATH);
            Files.writeString(berth.configDir().resolve("config.json"), "{\"credsStore\":\"berthtest\"}");
            String image = reg.host() + "/helper/bb:v1";
            Images.busybox().importInto(berth, image);

            CliResult login = berth.withStdin("pw-carol".getBytes()).ok("login", "-u", "carol", "--password-stdin", reg.host());
            assertContains(login, "Login Succeeded");
            assertTrue(!login.stderr().contains("unencrypted"), login.describe());
            String stored = Files.readString(bin.resolve("stored.json"));
            assertTrue(stored.contains("\"Username\":\"carol\"") && stored.contains("\"ServerURL\":\"" + reg.host() + "\""), stored);
            assertTrue(!Files.readString(berth.configDir().resolve("config.json")).contains("pw-carol"));

            berth.ok("push", image);
            berth.ok("rmi", image);
            assertContains(berth.ok("pull", image), "Status: Downloaded newer image for " + image);
            berth.ok("logout", reg.host());
            assertTrue(!Files.exists(bin.resolve("stored.json")), "logout erases the helper's entry");
        }
    }

    @Test
    void bearerTokensFromARealmInFrontOfTheRegistry() throws Exception {
        try (TokenServer tokens = new TokenServer("bob", "pw-bob"); CncfRegistry reg = CncfRegistry.token(tokens)) {
            BerthCli berth = berthd.berth();
            String image = reg.host() + "/tok/bb:v1";
            Images.busybox().importInto(berth, image);
            assertContains(berth.run(List.of("push", image)).assertFailure(), "unauthorized");
            berth.withStdin("wrong".getBytes()).run(List.of("login", "-u", "bob", "--password-stdin", reg.host())).assertFailure();
            assertContains(berth.withStdin("pw-bob".getBytes()).ok("login", "-u", "bob", "--password-stdin", reg.host()),
                    "Login Succeeded");
            String digest = digestOf(berth.ok("push", image));
            berth.ok("rmi", image);
            assertContains(berth.ok("pull", image), "Digest: " + digest);
            assertTrue(tokens.issued.get() >= 2, "tokens were issued");

            DockerCli docker = berthd.docker();
            docker.withStdin("pw-bob".getBytes()).ok("login", "-u", "bob", "--password-stdin", reg.host());
            docker.ok("rmi", image);
            assertContains(docker.ok("pull", image), "Status: Downloaded newer image for " + image);
        }
    }
}

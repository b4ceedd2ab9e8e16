package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Builds with the real docker CLI 28 (classic builder: {@code DOCKER_BUILDKIT=0}) and the berth CLI against
 * berthd: every step's output, the result's config and files, a fully cached rebuild, a changed file that rebuilds
 * from its COPY on and not before, multi-stage with {@code --target}, build args, a failing RUN and a broken
 * Dockerfile with docker's messages and exit codes, and no step container left behind.
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.BUSYBOX, Tool.RUNC, Tool.CONMON})
class BuildDockerCliIT {
    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();

    static DockerCli docker;

    @BeforeAll
    static void image() throws IOException {
        docker = berthd.docker().withEnv("DOCKER_BUILDKIT", "0");
        Images.busybox().importInto(docker);
    }

    @AfterEach
    void noStepContainerIsLeft() {
        assertEquals(List.of(), docker.ok("ps", "-aq").stdoutLines());
    }

    private Path context(String name, String dockerfile) throws IOException {
        Path dir = Files.createDirectories(berthd.root().resolve("ctx-" + name));
        Files.writeString(dir.resolve("Dockerfile"), dockerfile);
        return dir;
    }

    @Test
    void buildsRunsAndCachesAsDockerDoes() throws IOException {
        Path ctx = context("app", """
                FROM busybox
                ARG GREETING=hello
                ENV APP=/app
                WORKDIR $APP
                COPY msg.txt ./
                COPY conf/ conf/
                RUN echo "$GREETING from $(cat msg.txt)" > out.txt
                EXPOSE 8080
                LABEL team=core
                USER 1000:1000
                VOLUME /data
                CMD ["cat", "/app/out.txt"]
                """);
        Files.writeString(ctx.resolve("msg.txt"), "world\n");
        Files.createDirectories(ctx.resolve("conf/sub"));
        Files.writeString(ctx.resolve("conf/a.conf"), "a\n");
        Files.writeString(ctx.resolve("conf/sub/b.conf"), "b\n");
        Files.writeString(ctx.resolve("secret.txt"), "not for the image\n");
        Files.writeString(ctx.resolve(".dockerignore"), "secret.txt\n");

        CliResult first = docker.ok("build", "-t", "app:1", ctx.toString());
        String out = first.stdout();
        assertTrue(out.contains("Step 1/12 : FROM busybox\n"), out);
        assertTrue(out.contains("Step 7/12 : RUN echo \"$GREETING from $(cat msg.txt)\" > out.txt\n ---> Running in "), out);
        assertTrue(out.contains("Successfully tagged app:1\n"), out);
        assertFalse(out.contains("Using cache"), out);

        assertEquals("hello from world\n", docker.ok("run", "--rm", "app:1").stdout());
        assertEquals("/app/conf/a.conf\n/app/conf/sub/b.conf\n", docker.ok("run", "--rm", "app:1", "sh", "-c", "find /app/conf -type f | sort").stdout());
        assertEquals(1, docker.run("run", "--rm", "app:1", "test", "-e", "/app/secret.txt").exitCode(), ".dockerignore'd");
        assertEquals("[APP=/app PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin] /app 1000:1000 map[8080/tcp:{}] map[/data:{}] map[team:core] [cat /app/out.txt]",
                docker.ok("image", "inspect", "--format",
                        "{{.Config.Env}} {{.Config.WorkingDir}} {{.Config.User}} {{.Config.ExposedPorts}} {{.Config.Volumes}} {{.Config.Labels}} {{.Config.Cmd}}",
                        "app:1").stdout().strip().replace("[PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin APP=/app]",
                        "[APP=/app PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin]"));
        String id = docker.ok("image", "inspect", "--format", "{{.Id}}", "app:1").stdout().strip();

        CliResult cached = docker.ok("build", "-t", "app:1", ctx.toString());
        assertEquals(11, cached.stdout().split(" ---> Using cache", -1).length - 1, cached.stdout());
        assertEquals(id, docker.ok("image", "inspect", "--format", "{{.Id}}", "app:1").stdout().strip());

        // one changed file: its COPY and what follows rebuild, nothing before
        Files.writeString(ctx.resolve("conf/sub/b.conf"), "b2\n");
        String again = docker.ok("build", "-t", "app:2", ctx.toString()).stdout();
        assertEquals(4, again.split(" ---> Using cache", -1).length - 1, again); // ARG, ENV, WORKDIR, COPY msg.txt
        assertTrue(again.contains("Step 6/12 : COPY conf/ conf/\n ---> ") && !again.contains("Step 6/12 : COPY conf/ conf/\n ---> Using cache"), again);
        assertEquals("b2\n", docker.ok("run", "--rm", "app:2", "cat", "/app/conf/sub/b.conf").stdout());

        // a build arg busts the RUN that uses it; history shows each step
        String hi = docker.ok("build", "--build-arg", "GREETING=hi", "-t", "app:3", ctx.toString()).stdout();
        assertTrue(hi.contains("Step 7/12 : RUN echo \"$GREETING from $(cat msg.txt)\" > out.txt\n ---> Running in "), hi);
        assertEquals("hi from world\n", docker.ok("run", "--rm", "app:3").stdout());
        List<String> history = docker.ok("history", "--no-trunc", "--format", "{{.CreatedBy}}", "app:3").stdoutLines();
        assertEquals("/bin/sh -c #(nop)  CMD [\"cat\" \"/app/out.txt\"]", history.getFirst());
        assertTrue(history.contains("|1 GREETING=hi /bin/sh -c echo \"$GREETING from $(cat msg.txt)\" > out.txt"), history.toString());

        // rmi takes the intermediate images with it; the others' stay
        assertFalse(docker.ok("images", "--format", "{{.Repository}}").stdoutLines().contains("<none>"));
        docker.ok("rmi", "app:3");
        assertEquals("hello from world\n", docker.ok("run", "--rm", "app:1").stdout());
    }

    @Test
    void multiStageTargetAndTheBerthCli() throws IOException {
        Path ctx = context("multi", """
                ARG BASE=busybox
                FROM $BASE AS builder
                RUN mkdir /out && echo built > /out/artifact
                FROM busybox AS unused
                RUN exit 1
                FROM busybox AS final
                COPY --from=builder /out/artifact /artifact
                COPY --chmod=0640 --chown=1:1 <<EOF /etc/app.conf
                key=value
                EOF
                CMD ["cat", "/artifact"]
                FROM final AS debug
                ENV DEBUG=1
                """);
        BerthCli berth = berthd.berth();
        CliResult b = berth.ok("build", "--target", "final", "-t", "multi", "--iidfile", berthd.root().resolve("iid").toString(), ctx.toString());
        assertFalse(b.stdout().contains("exit 1"), "the stage the target does not need is not built: " + b.stdout());
        assertEquals("built\n", docker.ok("run", "--rm", "multi").stdout());
        assertEquals("640 1:1 key=value\n", docker.ok("run", "--rm", "multi", "sh", "-c",
                "stat -c '%a %u:%g' /etc/app.conf | tr '\\n' ' '; cat /etc/app.conf").stdout());
        assertEquals(docker.ok("image", "inspect", "--format", "{{.Id}}", "multi").stdout().strip(),
                Files.readString(berthd.root().resolve("iid")));
        assertEquals("sha256:", berth.ok("build", "-q", "--target", "debug", ctx.toString()).stdout().substring(0, 7));
    }

    @Test
    void runMountsCacheAndBind() throws IOException {
        Path ctx = context("mounts", """
                FROM busybox
                RUN --mount=type=cache,target=/cache echo run >> /cache/runs && wc -l < /cache/runs > /count
                RUN --mount=type=bind,source=data.txt,target=/mnt/data.txt cat /mnt/data.txt > /copied
                RUN --mount=type=tmpfs,target=/scratch touch /scratch/x && ls /scratch > /listed
                """);
        Files.writeString(ctx.resolve("data.txt"), "bound\n");
        docker.ok("build", "-t", "mounts", ctx.toString());
        docker.ok("build", "--no-cache", "-t", "mounts", ctx.toString());
        assertEquals("2\nbound\nx\n", docker.ok("run", "--rm", "mounts", "cat", "/count", "/copied", "/listed").stdout(),
                "the cache mount outlives a build; the bound file and the tmpfs are not in the image");
        assertEquals(1, docker.run("run", "--rm", "mounts", "test", "-e", "/cache/runs").exitCode());
        // a changed bound file busts its RUN
        Files.writeString(ctx.resolve("data.txt"), "changed\n");
        docker.ok("build", "-t", "mounts", ctx.toString());
        assertEquals("changed\n", docker.ok("run", "--rm", "mounts", "cat", "/copied").stdout());
    }

    @Test
    void addFetchesAUrlOnLoopback() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/files/tool.sh", ex -> {
            byte[] body = "#!/bin/sh\necho fetched\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/tool.sh";
            Path ctx = context("url", "FROM busybox\nADD " + url + " /opt/\nADD " + url + " /renamed.sh\n");
            docker.ok("build", "-t", "fetched", ctx.toString());
            assertEquals("600 #!/bin/sh\n600\n", docker.ok("run", "--rm", "fetched", "sh", "-c",
                    "stat -c '%a' /opt/tool.sh | tr '\\n' ' '; head -1 /opt/tool.sh; stat -c '%a' /renamed.sh").stdout());
            Path missing = context("url404", "FROM busybox\nADD http://127.0.0.1:" + server.getAddress().getPort() + "/nothere /x\n");
            CliResult failed = docker.run("build", missing.toString());
            assertEquals(1, failed.exitCode(), failed.describe());
            assertTrue(failed.stderr().contains("404"), failed.describe());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aDockerfileFromOutsideTheContextOrStdinIsNotInTheContext() throws IOException {
        Path ctx = Files.createDirectories(berthd.root().resolve("ctx-outside"));
        Files.writeString(ctx.resolve("a.txt"), "a\n");
        String dockerfile = "FROM busybox\nCOPY . /ctx/\nCMD [\"ls\", \"-A\", \"/ctx\"]\n";
        Path outside = Files.writeString(berthd.root().resolve("outside.Dockerfile"), dockerfile);
        BerthCli berth = berthd.berth();
        List<String> sending = new java.util.ArrayList<>();
        for (Cli cli : List.<Cli>of(docker, berth)) {
            String out = cli.ok("build", "--no-cache", "-f", outside.toString(), "-t", "outside", ctx.toString()).stdout();
            sending.add(out.substring(0, out.indexOf("Step 1/")).replaceFirst("daemon  \\d+(\\.\\d+)?kB", "daemon  SIZE"));
            assertEquals("a.txt\n", docker.ok("run", "--rm", "outside").stdout(), "-f outside the context");
            cli.withStdin(dockerfile.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .ok("build", "--no-cache", "-f", "-", "-t", "stdin", ctx.toString());
            assertEquals("a.txt\n", docker.ok("run", "--rm", "stdin").stdout(), "-f -");
        }
        assertEquals("Sending build context to Docker daemon  SIZE\r\r\n", sending.get(0), "what docker CLI 28 prints");
        assertEquals(sending.get(0), sending.get(1), "berth prints it as docker does");
        // a Dockerfile and .dockerignore in the context leave it when .dockerignore lists them, as dockerd does
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
        Files.writeString(ctx.resolve(".dockerignore"), "Dockerfile\n.dockerignore\n");
        for (Cli cli : List.<Cli>of(docker, berth)) {
            cli.ok("build", "--no-cache", "-t", "ignored", ctx.toString());
            assertEquals("a.txt\n", docker.ok("run", "--rm", "ignored").stdout(), ".dockerignore'd Dockerfile");
        }
        Files.writeString(ctx.resolve(".dockerignore"), "*.md\n");
        docker.ok("build", "--no-cache", "-t", "kept", ctx.toString());
        assertEquals(".dockerignore\nDockerfile\na.txt\n", docker.ok("run", "--rm", "kept").stdout());
        assertEquals(1, berth.run("build", "-f", "-", "-").exitCode(), "stdin for both context and Dockerfile");
    }

    @Test
    void failuresNameTheLineOrTheCommandAndLeaveNothingBehind() throws IOException {
        Path failing = context("failing", "FROM busybox\nRUN echo before && exit 3\n");
        CliResult run = docker.run("build", failing.toString());
        assertEquals(3, run.exitCode(), run.describe());
        assertTrue(run.stderr().contains("The command '/bin/sh -c echo before && exit 3' returned a non-zero code: 3"), run.describe());
        assertTrue(run.stdout().contains("before\n"), run.describe());

        Path broken = context("broken", "FROM busybox\nRUN true\nFOO bar\n");
        CliResult parse = docker.run("build", broken.toString());
        assertEquals(1, parse.exitCode(), parse.describe());
        assertTrue(parse.stderr().contains("dockerfile parse error line 3: unknown instruction: FOO"), parse.describe());
        CliResult viaBerth = berthd.berth().run("build", broken.toString());
        assertEquals(1, viaBerth.exitCode(), viaBerth.describe());
        assertTrue(viaBerth.stderr().contains("dockerfile parse error line 3: unknown instruction: FOO"), viaBerth.describe());

        Path missingStage = context("stage", "FROM busybox\nCOPY --from=nowhere /x /x\n");
        CliResult stage = docker.run("build", missingStage.toString());
        assertEquals(1, stage.exitCode(), stage.describe());
        Path missingFile = context("file", "FROM busybox\nCOPY nothere /x\n");
        CliResult file = docker.run("build", missingFile.toString());
        assertTrue(file.stderr().contains("nothere"), file.describe());
    }

    @Test
    void independentStagesBuildAtOnceWithSecretsAndMountsFromStages() throws IOException {
        // stages a and b each wait for the other's mark in a shared cache mount: the build ends only if they run at once
        String wait = "--mount=type=cache,id=sync-$RUN,target=/sync touch /sync/%s && for i in $(seq 200); do [ -e /sync/%s ] && exit 0; sleep 0.05; done; exit 1";
        Path ctx = context("parallel", """
                FROM busybox AS a
                ARG RUN
                RUN %s
                RUN echo a > /a
                FROM busybox AS b
                ARG RUN
                RUN %s
                RUN echo b > /b
                FROM busybox
                COPY --from=a /a /a
                RUN --mount=type=bind,from=b,source=/b,target=/mnt/b cat /a /mnt/b > /both
                RUN --mount=type=secret,id=token,required=true wc -c < /run/secrets/token > /secret-size
                RUN --mount=type=secret,id=absent ls /run/secrets 2>/dev/null | wc -l > /absent
                """.formatted(wait.formatted("a", "b"), wait.formatted("b", "a")));
        Path secret = Files.writeString(berthd.root().resolve("token.txt"), "s3cr3t-value");
        String run = Long.toString(System.nanoTime());
        BerthCli berth = berthd.berth();
        CliResult b = berth.withTimeout(java.time.Duration.ofSeconds(120)).run("build", "--build-arg", "RUN=" + run,
                "--secret", "id=token,src=" + secret, "-t", "parallel", ctx.toString());
        assertEquals(0, b.exitCode(), b.describe());
        List<Integer> steps = b.stdoutLines().stream().filter(l -> l.startsWith("Step ")).map(l -> Integer.parseInt(l.split("[ /]")[1])).toList();
        assertEquals(java.util.stream.IntStream.rangeClosed(1, 13).boxed().toList(), steps, "steps shown in order: " + b.stdout());
        assertEquals("a\nb\n12\n0\n", docker.ok("run", "--rm", "parallel", "cat", "/both", "/secret-size", "/absent").stdout());
        assertEquals(1, docker.run("run", "--rm", "parallel", "test", "-e", "/run/secrets").exitCode(), "no mount stub in the image");
        byte[] saved = docker.ok("save", "parallel").stdoutBytes();
        assertFalse(new String(saved, java.nio.charset.StandardCharsets.ISO_8859_1).contains("s3cr3t-value"), "the secret is in no layer");

        CliResult missing = berth.run("build", "--build-arg", "RUN=" + run, ctx.toString());
        assertEquals(1, missing.exitCode(), missing.describe());
        assertTrue(missing.stderr().contains("secret token: not found"), missing.describe());

        // --no-cache-filter b: a comes from the cache, b and what uses it are built again
        CliResult again = berth.run("build", "--build-arg", "RUN=" + run, "--secret", "id=token,src=" + secret,
                "--no-cache-filter", "b", ctx.toString());
        assertEquals(0, again.exitCode(), again.describe());
        String out = again.stdout();
        String stageA = out.substring(out.indexOf("Step 1/"), out.indexOf("Step 5/"));
        String stageB = out.substring(out.indexOf("Step 5/"), out.indexOf("Step 9/"));
        assertEquals(3, stageA.split("Using cache", -1).length - 1, out);
        assertFalse(stageB.contains("Using cache"), out);
        assertTrue(out.substring(out.indexOf("Step 11/")).contains("Running in"), "the RUN bound to b's files runs again: " + out);
    }
}

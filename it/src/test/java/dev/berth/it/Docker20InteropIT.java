package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images move between Docker 20.10 and berth through {@code docker save} / {@code docker load} in both
 * directions, keeping their ids, layers and tags, and still run in Docker afterwards.
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.DOCKERD, Tool.BUSYBOX})
class Docker20InteropIT {
    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();

    @RegisterExtension
    static final Docker20 docker20 = new Docker20();

    static final String APP = "interop/app:v1";

    /** A three-layer image built by Docker 20.10's own builder: busybox, a RUN layer and a COPY layer. */
    @BeforeAll
    static void buildInDocker20(@TempDir Path ctx) throws Exception {
        DockerCli docker = docker20.docker();
        Images.busybox().importInto(docker);
        Files.writeString(ctx.resolve("Dockerfile"), """
                FROM busybox:latest
                RUN mkdir -p /data && echo built-by-docker > /data/run.txt && ln -s run.txt /data/link
                COPY hello.txt /data/hello.txt
                ENV GREETING=hello
                CMD ["cat", "/data/hello.txt"]
                """);
        Files.writeString(ctx.resolve("hello.txt"), "hello from the context\n");
        docker.withEnv("DOCKER_BUILDKIT", "0").ok("build", "-t", APP, ctx.toString());
    }

    @Test
    void imageSavedByDocker20LoadsIntoBerthWithTheSameIdAndLayers() {
        DockerCli d20 = docker20.docker();
        byte[] archive = d20.ok("save", APP).stdoutBytes();
        DockerCli berth = berthd.docker();
        String loaded = berth.withStdin(archive).ok("load").stdout();
        assertTrue(loaded.contains("Loaded image: " + APP), loaded);

        String format = "{{.Id}} {{json .RootFS.Layers}} {{json .Config.Cmd}} {{json .Config.Env}}";
        assertEquals(d20.ok("image", "inspect", "--format", format, APP).stdout(),
                berth.ok("image", "inspect", "--format", format, APP).stdout());
        assertEquals(d20.ok("history", "--format", "{{.CreatedBy}}", "--no-trunc", APP).stdout(),
                berth.ok("history", "--format", "{{.CreatedBy}}", "--no-trunc", APP).stdout());
    }

    @Test
    void imageSavedByBerthLoadsIntoDocker20AndRuns() {
        DockerCli berth = berthd.docker();
        DockerCli d20 = docker20.docker();
        berth.withStdin(d20.ok("save", APP).stdoutBytes()).ok("load");
        berth.ok("tag", APP, "interop/from-berth:v2");
        String id = berth.ok("image", "inspect", "--format", "{{.Id}}", APP).stdout().strip();

        byte[] archive = berth.ok("save", "interop/from-berth:v2").stdoutBytes();
        String out = d20.withStdin(archive).ok("load").stdout();
        assertTrue(out.contains("interop/from-berth:v2"), out);
        assertEquals(id, d20.ok("image", "inspect", "--format", "{{.Id}}", "interop/from-berth:v2").stdout().strip());
        assertEquals("hello from the context",
                d20.ok("run", "--rm", "--network", "none", "interop/from-berth:v2").stdout().strip());
        assertEquals("built-by-docker", d20.ok("run", "--rm", "--network", "none", "interop/from-berth:v2",
                "cat", "/data/link").stdout().strip());
    }

    @Test
    void busyboxImportedByBothHasTheSameLayer() {
        Images.ImageTar bb = Images.busybox();
        bb.importInto(berthd.docker(), "same:layer");
        bb.importInto(docker20.docker(), "same:layer");
        String format = "{{json .RootFS.Layers}} {{.Os}} {{.Architecture}} {{json .Config.Cmd}}";
        assertEquals(docker20.docker().ok("image", "inspect", "--format", format, "same:layer").stdout(),
                berthd.docker().ok("image", "inspect", "--format", format, "same:layer").stdout());
    }
}

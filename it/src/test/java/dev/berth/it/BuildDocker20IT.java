package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Differential builds: the same Dockerfiles and contexts built by berthd and by Docker 20.10's classic builder (both
 * through the docker CLI 28, {@code DOCKER_BUILDKIT=0}) give the same image config and the same files: paths, types,
 * modes, owners, sizes, contents and link targets of the whole root filesystem (read with {@code docker export}).
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.DOCKERD, Tool.BUSYBOX, Tool.RUNC, Tool.CONMON})
class BuildDocker20IT {
    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();
    @RegisterExtension
    static final Docker20 docker20 = new Docker20();

    static final String CONFIG = "{{json .Config.Env}} {{json .Config.Cmd}} {{json .Config.Entrypoint}} {{json .Config.WorkingDir}} "
            + "{{json .Config.User}} {{json .Config.ExposedPorts}} {{json .Config.Volumes}} {{json .Config.Labels}} "
            + "{{json .Config.StopSignal}} {{json .Config.Healthcheck}} {{json .Config.Shell}} {{json .Config.OnBuild}}";

    /** Each case: a Dockerfile, then context files as name, content pairs. */
    static final Map<String, List<String>> CASES = new TreeMap<>(Map.of(
            "metadata", List.of("""
                    FROM busybox
                    ARG VERSION=1.2
                    ENV APP_VERSION=$VERSION APP_HOME=/srv/app
                    ENV PATH=$APP_HOME/bin:$PATH
                    LABEL org.example.version="$VERSION" description="two words"
                    EXPOSE 8080 9090/udp
                    USER 1000:1000
                    WORKDIR $APP_HOME
                    WORKDIR sub
                    CMD echo "$APP_VERSION"
                    """),
            "entrypoint", List.of("""
                    FROM busybox
                    CMD ["--help"]
                    ENTRYPOINT ["/bin/echo", "hi"]
                    STOPSIGNAL SIGQUIT
                    HEALTHCHECK --interval=5s --timeout=3s --retries=4 CMD wget -q -O- http://localhost/ || exit 1
                    SHELL ["/bin/sh", "-ec"]
                    ONBUILD RUN echo child
                    VOLUME ["/data", "/logs"]
                    """),
            "copies", List.of("""
                    FROM busybox
                    COPY a.txt /a.txt
                    COPY a.txt b.txt /multi/
                    COPY dir /dir-contents/
                    COPY dir/nested/*.conf /confs/
                    COPY --chown=1000:1000 a.txt /owned/a.txt
                    COPY --chown=nobody a.txt /named/
                    ADD archive.tar /unpacked/
                    WORKDIR /w
                    COPY a.txt renamed.txt
                    """, "a.txt", "alpha\n", "b.txt", "beta\n", "dir/one", "1\n", "dir/nested/x.conf", "x\n",
                    "dir/nested/y.conf", "y\n", "dir/nested/z.txt", "z\n"),
            "runs", List.of("""
                    FROM busybox
                    RUN mkdir -p /opt/tool/bin && echo '#!/bin/sh' > /opt/tool/bin/run && chmod 0750 /opt/tool/bin/run \\
                        && ln -s /opt/tool/bin/run /usr/bin/tool && echo 'worker:x:2000:2000::/home/worker:/bin/sh' >> /etc/passwd
                    RUN rm -rf /opt/tool/bin/run /etc/motd && touch /opt/tool/removed-later && chown 2000:2000 /opt/tool
                    RUN rm /opt/tool/removed-later
                    ARG FLAVOUR=plain
                    RUN echo "$FLAVOUR" > /flavour
                    """),
            "stages", List.of("""
                    ARG BASE=busybox
                    FROM $BASE AS build
                    WORKDIR /src
                    COPY a.txt .
                    RUN cat a.txt a.txt > doubled.txt
                    FROM busybox
                    COPY --from=build /src/doubled.txt /out/
                    COPY --from=0 /src /whole-src
                    CMD ["cat", "/out/doubled.txt"]
                    """, "a.txt", "alpha\n")));

    @BeforeAll
    static void images() {
        Images.busybox().importInto(berthd.docker());
        Images.busybox().importInto(docker20.docker());
    }

    @Test
    void berthBuildsWhatDockerBuilds() throws Exception {
        for (Map.Entry<String, List<String>> c : CASES.entrySet()) {
            Path ctx = context(c.getKey(), c.getValue());
            Map<String, String> berthFiles = null;
            String berthConfig = null;
            for (DockerCli cli : List.of(berthd.docker(), docker20.docker())) {
                DockerCli d = cli.withEnv("DOCKER_BUILDKIT", "0");
                d.ok("build", "--network", "none", "-t", "diff-" + c.getKey(), ctx.toString());
                String config = d.ok("image", "inspect", "--format", CONFIG, "diff-" + c.getKey()).stdout().strip();
                Map<String, String> files = files(d, "diff-" + c.getKey());
                if (berthConfig == null) {
                    berthConfig = config;
                    berthFiles = files;
                } else {
                    assertEquals(config, berthConfig, c.getKey() + ": the image config (Docker 20.10 first)");
                    assertEquals(String.join("\n", files.values()), String.join("\n", berthFiles.values()),
                            c.getKey() + ": the files (Docker 20.10 first)");
                }
            }
        }
    }

    private static Path context(String name, List<String> c) throws IOException {
        Path dir = Files.createDirectories(berthd.root().resolve("diff-" + name));
        Files.writeString(dir.resolve("Dockerfile"), c.getFirst());
        for (int i = 1; i < c.size(); i += 2) {
            Path f = dir.resolve(c.get(i));
            Files.createDirectories(f.getParent());
            Files.writeString(f, c.get(i + 1));
        }
        if (c.getFirst().contains("archive.tar")) {
            Path src = Files.createDirectories(dir.resolve("tarsrc/inner"));
            Files.writeString(src.resolve("file"), "in the archive\n");
            CliResult tar = ProcessRunner.run(List.of("tar", "-C", dir.resolve("tarsrc").toString(), "--owner=7", "--group=8",
                    "-cf", dir.resolve("archive.tar").toString(), "inner"), Map.of("PATH", "/usr/bin:/bin"), null, java.time.Duration.ofSeconds(30));
            assertEquals(0, tar.exitCode(), tar.describe());
            Files.writeString(dir.resolve(".dockerignore"), "tarsrc\n");
        }
        return dir;
    }

    /** The image's root filesystem as {@code path type mode uid:gid size target sha256}, by path, without what a container adds. */
    private static Map<String, String> files(DockerCli d, String image) throws Exception {
        String id = d.ok("create", image).stdout().strip();
        Path tar = berthd.root().resolve("export.tar");
        try {
            d.ok("export", "-o", tar.toString(), id);
        } finally {
            d.ok("rm", id);
        }
        Map<String, String> out = new TreeMap<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) {
                String name = e.getName().replaceAll("/$", "");
                if (name.equals(".dockerenv") || name.startsWith("dev") || name.startsWith("proc") || name.startsWith("sys")
                        || name.equals("etc/hostname") || name.equals("etc/hosts") || name.equals("etc/resolv.conf")
                        || name.equals("etc/mtab")) {
                    continue;
                }
                String type = e.isSymbolicLink() ? "l" : e.isDirectory() ? "d" : e.isLink() ? "h" : "f";
                String hash = "";
                if (e.isFile() && !e.isLink()) {
                    hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(t.readAllBytes()));
                }
                out.put(name, name + " " + type + " " + Integer.toOctalString(e.getMode() & 07777) + " " + e.getLongUserId() + ":"
                        + e.getLongGroupId() + " " + (e.isDirectory() ? 0 : e.getSize()) + " " + e.getLinkName() + " " + hash);
            }
        }
        Files.delete(tar);
        return out;
    }
}

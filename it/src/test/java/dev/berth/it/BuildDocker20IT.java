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

    /** Each case: a Dockerfile, then a shell script that makes the rest of the context (run in the context dir). */
    static final Map<String, List<String>> CASES = new TreeMap<>();

    private static void add(String name, String dockerfile, String setup) {
        CASES.put(name, List.of(dockerfile, setup));
    }

    static {
        add("metadata", """
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
                """, "");
        add("entrypoint", """
                FROM busybox
                CMD ["--help"]
                ENTRYPOINT ["/bin/echo", "hi"]
                STOPSIGNAL SIGQUIT
                HEALTHCHECK --interval=5s --timeout=3s --retries=4 CMD wget -q -O- http://localhost/ || exit 1
                SHELL ["/bin/sh", "-ec"]
                ONBUILD RUN echo child
                VOLUME ["/data", "/logs"]
                """, "");
        add("copies", """
                FROM busybox
                COPY a.txt /a.txt
                COPY a.txt b.txt /multi/
                COPY dir /dir-contents/
                COPY dir/nested/*.conf /confs/
                COPY --chown=1000:1000 a.txt /owned/a.txt
                COPY --chown=nobody a.txt /named/
                ADD archive.tar /unpacked/
                ADD b.txt /added/
                WORKDIR /w
                COPY a.txt renamed.txt
                """, "echo alpha > a.txt; echo beta > b.txt; mkdir -p dir/nested tarsrc/inner; echo 1 > dir/one; "
                + "echo x > dir/nested/x.conf; echo y > dir/nested/y.conf; echo z > dir/nested/z.txt; echo in > tarsrc/inner/file; "
                + "tar -C tarsrc --owner=7 --group=8 -cf archive.tar inner; echo tarsrc > .dockerignore");
        add("runs", """
                FROM busybox
                RUN mkdir -p /opt/tool/bin && echo '#!/bin/sh' > /opt/tool/bin/run && chmod 0750 /opt/tool/bin/run \\
                    && ln -s /opt/tool/bin/run /usr/bin/tool && echo 'worker:x:2000:2000::/home/worker:/bin/sh' >> /etc/passwd
                RUN rm -rf /opt/tool/bin/run /etc/motd && touch /opt/tool/removed-later && chown 2000:2000 /opt/tool
                RUN rm /opt/tool/removed-later
                ARG FLAVOUR=plain
                RUN echo "$FLAVOUR" > /flavour
                USER nobody
                RUN touch /tmp/by-nobody
                """, "");
        add("stages", """
                ARG BASE=busybox
                FROM $BASE AS build
                WORKDIR /src
                COPY a.txt .
                RUN cat a.txt a.txt > doubled.txt
                FROM busybox
                COPY --from=build /src/doubled.txt /out/
                COPY --from=0 /src /whole-src
                CMD ["cat", "/out/doubled.txt"]
                """, "echo alpha > a.txt");
        add("expansion", """
                ARG TAG=busybox
                FROM ${TAG}
                ARG EMPTY=
                ARG NAME
                ENV GREETING="hello world" LITERAL='$NOT_EXPANDED' ESCAPED=\\$HOME
                ENV WITH_DEFAULT=${EMPTY:-fallback} WITH_ALT=${GREETING:+set} UNSET_ALT=${NAME:+x}
                LABEL combined="${GREETING} / ${WITH_DEFAULT}"
                RUN echo "$GREETING|$LITERAL|$ESCAPED|$WITH_DEFAULT|$WITH_ALT|$UNSET_ALT" > /vars
                """, "");
        add("modes-and-links", """
                FROM busybox
                COPY ctx/ /ctx/
                COPY link /single-link
                """, "mkdir -p ctx/private ctx/empty; echo s > ctx/private/secret; chmod 0600 ctx/private/secret; chmod 0700 ctx/private; "
                + "echo x > ctx/tool; chmod 0755 ctx/tool; ln -s tool ctx/tool-link; ln ctx/tool ctx/tool-hard; ln -s ctx/tool link");
        add("wildcards", """
                FROM busybox
                COPY *.txt /texts/
                COPY d?r /globbed/
                COPY [ab].md /md/
                """, "echo 1 > one.txt; echo 2 > two.txt; echo n > no.log; mkdir dir; echo d > dir/f; echo a > a.md; echo c > c.md");
        add("escape-directive", """
                # escape=`
                FROM busybox
                RUN echo one `
                    two > /joined
                ENV WIN=C:\\path
                """, "");
        add("expose-and-volumes", """
                FROM busybox
                EXPOSE 80/tcp 53/udp
                EXPOSE 7000-7002
                VOLUME /a /b
                RUN mkdir -p /a && echo discarded > /a/f
                """, "");
        add("shell-forms", """
                FROM busybox
                ENTRYPOINT echo entry
                CMD ["ignored"]
                """, "");
        add("overwrites", """
                FROM busybox
                COPY passwd-extra /tmp/
                RUN cat /tmp/passwd-extra >> /etc/passwd && rm /tmp/passwd-extra
                COPY new.txt /etc/motd
                RUN chmod 0640 /etc/motd && rmdir /home 2>/dev/null; mkdir -p /home/dev && chown 1000:1000 /home/dev
                """, "echo 'dev:x:1000:1000::/home/dev:/bin/sh' > passwd-extra; echo motd > new.txt");
        add("maintainer", "FROM busybox\nMAINTAINER Jane Doe <jane@example.org>\nLABEL a=1 b=\"2 3\"\nLABEL a=override\n", "");
        add("arg-scope", """
                ARG OUTSIDE=global
                FROM busybox
                RUN echo "[$OUTSIDE]" > /before
                ARG OUTSIDE
                RUN echo "[$OUTSIDE]" > /after
                ARG LOCAL=one
                ARG LOCAL=two
                RUN echo "$LOCAL" > /local
                """, "");
        add("env-replace", "FROM busybox\nENV A=1 B=2\nENV A=3\nENV C=$A$B\n", "");
        add("user-workdir", "FROM busybox\nUSER nobody:nogroup\nWORKDIR /made/by/workdir\nRUN touch /tmp/mine\n", "");
        add("copy-dir-no-slash", "FROM busybox\nCOPY dir /nodest\nCOPY a.txt /etc\nCOPY a.txt /a/b/c/d/\n",
                "mkdir -p dir/sub; echo f > dir/sub/f; echo a > a.txt");
        add("copy-dot", "FROM busybox\nCOPY . /all/\n",
                "echo a > a.txt; mkdir -p keep skip; echo k > keep/k; echo s > skip/s; printf 'skip\\n*.log\\n' > .dockerignore; echo l > x.log");
        add("copy-dot-ignored-dockerfile", "FROM busybox\nCOPY . /ctx/\n",
                "echo a > a.txt; printf 'Dockerfile\\n.dockerignore\\n' > .dockerignore");
        add("add-gzip", "FROM busybox\nADD archive.tar.gz /x/\nADD plain.txt /x/\n",
                "mkdir -p src/d; echo in > src/d/f; tar -C src -czf archive.tar.gz d; echo p > plain.txt; echo src > .dockerignore");
        add("run-exec-form", "FROM busybox\nRUN [\"sh\", \"-c\", \"echo exec > /f\"]\nRUN true\n", "");
        add("healthcheck-none", """
                FROM busybox AS base
                HEALTHCHECK --interval=30s CMD true
                CMD ["sh", "-c", "echo base"]
                FROM base
                HEALTHCHECK NONE
                ENTRYPOINT ["/bin/echo"]
                """, "");
        add("onbuild-trigger", """
                FROM busybox AS parent
                ONBUILD RUN touch /triggered
                ONBUILD ENV FROM_TRIGGER=yes
                FROM parent
                RUN test -e /triggered
                """, "");
        add("workdir-env", "FROM busybox\nENV D=/data\nWORKDIR $D/sub\nWORKDIR ../other\nRUN pwd > /where\n", "");
        add("stopsignal-number", "FROM busybox\nSTOPSIGNAL 9\nVOLUME [\"/v1\"]\nVOLUME /v2 /v3\n", "");
        add("copy-chown-dir", "FROM busybox\nCOPY --chown=1234:5678 dir /owned-dir/\n",
                "mkdir -p dir/a/b; echo f > dir/a/b/f; chmod 0700 dir/a");
        add("symlinked-dest", "FROM busybox\nRUN mkdir /target && ln -s /target /link-dir\nCOPY a.txt /link-dir/\n", "echo a > a.txt");
        add("deletes", "FROM busybox\nRUN mkdir -p /d/e && touch /d/e/f /d/g\nRUN rm -r /d/e && rm /bin/vi\n", "");
        add("special-names", "FROM busybox\nCOPY . /names/\n",
                "touch 'with space.txt' 'ünïcödé.txt' '#hash' 'semi;colon'; echo x > .hidden");
        add("json-paths", "FROM busybox\nCOPY [\"a b.txt\", \"/dest dir/\"]\nWORKDIR /dest dir\n", "echo ab > 'a b.txt'");
        add("big-file", "FROM busybox\nCOPY big.bin /\nRUN cp /big.bin /copy.bin\n", "head -c 3000000 /dev/urandom > big.bin");
    }

    @BeforeAll
    static void images() {
        Images.busybox().importInto(berthd.docker());
        Images.busybox().importInto(docker20.docker());
    }

    @Test
    void berthBuildsWhatDockerBuilds() throws Exception {
        List<String> differences = new java.util.ArrayList<>();
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
                    if (!config.equals(berthConfig)) {
                        differences.add(c.getKey() + ": config\n  docker: " + config + "\n  berth:  " + berthConfig);
                    }
                    for (String path : new java.util.TreeSet<>(union(files.keySet(), berthFiles.keySet()))) {
                        String dockers = files.get(path);
                        String berths = berthFiles.get(path);
                        if (!java.util.Objects.equals(dockers, berths)) {
                            differences.add(c.getKey() + ": " + path + "\n  docker: " + dockers + "\n  berth:  " + berths);
                        }
                    }
                }
            }
        }
        assertEquals("", String.join("\n", differences), CASES.size() + " Dockerfiles, berth against Docker 20.10");
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static Path context(String name, List<String> c) throws IOException {
        Path dir = Files.createDirectories(berthd.root().resolve("diff-" + name));
        Files.writeString(dir.resolve("Dockerfile"), c.getFirst());
        if (!c.get(1).isEmpty()) {
            CliResult setup = ProcessRunner.run(List.of("sh", "-ec", "cd '" + dir + "' && " + c.get(1)),
                    Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), null, java.time.Duration.ofSeconds(30));
            assertEquals(0, setup.exitCode(), setup.describe());
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

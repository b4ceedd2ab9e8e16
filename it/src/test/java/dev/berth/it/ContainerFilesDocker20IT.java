package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same changes made in a container of berthd and of Docker 20.10, compared through the docker
 * CLI: {@code docker diff}, the entries {@code docker cp} sends, the stat it shows, and what
 * {@code docker commit} records.
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.DOCKERD, Tool.BUSYBOX, Tool.RUNC, Tool.CONMON})
class ContainerFilesDocker20IT {
    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();

    @RegisterExtension
    static final Docker20 docker20 = new Docker20();

    static final String SCRIPT = "rm /etc/group && echo x >> /etc/passwd && mkdir -p /new/deeper && touch /new/f"
            + " && rm -r /home && mkdir /home && touch /home/again && ln -s /etc /linked && chmod 700 /tmp";

    @TempDir
    Path tmp;

    @BeforeAll
    static void images() {
        Images.busybox().importInto(berthd.docker());
        Images.busybox().importInto(docker20.docker());
    }

    @AfterEach
    void removeContainers() {
        for (DockerCli d : List.of(berthd.docker(), docker20.docker())) {
            List<String> ids = d.ok("ps", "-aq").stdoutLines();
            if (ids.isEmpty()) continue;
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(ids);
            d.ok(rm.toArray(String[]::new));
        }
    }

    /**
     * The same lines. Compared sorted: the harness's Docker usually runs on vfs (its temp dir is on
     * overlayfs), whose naive diff lists a directory's entries in Go map order; on overlay2 Docker
     * lists them in walk order as berth does. A directory deleted and made again is left out for the
     * same reason: vfs reports it changed, overlay2 (and berth, on overlayfs) deleted, then added.
     */
    @Test
    void diffIsTheSame() {
        assertEquals(sorted(observe(docker20.docker(), this::diff)), sorted(observe(berthd.docker(), this::diff)));
    }

    private static List<String> sorted(String lines) {
        return lines.lines().sorted().toList();
    }

    @Test
    void cpSendsTheSameEntriesAndStat() {
        assertEquals(observe(docker20.docker(), this::cp), observe(berthd.docker(), this::cp));
    }

    @Test
    void commitRecordsTheSame() {
        assertEquals(observe(docker20.docker(), this::commit), observe(berthd.docker(), this::commit));
    }

    private interface Probe {
        String run(DockerCli d, String container) throws Exception;
    }

    private static String observe(DockerCli d, Probe probe) {
        d.ok("run", "--name", "probe", "--network", "none", "busybox", "sh", "-c", SCRIPT);
        try {
            return probe.run(d, "probe");
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            d.ok("rm", "-f", "probe");
        }
    }

    private String diff(DockerCli d, String c) {
        return d.ok("diff", c).stdout().lines().filter(l -> !l.contains("/home")).reduce("", (a, x) -> a + x + "\n");
    }

    private String cp(DockerCli d, String c) throws Exception {
        StringBuilder b = new StringBuilder();
        for (String path : List.of("/etc", "/etc/", "/etc/.", "/linked", "/linked/", "/new/f", "/", "/.")) {
            Path tar = tmp.resolve("cp.tar");
            Files.write(tar, d.ok("cp", c + ":" + path, "-").stdoutBytes());
            // Docker's init layer has /.dockerenv, berth's runtime does not make it (yet)
            List<String> names = tar(tar).lines().filter(l -> !l.endsWith("/.dockerenv")).limit(6).toList();
            b.append(path).append(" -> ").append(names).append('\n');
        }
        Path out = Files.createDirectories(tmp.resolve("out-" + System.nanoTime()));
        b.append(d.run("cp", c + ":/nope", out.toString()).stderr());
        return b.toString();
    }

    private String commit(DockerCli d, String c) {
        d.ok("commit", "-c", "CMD [\"cat\",\"/new/f\"]", "-c", "EXPOSE 80", "-c", "ENV A=b", "-m", "msg", "-a", "me", c, "cm:1");
        String inspect = d.ok("inspect", "-f", "{{.Author}}|{{.Comment}}|{{json .Config.Cmd}}|{{json .Config.Env}}|"
                + "{{json .Config.ExposedPorts}}|{{len .RootFS.Layers}}|{{.Parent}}", "cm:1").stdout();
        String history = d.ok("history", "--format", "{{.CreatedBy}}|{{.Comment}}", "--no-trunc", "cm:1").stdout();
        String empty = d.ok("commit", d.ok("create", "busybox").stdout().strip(), "cm:empty").stdout().isEmpty() ? "" : "ok";
        String emptyLayers = d.ok("inspect", "-f", "{{len .RootFS.Layers}}", "cm:empty").stdout();
        d.ok("rmi", "cm:1", "cm:empty");
        CliResult bad = d.run("commit", "-c", "FROM scratch", c, "cm:bad");
        return inspect.replaceAll("sha256:[0-9a-f]{64}", "<id>") + history + empty + emptyLayers
                + bad.exitCode() + " " + bad.stderr();
    }

    private static String tar(Path tar) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tar", "-tvf", tar.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        // keep type, mode and name; owners and times differ between two daemons by nature
        return out.lines().map(l -> {
            String[] f = l.split("\\s+", 6);
            return f.length < 6 ? l : f[0] + " " + f[5];
        }).reduce("", (a, x) -> a + x + "\n");
    }
}

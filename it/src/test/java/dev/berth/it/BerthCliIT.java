package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The berth CLI against a real berthd: a drop-in for docker, so for the same daemon state its
 * output is byte for byte what docker CLI 28 prints.
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.BUSYBOX})
class BerthCliIT {
    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();

    @BeforeAll
    static void images() {
        BerthCli berth = berthd.berth();
        Images.busybox().importInto(berth, "busybox:latest");
        berth.ok("tag", "busybox", "example.com:5000/team/app:1.0");
        berth.ok("tag", "busybox", "other:v2");
    }

    static List<List<String>> commands() {
        return List.of(
                List.of("images"),
                List.of("images", "-a", "--no-trunc"),
                List.of("images", "-q"),
                List.of("images", "busybox"),
                List.of("images", "--filter", "reference=oth*", "--format", "{{.Repository}}:{{.Tag}}"),
                List.of("images", "--format", "table {{.ID}}\t{{.Repository}}"),
                List.of("image", "inspect", "busybox"),
                List.of("image", "inspect", "--format", "{{json .RootFS}}", "other:v2"),
                List.of("history", "busybox"),
                List.of("history", "--no-trunc", "--format", "{{.ID}}|{{.Size}}|{{.Comment}}", "busybox"),
                List.of("system", "df"),
                List.of("inspect", "--format", "{{.Os}}", "busybox"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void printsWhatDockerPrints(List<String> args) {
        CliResult docker = berthd.docker().run(args);
        CliResult berth = berthd.berth().run(args);
        assertEquals(docker.exitCode(), berth.exitCode(), berth.describe());
        assertEquals(comparable(docker.stdout()), comparable(berth.stdout()), String.join(" ", args));
    }

    /**
     * Relative times move on between the two runs, and docker prints the repositories of one image
     * in Go's random map order: compare the rows below the header as a sorted list.
     */
    private static List<String> comparable(String out) {
        List<String> lines = out.replaceAll("(\\d+|About an?|Less than a) (seconds?|minutes?|hours?|second) ago", "AGO")
                .lines().toList();
        if (lines.size() < 2) return lines;
        List<String> rows = new java.util.ArrayList<>(lines.subList(1, lines.size()));
        java.util.Collections.sort(rows);
        rows.addFirst(lines.getFirst());
        return rows;
    }

    @Test
    void saveLoadRoundTripAndRmi() {
        BerthCli berth = berthd.berth();
        String id = berth.ok("image", "inspect", "--format", "{{.Id}}", "other:v2").stdout().strip();
        byte[] archive = berth.ok("save", "other:v2").stdoutBytes();
        List<String> rmi = berth.ok("rmi", "other:v2").stdoutLines();
        assertEquals(List.of("Untagged: other:v2"), rmi);
        String loaded = berth.withStdin(archive).ok("load").stdout();
        assertTrue(loaded.contains("Loaded image: other:v2"), loaded);
        assertEquals(id, berth.ok("image", "inspect", "--format", "{{.Id}}", "other:v2").stdout().strip());
    }

    @Test
    void errorsAndExitCodesMatchDocker() {
        for (String[] args : List.of(new String[] {"rmi", "nosuch"}, new String[] {"image", "inspect", "nosuch"},
                new String[] {"images", "--bogus"}, new String[] {"tag", "busybox"})) {
            CliResult docker = berthd.docker().run(args);
            CliResult berth = berthd.berth().run(args);
            assertEquals(docker.exitCode(), berth.exitCode(), String.join(" ", args) + "\n" + berth.describe());
            assertEquals(docker.stderr().replace("docker", "berth"), berth.stderr(), String.join(" ", args));
        }
    }

    @Test
    void saysInOneLineWhenTheDaemonIsNotRunning() {
        CliResult r = berthd.berth().withEnv("BERTH_HOST", "unix:///nonexistent/berth.sock").run("images");
        assertEquals(1, r.exitCode(), r.describe());
        assertEquals(1, r.stderr().strip().lines().count(), r.describe());
        assertTrue(r.stderr().contains("Cannot connect to the berth daemon at unix:///nonexistent/berth.sock"), r.describe());
    }
}

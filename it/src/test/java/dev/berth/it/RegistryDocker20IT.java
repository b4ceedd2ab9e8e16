package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * berth and Docker 20.10 exchange images through the CNCF registry: each pulls what the other
 * pushed (the same image ids on both sides), and a pull prints the same steps on both.
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.DOCKERD, Tool.CONTAINERD, Tool.BUSYBOX, Tool.DOCKER_REGISTRY, Tool.RUNC,
        Tool.CONMON})
class RegistryDocker20IT {
    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();
    @RegisterExtension
    static final Docker20 docker20 = new Docker20();

    /**
     * Output with layer ids, digests and sizes masked, for comparison, without the statuses dockerd shows only when a
     * watcher catches them (its transfers keep the last progress, so a quick download skips "Verifying Checksum").
     */
    private static List<String> skeleton(CliResult r) {
        return r.stdoutLines().stream()
                .filter(l -> !l.endsWith(": Verifying Checksum") && !l.endsWith(": Waiting"))
                .map(l -> l.replaceAll("sha256:[0-9a-f]{64}", "<digest>").replaceAll("^[0-9a-f]{12}:", "<layer>:")
                        .replaceAll("size: \\d+", "size: <n>"))
                .toList();
    }

    private static String id(DockerCli cli, String image) {
        return cli.ok("image", "inspect", "--format", "{{.Id}}", image).stdout().strip();
    }

    @Test
    void eachPullsWhatTheOtherPushedAndPrintsTheSameSteps() throws Exception {
        try (CncfRegistry reg = CncfRegistry.open()) {
            DockerCli docker = docker20.docker();
            DockerCli berth = berthd.docker();
            String fromDocker = reg.host() + "/x/from-docker:v1";
            String fromBerth = reg.host() + "/x/from-berth:v1";
            Images.busybox().importInto(docker, fromDocker);
            Images.busybox().importInto(berth, fromBerth);
            String dockerId = id(docker, fromDocker);
            String berthId = id(berth, fromBerth);
            CliResult dockerPush = docker.ok("push", fromDocker);
            CliResult berthPush = berth.ok("push", fromBerth);
            assertEquals(skeleton(dockerPush).stream().map(l -> l.replace("from-docker", "X")).toList(),
                    skeleton(berthPush).stream().map(l -> l.replace("from-berth", "X")).toList());

            for (DockerCli cli : List.of(docker, berth)) {
                cli.ok("rmi", cli == docker ? fromDocker : fromBerth);
                cli.ok("image", "prune", "-a", "-f");
            }
            CliResult dockerPull = docker.ok("pull", fromDocker);
            CliResult berthPull = berth.ok("pull", fromDocker);
            assertEquals(skeleton(dockerPull), skeleton(berthPull));
            assertEquals(dockerId, id(berth, fromDocker), "berth keeps the config Docker pushed");

            docker.ok("pull", fromBerth);
            assertEquals(berthId, id(docker, fromBerth), "Docker keeps the config berth pushed");
            assertEquals("ok", berth.ok("run", "--rm", fromDocker, "echo", "ok").stdout().strip());
        }
    }
}

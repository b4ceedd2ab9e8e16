package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Containers outlive berthd: kill -9 of the daemon with 20 running containers, then a restart, and
 * all 20 still run and are managed (exec, logs, stop with the right exit code, rm); a container that
 * exited while the daemon was down shows its real exit code.
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.BUSYBOX, Tool.RUNC, Tool.CONMON})
class DaemonRestartIT {
    private static final int CONTAINERS = 20;

    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();

    @Test
    void runningContainersSurviveKill9OfTheDaemon() {
        DockerCli docker = berthd.docker();
        Images.busybox().importInto(docker);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < CONTAINERS; i++) {
            names.add("survivor" + i);
            docker.ok("run", "-d", "--name", "survivor" + i, "busybox", "sh", "-c",
                    "echo up " + i + "; trap 'exit 7' TERM; while true; do sleep 0.1; done");
        }
        docker.ok("run", "-d", "--name", "ends-while-down", "busybox", "sh", "-c", "sleep 1; exit 9");

        berthd.kill9();
        sleepSeconds(2); // ends-while-down exits while no daemon watches
        berthd.restart();

        assertEquals(CONTAINERS, docker.ok("ps", "-q").stdoutLines().size(), docker.ok("ps", "-a").stdout());
        assertEquals("exited 9", docker.ok("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", "ends-while-down").stdout().strip());
        assertEquals("up 3", docker.ok("logs", "survivor3").stdout().strip());
        assertEquals("alive", docker.ok("exec", "survivor5", "echo", "alive").stdout().strip());

        List<String> stop = new ArrayList<>(List.of("stop"));
        stop.addAll(names);
        docker.ok(stop.toArray(String[]::new));
        for (String n : names) {
            assertEquals("exited 7", docker.ok("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", n).stdout().strip(), n);
        }
        List<String> rm = new ArrayList<>(List.of("rm"));
        rm.addAll(names);
        rm.add("ends-while-down");
        docker.ok(rm.toArray(String[]::new));
        assertTrue(docker.ok("ps", "-aq").stdoutLines().isEmpty());
        assertEquals(List.of(), Leaks.mountsUnder(berthd.dataRoot()), "no rootfs stays mounted");
    }

    private static void sleepSeconds(int s) {
        try {
            Thread.sleep(s * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

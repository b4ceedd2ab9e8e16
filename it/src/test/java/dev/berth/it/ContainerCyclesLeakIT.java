package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CI-sized version of {@code bench/soak-cycles.sh}: whole container lives through the docker CLI 28 and berthd
 * leave nothing of a removed container behind while the daemon keeps running (the harness checks mounts and
 * processes only once the daemon has stopped): no overlay mount, no cgroup dir, no conmon, no runc state dir, no
 * file under the data or exec root naming the container, and no growth of the daemon's open fds.
 * ({@code ContainerLeakTest} does the same through the engine API, without the daemon, the HTTP layer and the CLI.)
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.BUSYBOX, Tool.RUNC, Tool.CONMON})
class ContainerCyclesLeakIT {
    static final int CYCLES = 30;

    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();

    @Test
    void thirtyCreateStartStopRmCyclesLeaveNothingOfTheContainers() throws IOException {
        DockerCli docker = berthd.docker();
        Images.busybox().importInto(docker);
        docker.ok("run", "--rm", "--network", "none", "busybox", "true"); // warm-up: lazily created dirs and fds
        long fdsBefore = openFds(berthd.pid());

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < CYCLES; i++) {
            boolean init = i % 2 == 0;
            List<String> create = new ArrayList<>(List.of("create", "--network", "none"));
            if (init) create.add("--init");
            create.addAll(List.of("busybox", "sleep", "3600"));
            String id = docker.ok(create.toArray(String[]::new)).stdout().strip();
            assertTrue(id.matches("[0-9a-f]{64}"), id);
            ids.add(id);
            docker.ok("start", id);
            if (i % 5 == 4) {
                docker.ok("rm", "-f", id); // removed while running
                continue;
            }
            // SIGTERM through the init (it forwards it to sleep), or SIGKILL at once
            docker.ok(init ? new String[] {"stop", id} : new String[] {"stop", "-t", "0", id});
            assertEquals(init ? "143" : "137", docker.ok("inspect", "--format", "{{.State.ExitCode}}", id).stdout().strip());
            docker.ok("rm", id);
        }

        assertEquals(List.of(), docker.ok("ps", "-aq").stdoutLines());
        Leaks.assertNoOverlayMountsUnder(berthd.root());
        List<Leaks.Proc> others = Leaks.processesMentioning(berthd.root()).stream().filter(p -> p.pid() != berthd.pid()).toList();
        assertEquals(List.of(), others, "processes (conmon, runc) of removed containers");
        assertEquals(List.of(), cgroupDirsNamed(ids), "cgroup dirs of removed containers");
        assertEquals(List.of(), filesNaming(berthd.dataRoot(), ids), "data-root files of removed containers");
        assertEquals(List.of(), filesNaming(berthd.execRoot(), ids), "exec-root files (runc state, exits, sockets, bundles)");
        long fdsAfter = openFds(berthd.pid());
        assertTrue(fdsAfter <= fdsBefore + 5, "berthd's open fds grew from " + fdsBefore + " to " + fdsAfter);
    }

    /** {@code /sys/fs/cgroup/<controller>/<parent>/<id>} directories (cgroup v1, any parent) of these containers. */
    private static List<Path> cgroupDirsNamed(List<String> ids) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> controllers = Files.newDirectoryStream(Path.of("/sys/fs/cgroup"))) {
            for (Path controller : controllers) {
                if (!Files.isDirectory(controller)) continue;
                try (DirectoryStream<Path> parents = Files.newDirectoryStream(controller, Files::isDirectory)) {
                    for (Path parent : parents) {
                        for (String id : ids) {
                            if (Files.isDirectory(parent.resolve(id))) found.add(parent.resolve(id));
                        }
                    }
                }
            }
        }
        return found;
    }

    private static List<Path> filesNaming(Path root, List<String> ids) throws IOException {
        if (!Files.exists(root)) return List.of();
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> {
                String s = p.toString();
                return ids.stream().anyMatch(id -> s.contains(id) || s.contains(id.substring(0, 12)));
            }).toList();
        }
    }

    private static long openFds(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        }
    }
}

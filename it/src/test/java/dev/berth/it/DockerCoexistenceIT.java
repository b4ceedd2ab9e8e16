package dev.berth.it;

import static dev.berth.it.NetworksDockerCliIT.freePort;
import static dev.berth.it.NetworksDockerCliIT.httpGet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * berthd and a Docker daemon with its own bridge and iptables on, on one host, with the FORWARD policy a
 * Docker host has ({@code DROP}): each one's containers still reach each other and their published ports, and
 * each daemon's clean-up leaves the other's rules alone (both harnesses check what their daemon left behind).
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.DOCKERD, Tool.BUSYBOX, Tool.RUNC, Tool.CONMON})
class DockerCoexistenceIT {
    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();
    /** Declared after berthd, so it stops first: berthd's leak check then sees Docker's rules gone. */
    @RegisterExtension
    static final Docker20 docker20 = new Docker20().withBridgeNetworking();

    static String forwardPolicy;
    static Path www;

    @BeforeAll
    static void setUp() throws Exception {
        forwardPolicy = iptables("-S", "FORWARD").lines().findFirst().orElseThrow().split(" ")[2];
        iptables("-P", "FORWARD", "DROP");
        Images.busybox().importInto(berthd.docker());
        Images.busybox().importInto(docker20.docker());
        www = Files.createDirectories(berthd.root().resolve("www"));
        Files.writeString(www.resolve("index.html"), "hello\n");
    }

    @AfterEach
    void removeAll() {
        berthd.docker().removeAllContainers();
        berthd.docker().ok("network", "prune", "-f");
    }

    @AfterAll
    static void restorePolicy() {
        if (forwardPolicy != null) iptables("-P", "FORWARD", forwardPolicy);
    }

    @Test
    void bothDaemonsNetworksWorkSideBySide() throws Exception {
        DockerCli berth = berthd.docker();
        DockerCli docker = docker20.docker();
        int berthPort = freePort();
        int berthUserPort = freePort();
        int dockerPort = freePort();
        berth.ok("network", "create", "appnet");
        httpd(berth, "web", "-p", "127.0.0.1:" + berthPort + ":80");
        httpd(berth, "api", "--network", "appnet", "-p", "127.0.0.1:" + berthUserPort + ":80");
        httpd(docker, "dweb", "-p", "127.0.0.1:" + dockerPort + ":80");

        assertEquals("hello\n", httpGet("127.0.0.1", berthPort));
        assertEquals("hello\n", httpGet("127.0.0.1", berthUserPort));
        assertEquals("hello\n", httpGet("127.0.0.1", dockerPort));

        // Container to container, through FORWARD (DROP) and Docker's isolation chains.
        String webIp = berth.ok("inspect", "--format", "{{.NetworkSettings.IPAddress}}", "web").stdout().strip();
        assertTrue(fetch(berth, List.of(), webIp).contains("reached"), "on berth's default bridge");
        assertTrue(fetch(berth, List.of("--network", "appnet"), "api").contains("reached"), "by name on a berth network");
        String dwebIp = docker.ok("inspect", "--format", "{{.NetworkSettings.IPAddress}}", "dweb").stdout().strip();
        assertTrue(dwebIp.startsWith(docker20.bridgeSubnet().replace(".0/24", ".")), dwebIp);
        assertTrue(fetch(docker, List.of(), dwebIp).contains("reached"), "on Docker's bridge");

        // A berth container that ends takes only its own rules with it.
        berth.ok("rm", "-f", "web");
        assertEquals("hello\n", httpGet("127.0.0.1", dockerPort));
        assertTrue(iptables("-S", "FORWARD").contains("DOCKER-USER"), "Docker's chains are still hooked in");
    }

    private void httpd(DockerCli cli, String name, String... args) {
        List<String> run = new java.util.ArrayList<>(List.of("run", "-d", "--name", name, "-v", www + ":/www:ro"));
        run.addAll(List.of(args));
        run.addAll(List.of("busybox", "httpd", "-f", "-p", "80", "-h", "/www"));
        cli.ok(run.toArray(String[]::new));
    }

    private static String fetch(DockerCli cli, List<String> runArgs, String host) {
        List<String> run = new java.util.ArrayList<>(List.of("run", "--rm"));
        run.addAll(runArgs);
        run.addAll(List.of("busybox", "sh", "-c", "for i in 1 2 3 4 5; do printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 "
                + host + " 80 | grep -q '200 OK' && echo reached && exit 0; sleep 1; done; exit 1"));
        CliResult r = cli.run(run.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.describe());
        return r.stdout();
    }

    private static String iptables(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("iptables"));
        cmd.addAll(List.of(args));
        CliResult r = ProcessRunner.run(cmd, Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), null, Duration.ofSeconds(20));
        if (!r.succeeded()) throw new AssertionError(String.join(" ", cmd) + ": " + r.describe());
        return r.stdout();
    }
}

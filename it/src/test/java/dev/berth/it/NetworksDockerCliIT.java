package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Networking through the real docker CLI 28 against berthd, on the CNI plugins: published ports reached
 * from the host, name resolution on user-defined networks (and not on the default bridge), network
 * commands, and nothing left behind (the harness checks the daemon's bridges, addresses and iptables
 * rules after it stops).
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.BUSYBOX, Tool.RUNC, Tool.CONMON})
class NetworksDockerCliIT {
    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();

    static DockerCli docker;
    static Path www;

    @BeforeAll
    static void image() throws IOException {
        docker = berthd.docker();
        Images.busybox().importInto(docker);
        www = Files.createDirectories(berthd.root().resolve("www"));
        Files.writeString(www.resolve("index.html"), "hello from a container\n");
    }

    @AfterEach
    void removeAll() {
        docker.removeAllContainers();
        docker.ok("network", "prune", "-f");
    }

    private String web(String... runArgs) {
        List<String> args = new ArrayList<>(List.of("run", "-d"));
        args.addAll(List.of(runArgs));
        args.addAll(List.of("-v", www + ":/www:ro", "busybox", "httpd", "-f", "-p", "80", "-h", "/www"));
        return docker.ok(args.toArray(String[]::new)).stdout().strip();
    }

    @Test
    void publishedPortsAnswerOnTheHost() throws Exception {
        int port = freePort();
        web("--name", "web", "-p", "127.0.0.1:" + port + ":80", "-p", "0:80");
        assertEquals("hello from a container\n", httpGet("127.0.0.1", port));

        List<String> ports = docker.ok("port", "web").stdoutLines();
        assertEquals(2, ports.size(), ports.toString());
        assertTrue(ports.contains("80/tcp -> 127.0.0.1:" + port), ports.toString());
        String ephemeral = ports.stream().filter(l -> l.startsWith("80/tcp -> 0.0.0.0:")).findFirst().orElseThrow();
        int hostPort = Integer.parseInt(ephemeral.substring(ephemeral.lastIndexOf(':') + 1));
        assertTrue(hostPort >= 1024, ephemeral);
        assertEquals("hello from a container\n", httpGet("127.0.0.1", hostPort));
        assertTrue(docker.ok("ps", "--format", "{{.Ports}}").stdout().contains("127.0.0.1:" + port + "->80/tcp"));
        assertEquals("127.0.0.1 " + port, docker.ok("inspect", "--format",
                "{{range (index .NetworkSettings.Ports \"80/tcp\")}}{{if eq .HostIp \"127.0.0.1\"}}{{.HostIp}} {{.HostPort}}{{end}}{{end}}",
                "web").stdout().strip());

        // From another container, through the host's address on the default bridge (hairpin).
        String gateway = docker.ok("network", "inspect", "--format", "{{(index .IPAM.Config 0).Gateway}}", "bridge").stdout().strip();
        CliResult hairpin = docker.run("run", "--rm", "busybox", "sh", "-c",
                "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 " + gateway + " " + hostPort);
        assertTrue(hairpin.stdout().endsWith("hello from a container\n"), hairpin.describe());

        CliResult taken = docker.run("run", "-d", "-p", "127.0.0.1:" + port + ":80", "busybox", "true");
        assertEquals(125, taken.exitCode(), taken.describe());
        assertTrue(taken.stderr().contains("port is already allocated"), taken.stderr());
    }

    @Test
    void containersOnAUserNetworkFindEachOtherByNameAndAlias() {
        docker.ok("network", "create", "appnet");
        web("--name", "db", "--network", "appnet", "--network-alias", "database");
        String ip = docker.ok("inspect", "--format", "{{.NetworkSettings.Networks.appnet.IPAddress}}", "db").stdout().strip();
        assertTrue(ip.matches("10\\.\\d+\\.\\d+\\.\\d+"), ip);

        CliResult byName = docker.run("run", "--rm", "--network", "appnet", "busybox", "nslookup", "db");
        assertTrue(byName.stdout().contains("Address: " + ip), byName.describe());
        CliResult byAlias = docker.run("run", "--rm", "--network", "appnet", "busybox", "sh", "-c",
                "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 database 80");
        assertTrue(byAlias.stdout().endsWith("hello from a container\n"), byAlias.describe());

        // The default bridge has no name resolution, as in Docker.
        web("--name", "plain");
        CliResult onBridge = docker.run("run", "--rm", "busybox", "nslookup", "plain");
        assertNotEquals(0, onBridge.exitCode(), onBridge.describe());

        // connect gives a running container a second interface, and the names of the new network resolve.
        docker.ok("network", "create", "backnet");
        web("--name", "back", "--network", "backnet");
        assertNotEquals(0, docker.run("exec", "back", "nslookup", "db").exitCode(), "not on appnet yet");
        docker.ok("network", "connect", "appnet", "back");
        CliResult connected = docker.run("exec", "back", "sh", "-c", "grep -c : /proc/net/dev; nslookup db");
        assertTrue(connected.stdout().startsWith("3\n") && connected.stdout().contains("Address: " + ip), connected.describe()
                + docker.run("exec", "back", "sh", "-c", "ip addr; ip route; cat /etc/resolv.conf").stdout()
                + docker.run("network", "inspect", "appnet", "backnet").stdout());
        assertTrue(docker.ok("inspect", "--format", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", "back")
                .stdout().contains("appnet"));
        docker.ok("network", "disconnect", "appnet", "back");
        assertTrue(docker.ok("exec", "back", "grep", "-c", ":", "/proc/net/dev").stdout().startsWith("2"));
    }

    /**
     * docker-compose 1.29 creates a container on its network, disconnects it and connects it again with more aliases
     * before it starts: a created container off every network may join one, and runs on it.
     */
    @Test
    void aCreatedContainerDisconnectedFromEveryNetworkMayConnectAgain() {
        docker.ok("network", "create", "rejoin");
        docker.ok("create", "--name", "joiner", "--network", "rejoin", "busybox", "sleep", "300");
        docker.ok("network", "disconnect", "rejoin", "joiner");
        docker.ok("network", "connect", "--alias", "again", "rejoin", "joiner");
        docker.ok("start", "joiner");
        assertEquals("rejoin", docker.ok("inspect", "--format", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}", "joiner")
                .stdout().strip());
        CliResult byAlias = docker.run("run", "--rm", "--network", "rejoin", "busybox", "nslookup", "again");
        assertEquals(0, byAlias.exitCode(), byAlias.describe());
        CliResult host = docker.run("network", "connect", "host", "joiner");
        assertTrue(host.stderr().contains("container sharing network namespace with another container or host cannot be connected"),
                host.describe());
        docker.ok("rm", "-f", "joiner");
        docker.ok("network", "rm", "rejoin");
    }

    /** Through the berth CLI: docker CLI 28 sends --mac-address only to API 1.44 and later. */
    @Test
    void macAddressIsTheOneAsked() {
        BerthCli berth = berthd.berth();
        String mac = "02:42:ac:11:00:99";
        assertEquals(mac + "\n", berth.ok("run", "--rm", "--mac-address", mac, "busybox", "cat", "/sys/class/net/eth0/address").stdout());
        docker.ok("network", "create", "macnet");
        berth.ok("run", "-d", "--name", "macweb", "--network", "macnet", "--mac-address", "02:42:ac:11:00:98", "busybox", "sleep", "600");
        assertEquals("02:42:ac:11:00:98", docker.ok("inspect", "--format", "{{.NetworkSettings.Networks.macnet.MacAddress}}", "macweb")
                .stdout().strip());
    }

    @Test
    void dnsServersOfARunAnswerWhatTheNetworkDoesNotKnow() throws Exception {
        docker.ok("network", "create", "dnsnet");
        web("--name", "named", "--network", "dnsnet");
        try (DatagramSocket upstream = new DatagramSocket(new InetSocketAddress("127.0.0.77", 53))) {
            Thread.ofVirtual().start(() -> answerEverythingWith(upstream, "192.0.2.9"));
            CliResult r = docker.run("run", "--rm", "--network", "dnsnet", "--dns", "127.0.0.77", "busybox", "sh", "-c",
                    "nslookup outside.test; nslookup named; cat /etc/resolv.conf");
            assertTrue(r.stdout().contains("Address: 192.0.2.9"), r.describe());
            String named = docker.ok("inspect", "--format", "{{.NetworkSettings.Networks.dnsnet.IPAddress}}", "named").stdout().strip();
            assertTrue(r.stdout().contains("Address: " + named), "the network's names stay the network's: " + r.describe());
            assertTrue(!r.stdout().contains("nameserver 127.0.0.77"), "the container asks the embedded server: " + r.describe());
        }
    }

    /** A name server that answers every A question with {@code address}, until its socket closes. */
    private static void answerEverythingWith(DatagramSocket socket, String address) {
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(new byte[512], 512);
                socket.receive(p);
                Message q = new Message(Arrays.copyOf(p.getData(), p.getLength()));
                Message r = new Message(q.getHeader().getID());
                r.getHeader().setFlag(Flags.QR);
                r.addRecord(q.getQuestion(), Section.QUESTION);
                if (q.getQuestion().getType() == Type.A) {
                    r.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 5, InetAddress.getByName(address)), Section.ANSWER);
                }
                byte[] wire = r.toWire();
                socket.send(new DatagramPacket(wire, wire.length, p.getSocketAddress()));
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Test
    void networkCommandsBehaveAsDockers() {
        String id = docker.ok("network", "create", "--subnet", "10.250.7.0/24", "--label", "team=a", "labelled").stdout().strip();
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        assertEquals("labelled bridge local", docker.ok("network", "ls", "--filter", "label=team=a",
                "--format", "{{.Name}} {{.Driver}} {{.Scope}}").stdout().strip());
        assertEquals("10.250.7.0/24 10.250.7.1", docker.ok("network", "inspect", "--format",
                "{{(index .IPAM.Config 0).Subnet}} {{(index .IPAM.Config 0).Gateway}}", "labelled").stdout().strip());
        CliResult twice = docker.run("network", "create", "labelled");
        assertEquals(1, twice.exitCode());
        assertTrue(twice.stderr().contains("network with name labelled already exists"), twice.stderr());
        CliResult overlap = docker.run("network", "create", "--subnet", "10.250.7.128/25", "other");
        assertTrue(overlap.stderr().contains("Pool overlaps with other one on this address space"), overlap.stderr());

        web("--name", "member", "--network", "labelled", "--ip", "10.250.7.50");
        assertEquals("10.250.7.50", docker.ok("inspect", "--format", "{{.NetworkSettings.Networks.labelled.IPAddress}}", "member")
                .stdout().strip());
        CliResult inUse = docker.run("network", "rm", "labelled");
        assertEquals(1, inUse.exitCode());
        assertTrue(inUse.stderr().contains("has active endpoints"), inUse.stderr());
        assertTrue(docker.ok("network", "inspect", "--format", "{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}", "labelled")
                .stdout().contains("member 10.250.7.50/24"));
        CliResult predefined = docker.run("network", "rm", "bridge");
        assertTrue(predefined.stderr().contains("bridge is a pre-defined network and cannot be removed"), predefined.stderr());
        docker.ok("rm", "-f", "member");
        docker.ok("network", "rm", "labelled");
        assertEquals(List.of("bridge", "host", "none"), docker.ok("network", "ls", "--format", "{{.Name}}").stdoutLines());
    }

    @Test
    void theBerthCliShowsWhatTheDockerCliShows() {
        BerthCli berth = berthd.berth();
        String id = berth.ok("network", "create", "--subnet", "10.250.9.0/24", "--label", "k=v", "viaberth").stdout().strip();
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        for (List<String> args : List.of(List.of("network", "ls"), List.of("network", "ls", "-q", "--no-trunc"),
                List.of("network", "ls", "--filter", "label=k=v", "--format", "{{.Name}} {{.Driver}} {{.Labels}}"),
                List.of("network", "inspect", "--format", "{{.Name}} {{.Driver}} {{(index .IPAM.Config 0).Subnet}}", "viaberth"),
                List.of("network", "rm", "nosuch"), List.of("network", "ls", "--format", "{{json .Name}}"))) {
            CliResult d = docker.run(args.toArray(String[]::new));
            CliResult b = berth.run(args.toArray(String[]::new));
            assertEquals(d.exitCode(), b.exitCode(), args + "\n" + d.describe() + b.describe());
            assertEquals(d.stdout(), b.stdout(), args.toString());
            assertEquals(d.stderr().replace("docker", "berth"), b.stderr(), args.toString());
        }
        web("--name", "member", "--network", "viaberth");
        CliResult inUse = berth.run("network", "rm", "viaberth");
        assertEquals(1, inUse.exitCode());
        assertTrue(inUse.stderr().contains("has active endpoints"), inUse.stderr());
        CliResult alias = berth.run("network", "connect", "--alias", "extra", "bridge", "member");
        assertTrue(alias.stderr().contains("network-scoped alias is supported only for containers in user defined networks"),
                alias.describe());
        berth.ok("network", "connect", "bridge", "member");
        berth.ok("network", "disconnect", "bridge", "member");
        docker.ok("rm", "-f", "member");
        assertEquals("viaberth\n", berth.ok("network", "rm", "viaberth").stdout());
    }

    @Test
    void publishedPortsSurviveADaemonRestart() throws Exception {
        int port = freePort();
        web("--name", "survivor", "-p", "127.0.0.1:" + port + ":80");
        berthd.kill9();
        berthd.restart();
        assertEquals("hello from a container\n", httpGet("127.0.0.1", port));
        assertEquals("80/tcp -> 127.0.0.1:" + port, docker.ok("port", "survivor").stdout().strip());
        docker.ok("stop", "-t", "1", "survivor");
        docker.ok("start", "survivor");
        assertEquals("hello from a container\n", httpGet("127.0.0.1", port));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A GET over a plain socket, retried while the server starts. */
    static String httpGet(String host, int port) throws Exception {
        Exception last = null;
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 2000);
                s.setSoTimeout(5000);
                s.getOutputStream().write("GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                int body = response.indexOf("\r\n\r\n");
                if (response.startsWith("HTTP/1.") && body > 0) return response.substring(body + 4);
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no answer from " + host + ":" + port, last);
    }
}

package dev.berth.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.AtomicFiles;
import dev.berth.common.Commands;
import dev.berth.network.cni.Attachment;
import dev.berth.network.cni.Cni;
import dev.berth.network.cni.CniException;
import dev.berth.network.cni.CniResult;
import dev.berth.network.cni.ConfList;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real CNI plugins (Debian's containernetworking-plugins) on a bridge of the test's own, between
 * two network namespaces made by {@link NetNs}: addresses, container-to-container traffic, a
 * published port from the host's loopback and by hairpin, and nothing left after DEL. Needs root.
 */
class CniBridgeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String BUSYBOX = "/bin/busybox";

    private final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong(0x10000000L, 0xffffffffL));
    private final String bridge = "bt" + suffix;
    private final String network = "berth-test-" + suffix;
    private final Cidr subnet = new Cidr(Cidr.parseIp("10.199." + ThreadLocalRandom.current().nextInt(256) + ".0"), 24);
    private final List<Process> processes = new ArrayList<>();
    private Path dir;
    private Cni cni;
    private ConfList conf;
    private ConfList confWithPorts;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("berth-cni-test");
        cni = new Cni(List.of(Path.of("/usr/lib/cni")), Files.createDirectories(dir.resolve("cache")), TIMEOUT);
        conf = BridgeConf.of(network, bridge, subnet, Cidr.format(subnet.first()), null, false, dir.resolve("ipam"), true, false, false);
        confWithPorts = BridgeConf.of(network, bridge, subnet, Cidr.format(subnet.first()), null, false, dir.resolve("ipam"), true, true, false);
        BridgeRules.install(bridge, subnet, false);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : processes) p.destroyForcibly().waitFor();
        for (String c : List.of("c1", "c2")) {
            try {
                cni.del(c.equals("c1") ? confWithPorts : conf, c, dir.resolve(c), "eth0");
            } catch (CniException e) {
                // best effort: the assertions said what went wrong
            }
            NetNs.remove(dir.resolve(c));
        }
        Commands.run(List.of("ip", "link", "delete", bridge), null, TIMEOUT);
        AtomicFiles.deleteTree(dir);
        BridgeRules.remove(bridge, subnet, false);
        CniChains.removeIfUnused();
        assertEquals("", String.join("\n", run("iptables-save").stdoutText().lines()
                .filter(l -> l.contains("CNI") || l.contains(bridge)).toList()), "no CNI chain or rule is left");
    }

    @Test
    void twoNamespacesOnABridgeWithAPublishedPort() throws Exception {
        Path ns1 = dir.resolve("c1");
        Path ns2 = dir.resolve("c2");
        NetNs.create(ns1);
        NetNs.create(ns2);
        assertTrue(in(ns1, "ip", "-o", "link", "show", "lo").stdoutText().contains("UP"), "loopback is up");
        int published = freePort();
        int hairpin = freePort();
        List<Map<String, Object>> ports = List.of(
                Map.of("hostPort", published, "containerPort", 80, "protocol", "tcp", "hostIP", "127.0.0.1"),
                Map.of("hostPort", hairpin, "containerPort", 80, "protocol", "tcp"));
        String fixed = Cidr.format(subnet.first() + 41);
        CniResult r1 = cni.add(confWithPorts, new Attachment("c1", ns1, "eth0", Map.of("IP", fixed), Map.of("portMappings", ports)));
        CniResult r2 = cni.add(conf, new Attachment("c2", ns2, "eth0", Map.of(), Map.of()));

        assertEquals(fixed, r1.ipv4().ip(), "host-local gave the asked address");
        assertEquals(24, r1.ipv4().prefixLength());
        assertEquals(Cidr.format(subnet.first()), r1.ipv4().gateway());
        assertTrue(subnet.contains(Cidr.parseIp(r2.ipv4().ip())), r2.ipv4().address());
        assertNotNull(r1.sandboxInterface());
        assertTrue(r1.sandboxInterface().mac().matches("([0-9a-f]{2}:){5}[0-9a-f]{2}"), r1.sandboxInterface().mac());
        assertEquals(r1.ipv4().ip(), cni.cachedResult(network, "c1", "eth0").ipv4().ip());

        // c2 reaches c1 directly; c1 serves a page that the host reaches through the published port.
        assertEquals(0, in(ns2, BUSYBOX, "ping", "-c", "1", "-W", "3", r1.ipv4().ip()).exitCode());
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("index.html"), "hello from c1\n");
        processes.add(new ProcessBuilder("nsenter", "--net=" + ns1, BUSYBOX, "httpd", "-f", "-p", "80", "-h", www.toString())
                .redirectErrorStream(true).start());
        assertEquals("hello from c1\n", httpGet("127.0.0.1", published));
        String gateway = Cidr.format(subnet.first());
        Commands.Result viaHairpin = Commands.run(List.of("nsenter", "--net=" + ns2, BUSYBOX, "nc", "-w", "5", gateway,
                String.valueOf(hairpin)), "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), TIMEOUT);
        assertTrue(viaHairpin.stdoutText().endsWith("\r\n\r\nhello from c1\n"), viaHairpin.exitCode() + " " + viaHairpin.stderr());

        cni.del(confWithPorts, "c1", ns1, "eth0");
        cni.del(conf, "c2", ns2, "eth0");
        cni.del(confWithPorts, "c1", ns1, "eth0"); // DEL is idempotent
        assertEquals("", run("ip", "-o", "link", "show", "master", bridge).stdoutText(), "no veth left on the bridge");
        String rules = run("iptables-save").stdoutText();
        assertFalse(rules.contains(r1.ipv4().ip()) || rules.contains(r2.ipv4().ip()), rules);
        assertFalse(rules.contains("dport " + published), rules);
        try (var leases = Files.list(dir.resolve("ipam").resolve(network))) {
            assertEquals(List.of(), leases.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("10.")).toList());
        }
    }

    @Test
    void aFailingPluginNamesItselfAndLeavesNothing() throws Exception {
        Path ns1 = dir.resolve("c1");
        NetNs.create(ns1);
        ConfList broken = BridgeConf.of(network, bridge, subnet, "192.0.2.1", null, false, dir.resolve("ipam"), true, false, false);
        CniException e = assertThrows(CniException.class,
                () -> cni.add(broken, new Attachment("c1", ns1, "eth0", Map.of(), Map.of())));
        assertTrue(e.getMessage().startsWith("plugin type=\"bridge\" failed (add): "), e.getMessage());
        assertEquals("", run("ip", "-o", "link", "show", "master", bridge).stdoutText());
        assertThrows(IOException.class, () -> NetNs.create(ns1), "the namespace file is taken");
    }

    private static Commands.Result in(Path ns, String... argv) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + ns));
        cmd.addAll(List.of(argv));
        return Commands.run(cmd, null, TIMEOUT);
    }

    private static Commands.Result run(String... argv) {
        Commands.Result r = Commands.run(List.of(argv), null, TIMEOUT);
        assertEquals(0, r.exitCode(), String.join(" ", argv) + ": " + r.stderr());
        return r;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A GET over a plain socket, retried while the server starts. */
    private static String httpGet(String host, int port) throws Exception {
        IOException last = null;
        for (int i = 0; i < 50; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 2000);
                s.setSoTimeout(5000);
                s.getOutputStream().write(("GET / HTTP/1.0\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (response.startsWith("HTTP/1.") && response.contains("\r\n\r\n")) {
                    return response.substring(response.indexOf("\r\n\r\n") + 4);
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no answer from " + host + ":" + port, last);
    }
}

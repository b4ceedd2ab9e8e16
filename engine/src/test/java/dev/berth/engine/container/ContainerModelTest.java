package dev.berth.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.EngineException;
import dev.berth.oci.ContainerConfig;
import dev.berth.oci.Digest;
import dev.berth.runtime.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts: config merging, names, signals, /etc files, users, ps parsing, states, records on disk. */
class ContainerModelTest {
    private static ContainerConfig cfg() {
        return ContainerConfig.empty();
    }

    @Test
    void mergeFollowsDockerd() {
        ContainerConfig image = cfg().withEnv(List.of("PATH=/img", "A=image", "B=image")).withCmd(List.of("img-cmd"))
                .withEntrypoint(List.of("/ep")).withWorkingDir("/w").withUser("img").withLabels(Map.of("l", "image", "m", "image"))
                .withStopSignal("SIGQUIT").withExposedPorts(Map.of("80/tcp", Map.of()));
        ContainerConfig user = cfg().withEnv(List.of("A=user", "C=user")).withLabels(Map.of("l", "user"))
                .withExposedPorts(Map.of("443/tcp", Map.of()));
        ContainerConfig m = ConfigMerge.merge(user, image);
        assertEquals(List.of("A=user", "C=user", "PATH=/img", "B=image"), m.env());
        assertEquals(Map.of("l", "user", "m", "image"), m.labels());
        assertEquals(List.of("/ep"), m.entrypoint());
        assertEquals(List.of("img-cmd"), m.cmd());
        assertEquals("/w", m.workingDir());
        assertEquals("img", m.user());
        assertEquals("SIGQUIT", m.stopSignal());
        assertEquals(Set.of("80/tcp", "443/tcp"), m.exposedPorts().keySet());
        assertEquals(new ConfigMerge.Command("/ep", List.of("img-cmd")), ConfigMerge.command(m));

        // A given Cmd replaces the image's, keeps its Entrypoint.
        ContainerConfig cmd = ConfigMerge.merge(cfg().withCmd(List.of("x", "y")), image);
        assertEquals(new ConfigMerge.Command("/ep", List.of("x", "y")), ConfigMerge.command(cmd));
        // A given Entrypoint resets the image's Cmd.
        ContainerConfig ep = ConfigMerge.merge(cfg().withEntrypoint(List.of("sh")), image);
        assertEquals(null, ep.cmd());
        assertEquals(new ConfigMerge.Command("sh", List.of()), ConfigMerge.command(ep));
        // --entrypoint "" with a command: the command alone.
        ContainerConfig reset = ConfigMerge.merge(cfg().withEntrypoint(List.of("")).withCmd(List.of("echo", "hi")), image);
        assertEquals(new ConfigMerge.Command("echo", List.of("hi")), ConfigMerge.command(reset));
        // An image env with the user's env empty is the image's.
        assertEquals(image.env(), ConfigMerge.merge(cfg(), image).env());
        EngineException.InvalidArgument none = assertThrows(EngineException.InvalidArgument.class,
                () -> ConfigMerge.command(ConfigMerge.merge(cfg(), cfg())));
        assertEquals("No command specified", none.getMessage());
    }

    @Test
    void namesAndSignals() {
        assertEquals("/ab", Names.normalize("ab"));
        assertEquals("/a.b_c-1", Names.normalize("/a.b_c-1"));
        for (String bad : List.of("a", "/a", "-ab", "a b", "ä", "a/b", "")) {
            assertThrows(EngineException.InvalidArgument.class, () -> Names.normalize(bad), bad);
        }
        for (int i = 0; i < 200; i++) {
            String n = Names.generate(0);
            assertTrue(n.matches("[a-z]+_[a-z]+") && !n.equals("boring_wozniak"), n);
        }
        assertTrue(Names.generate(1).matches("[a-z]+_[a-z]+\\d"));

        assertEquals(9, Signals.parse("KILL"));
        assertEquals(9, Signals.parse("sigkill"));
        assertEquals(15, Signals.parse("SIGTERM"));
        assertEquals(10, Signals.parse("USR1"));
        assertEquals(28, Signals.parse("WINCH"));
        assertEquals(2, Signals.parse("2"));
        assertEquals(37, Signals.parse("RTMIN+3"));
        assertEquals(62, Signals.parse("SIGRTMAX-2"));
        for (String bad : List.of("", "NOPE", "0", "65", "-1")) {
            EngineException.InvalidArgument e = assertThrows(EngineException.InvalidArgument.class, () -> Signals.parse(bad), bad);
            assertEquals("Invalid signal: " + bad, e.getMessage());
        }
    }

    @Test
    void etcFilesAsLibnetworkWritesThem() {
        String hosts = EtcFiles.hosts(EtcFiles.DEFAULT_HOSTS, List.of("db:10.0.0.2", "v6:fe80::1"), "127.0.0.1\tabc.example abc");
        assertTrue(hosts.startsWith("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"), hosts);
        assertTrue(hosts.endsWith("10.0.0.2\tdb\nfe80::1\tv6\n127.0.0.1\tabc.example abc\n"), hosts);
        assertThrows(EngineException.InvalidArgument.class, () -> EtcFiles.splitExtraHost("nocolon"));
        assertThrows(EngineException.InvalidArgument.class, () -> EtcFiles.splitExtraHost("x:not an ip"));

        String host = "# generated\nnameserver 127.0.0.53\nnameserver 10.0.0.1\nnameserver 2001:db8::1\nsearch corp.example\noptions edns0 trust-ad\n";
        assertEquals("# generated\nsearch corp.example\nnameserver 10.0.0.1\noptions edns0 trust-ad\n",
                EtcFiles.resolvConf(host, List.of(), List.of(), List.of()), "loopback and IPv6 name servers are dropped");
        assertEquals("nameserver 8.8.8.8\nnameserver 8.8.4.4\n", EtcFiles.resolvConf("nameserver 127.0.0.1\n", List.of(), List.of(), List.of()));
        assertEquals("search corp.example\nnameserver 1.1.1.1\noptions ndots:1\n",
                EtcFiles.resolvConf(host, List.of("1.1.1.1"), List.of(), List.of("ndots:1")));
        assertEquals("nameserver 10.0.0.1\noptions edns0 trust-ad\n", EtcFiles.resolvConf(host, List.of(), List.of("."), List.of()));
    }

    @Test
    void usersResolveInsideTheRootAndLinksCannotEscape(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0::/root:/bin/sh\napp:x:100:101::/app:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nwheel:x:10:root\napp:x:101:\nextra:x:200:app,other\n");
        assertEquals(new Spec.User(0, 0, null, List.of(10L)), Users.resolve(root, ""));
        assertEquals(new Spec.User(100, 101, null, List.of(200L)), Users.resolve(root, "app"));
        assertEquals(new Spec.User(100, 10, null, List.of()), Users.resolve(root, "app:wheel"));
        assertEquals(new Spec.User(100, 101, null, List.of(200L)), Users.resolve(root, "100"));
        assertEquals(new Spec.User(4242, 0, null, List.of()), Users.resolve(root, "4242"), "a uid not in passwd gets gid 0");
        assertEquals(new Spec.User(4242, 7, null, List.of()), Users.resolve(root, "4242:7"));
        assertEquals("unable to find user nobody: no matching entries in passwd file",
                assertThrows(EngineException.InvalidArgument.class, () -> Users.resolve(root, "nobody")).getMessage());
        assertEquals("unable to find group nope: no matching entries in group file",
                assertThrows(EngineException.InvalidArgument.class, () -> Users.resolve(root, "app:nope")).getMessage());

        // An image whose /etc/passwd points at the host's is read inside the root, not on the host.
        Path evil = Files.createDirectories(dir.resolve("evil"));
        Files.createDirectories(evil.resolve("etc"));
        Path hostFile = Files.writeString(dir.resolve("host-passwd"), "root:x:0:0::/:/bin/sh\nhostonly:x:5:5::/:/bin/sh\n");
        Files.createSymbolicLink(evil.resolve("etc/passwd"), hostFile);
        assertThrows(EngineException.InvalidArgument.class, () -> Users.resolve(evil, "hostonly"));
        Files.createSymbolicLink(evil.resolve("up"), Path.of("../../../.."));
        assertEquals(evil.resolve("etc"), RootfsPaths.resolve(evil, "/up/etc"));
        assertEquals(evil.resolve("x"), RootfsPaths.resolve(evil, "/../../x"));
    }

    @Test
    void psOutputIsFilteredByPidAndTheCommandKeepsItsSpaces() {
        String ps = """
                UID          PID    PPID  C STIME TTY          TIME CMD
                root           1       0  0 10:00 ?        00:00:01 /sbin/init
                root        4242    4200  0 10:01 ?        00:00:00 sleep 1000
                root        4243    4242  0 10:01 ?        00:00:00 sh -c echo a  b
                """;
        TopResult r = Top.parse(ps, Set.of(4242L, 4243L));
        assertEquals(List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"), r.titles());
        assertEquals(List.of(List.of("root", "4242", "4200", "0", "10:01", "?", "00:00:00", "sleep 1000"),
                List.of("root", "4243", "4242", "0", "10:01", "?", "00:00:00", "sh -c echo a b")), r.processes());
        assertThrows(EngineException.class, () -> Top.parse("USER COMMAND\nroot x\n", Set.of(1L)));
    }

    @Test
    void statesDescribeThemselvesAsDockerPs() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        Instant started = now.minusSeconds(14);
        assertEquals("Up 14 seconds", new ContainerState(ContainerState.Status.RUNNING, 1, 0, "", started, null, false).describe(now));
        assertEquals("Up 14 seconds (Paused)", new ContainerState(ContainerState.Status.PAUSED, 1, 0, "", started, null, false).describe(now));
        assertEquals("Exited (3) 2 minutes ago", new ContainerState(ContainerState.Status.EXITED, 0, 3, "", started, now.minusSeconds(150), false).describe(now));
        assertEquals("Created", ContainerState.created().describe(now));
        assertEquals("Less than a second", ContainerState.humanDuration(Duration.ofMillis(500)));
        assertEquals("About a minute", ContainerState.humanDuration(Duration.ofSeconds(61)));
        assertEquals("About an hour", ContainerState.humanDuration(Duration.ofMinutes(70)));
        assertEquals("3 days", ContainerState.humanDuration(Duration.ofDays(3)));
        assertEquals(ContainerState.Status.EXITED, ContainerState.Status.parse("exited"));
        assertThrows(EngineException.InvalidArgument.class, () -> ContainerState.Status.parse("sleeping"));
        assertEquals(WaitCondition.NOT_RUNNING, WaitCondition.parse(""));
        assertEquals(WaitCondition.NEXT_EXIT, WaitCondition.parse("next-exit"));
        assertThrows(EngineException.InvalidArgument.class, () -> WaitCondition.parse("whenever"));
    }

    @Test
    void bindsAndSecurityOptionsParseAsDockerdDoes() {
        assertEquals(new MountPoint("bind", "", "/host", "/ctr", "ro,rshared", false, "rshared", false, false, ""),
                MountPlan.bind("/host/:/ctr:ro,rshared"));
        assertEquals(new MountPoint("volume", "named", "", "/data", "z", true, "", true, true, ""), MountPlan.bind("named:/data/"));
        assertEquals(new MountPoint("volume", "named", "", "/data", "ro,nocopy", false, "", true, false, ""), MountPlan.bind("named:/data:ro,nocopy"));
        assertThrows(EngineException.InvalidArgument.class, () -> MountPlan.bind("x:/data"), "too short a name");
        assertThrows(EngineException.InvalidArgument.class, () -> MountPlan.bind("/a:relative"));
        assertThrows(EngineException.InvalidArgument.class, () -> MountPlan.bind("/a:/"));
        assertThrows(EngineException.InvalidArgument.class, () -> MountPlan.bind("/a:/b:bogus"));
        assertEquals(new SpecFactory.Security(true, "", false), SpecFactory.security(List.of("no-new-privileges", "seccomp=unconfined")));
        assertEquals(new SpecFactory.Security(false, "{\"a\":1}", true),
                SpecFactory.security(List.of("no-new-privileges:false", "seccomp={\"a\":1}", "systempaths=unconfined", "label=disable")));
        assertThrows(EngineException.InvalidArgument.class, () -> SpecFactory.security(List.of("bogus=1")));
    }

    @Test
    void containerRecordsSurviveTheDisk(@TempDir Path dir) {
        ContainerStore store = new ContainerStore(dir);
        String id = "a".repeat(64);
        Container c = new Container(id, "/n", Instant.parse("2026-01-01T00:00:00.123456789Z"),
                Digest.of(new byte[] {1}), "busybox", "sh", List.of("-c", "x"),
                cfg().withCmd(List.of("sh")).withLabels(Map.of("k", "v")),
                HostSpec.defaults().withRestartPolicy(HostSpec.RestartPolicy.parse("on-failure:3")).withVolumesFrom(List.of("other:ro"))
                        .withMounts(List.of(new MountRequest("volume", "", "/anon", false, null, true, Map.of("a", "b"), Map.of(), null, null)))
                        .withResources(HostSpec.Resources.NONE.withUlimits(List.of(new HostSpec.Ulimit("nofile", 10, 20)))),
                5, new ContainerState(ContainerState.Status.EXITED, 0, 3, "", Instant.EPOCH, Instant.EPOCH.plusSeconds(1), true),
                2, true, dir.resolve("h"), dir.resolve("hosts"), dir.resolve("r"), dir.resolve("log"),
                new Container.Rootfs(Digest.of(new byte[] {2}), dir.resolve("u"), dir.resolve("w"), dir.resolve("m")), List.of("x"), Map.of("net1", new dev.berth.engine.network.EndpointSpec(List.of("db"), "10.0.0.9")),
                List.of(new MountPoint("volume", "data", "/v/data/_data", "/data", "z", true, "", true, true, ""),
                        new MountPoint("tmpfs", "", "", "/t", "", true, "", false, false, "nosuid,size=1024k")));
        store.save(c);
        List<String> problems = new ArrayList<>();
        List<Container> back = store.loadAll(problems, new ArrayList<>());
        assertEquals(List.of(), problems);
        assertEquals(List.of(c.withExecIds(List.of())), back);
        assertFalse(back.getFirst().hostConfig().initEnabled());
    }
}

package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.ContainerCreateRequest;
import dev.berth.api.HostConfig;
import dev.berth.api.Mount;
import dev.berth.api.PortBinding;
import dev.berth.api.Ulimit;
import dev.berth.cli.run.ContainerFlags;
import dev.berth.cli.run.ContainerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth run} flags turned into the create request docker CLI 28 would send. */
class RunFlagsTest {
    private static final Map<String, String> ENV = Map.of("HOME", "/root", "A", "from-env");

    private static ContainerSpec spec(Path cwd, String... args) throws FlagParser.FlagError {
        FlagParser.Parsed p = FlagParser.parse(ContainerFlags.run(), Arrays.asList(args), false);
        return ContainerSpec.parse(p.invocation(), ENV::get, cwd, p.invocation().bool("detach"));
    }

    private static ContainerSpec spec(String... args) throws FlagParser.FlagError {
        return spec(Path.of("/work"), args);
    }

    private static String flagError(String... args) {
        return assertThrows(FlagParser.FlagError.class,
                () -> FlagParser.parse(ContainerFlags.run(), Arrays.asList(args), false)).getMessage();
    }

    private static String parseError(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> spec(args)).getMessage();
    }

    @Test
    void publishWithAddressAndProtocol() throws Exception {
        ContainerCreateRequest r = spec("-p", "127.0.0.1:8080:80/udp", "busybox").request();
        assertEquals(Map.of("80/udp", Map.of()), r.exposedPorts());
        assertEquals(Map.of("80/udp", List.of(new PortBinding("127.0.0.1", "8080"))), r.hostConfig().portBindings());
    }

    @Test
    void publishRangesIpv6AndTheLongSyntax() throws Exception {
        HostConfig h = spec("-p", "7000-7001:8000-8001", "-p", "[::1]::53/udp", "-p",
                "published=9090,target=90,protocol=sctp", "-p", "8080-8090:80", "busybox").request().hostConfig();
        assertEquals(List.of(new PortBinding("", "7000")), h.portBindings().get("8000/tcp"));
        assertEquals(List.of(new PortBinding("", "7001")), h.portBindings().get("8001/tcp"));
        assertEquals(List.of(new PortBinding("::1", "")), h.portBindings().get("53/udp"));
        assertEquals(List.of(new PortBinding("", "9090")), h.portBindings().get("90/sctp"));
        assertEquals(List.of(new PortBinding("", "8080-8090")), h.portBindings().get("80/tcp"));
        assertEquals("invalid hostPort: 99999", parseError("-p", "99999:80", "busybox"));
        assertEquals("invalid proto: sctpx", parseError("-p", "80/sctpx", "busybox"));
        assertEquals("invalid IP address: 300.1.1.1", parseError("-p", "300.1.1.1:80:80", "busybox"));
        assertEquals("invalid ranges specified for container and host Ports: 80-81 and 90-92",
                parseError("-p", "90-92:80-81", "busybox"));
        assertEquals("invalid publish opts format (should be name=value but got 'x')", parseError("-p", "target=1,x", "busybox"));
    }

    @Test
    void exposeRanges() throws Exception {
        ContainerCreateRequest r = spec("--expose", "9000-9001", "--expose", "53/udp", "busybox").request();
        assertEquals(List.of("53/udp", "9000/tcp", "9001/tcp"), r.exposedPorts().keySet().stream().sorted().toList());
        assertEquals("invalid port format for --expose: 1:2", parseError("--expose", "1:2", "busybox"));
    }

    @Test
    void volumesBindsAndAnonymous(@TempDir Path cwd) throws Exception {
        ContainerCreateRequest r = spec(cwd, "-v", "/a:/b:ro", "-v", "/anon", "-v", "./rel:/rel", "-v", "named:/data",
                "busybox").request();
        assertEquals(List.of("/a:/b:ro", cwd.resolve("rel") + ":/rel", "named:/data"), r.hostConfig().binds());
        assertEquals(Map.of("/anon", Map.of()), r.volumes());
        assertEquals("invalid spec: /a::/b: empty section between colons", parseError("-v", "/a::/b", "busybox"));
    }

    @Test
    void mountSyntax() throws Exception {
        List<Mount> m = spec("--mount", "type=bind,src=/a,dst=/b,readonly", "--mount",
                "type=volume,source=v,target=/v,volume-nocopy,volume-opt=o=1", "--mount",
                "type=tmpfs,dst=/t,tmpfs-size=1m,tmpfs-mode=1770", "busybox").request().hostConfig().mounts();
        assertEquals(new Mount("bind", "/a", "/b", true, null, null, null, null, null), m.get(0));
        assertEquals("volume", m.get(1).type());
        assertEquals(Boolean.TRUE, m.get(1).volumeOptions().noCopy());
        assertEquals(Map.of("o", "1"), m.get(1).volumeOptions().driverConfig().options());
        assertEquals(1048576L, m.get(2).tmpfsOptions().sizeBytes());
        assertEquals(01770, m.get(2).tmpfsOptions().mode());
        assertEquals("invalid argument \"type=bind\" for \"--mount\" flag: target is required",
                flagError("--mount", "type=bind", "busybox"));
        assertEquals("invalid argument \"type=tmpfs,dst=/x,volume-opt=a=b\" for \"--mount\" flag: cannot mix 'volume-*' "
                + "options with mount type 'tmpfs'", flagError("--mount", "type=tmpfs,dst=/x,volume-opt=a=b", "busybox"));
        assertEquals("invalid argument \"dst=/x,ro=maybe\" for \"--mount\" flag: invalid value for ro: maybe",
                flagError("--mount", "dst=/x,ro=maybe", "busybox"));
    }

    @Test
    void environmentFromFlagsFilesAndTheEnvironment(@TempDir Path cwd) throws Exception {
        Files.writeString(cwd.resolve("env.list"), "# comment\n\nB=2\n  C=with space\nHOME\nUNSET\n");
        ContainerCreateRequest r = spec(cwd, "-e", "A", "-e", "X=1", "-e", "X=2", "-e", "NOPE", "--env-file", "env.list",
                "busybox").request();
        assertEquals(List.of("B=2", "C=with space", "HOME=/root", "A=from-env", "X=2", "NOPE"), r.env());
        assertNull(spec("busybox").request().env(), "no variables is null, as docker sends it");
        assertEquals("invalid argument \"=x\" for \"-e, --env\" flag: invalid environment variable: =x",
                flagError("-e", "=x", "busybox"));
        assertEquals("open missing.env: no such file or directory", parseError("--env-file", "missing.env", "busybox"));
    }

    @Test
    void restartPolicies() throws Exception {
        assertEquals("on-failure", spec("--restart", "on-failure:3", "busybox").request().hostConfig().restartPolicy().name());
        assertEquals(3, spec("--restart", "on-failure:3", "busybox").request().hostConfig().restartPolicy().maximumRetryCount());
        assertEquals("no", spec("busybox").request().hostConfig().restartPolicy().name());
        assertEquals("invalid restart policy format: maximum retry count must be an integer",
                parseError("--restart", "on-failure:x", "busybox"));
        assertEquals("conflicting options: cannot specify both --restart and --rm",
                parseError("--rm", "--restart", "always", "busybox"));
    }

    @Test
    void resources() throws Exception {
        HostConfig h = spec("--memory", "512m", "--memory-swap", "-1", "--cpus", "1.5", "--cpu-shares", "512",
                "--pids-limit", "100", "--shm-size", "64m", "--ulimit", "nofile=1024:2048", "--ulimit", "nproc=50",
                "--ulimit", "nofile=10:20", "--oom-kill-disable", "busybox").request().hostConfig();
        assertEquals(536870912L, h.memory());
        assertEquals(-1L, h.memorySwap());
        assertEquals(1500000000L, h.nanoCpus());
        assertEquals(512L, h.cpuShares());
        assertEquals(100L, h.pidsLimit());
        assertEquals(67108864L, h.shmSize());
        assertEquals(List.of(new Ulimit("nofile", 20, 10), new Ulimit("nproc", 50, 50)), h.ulimits(), "last wins, sorted");
        assertEquals(Boolean.TRUE, h.oomKillDisable());
        assertEquals(-1L, h.memorySwappiness());
        assertEquals("invalid argument \"12q\" for \"-m, --memory\" flag: invalid suffix: 'q'", flagError("-m", "12q", "x"));
        assertEquals("invalid argument \"abc\" for \"--cpus\" flag: failed to parse abc as a rational number",
                flagError("--cpus", "abc", "x"));
        assertEquals("invalid argument \"0.0000000001\" for \"--cpus\" flag: value is too precise",
                flagError("--cpus", "0.0000000001", "x"));
        assertEquals("invalid argument \"nofile=abc\" for \"--ulimit\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax",
                flagError("--ulimit", "nofile=abc", "x"));
        assertEquals("invalid argument \"nofile=2:1\" for \"--ulimit\" flag: ulimit soft limit must be less than or equal to "
                + "hard limit: 2 > 1", flagError("--ulimit", "nofile=2:1", "x"));
        assertEquals("invalid argument \"bogus=1\" for \"--ulimit\" flag: invalid ulimit type: bogus",
                flagError("--ulimit", "bogus=1", "x"));
        assertEquals("invalid value: 101. Valid memory swappiness range is 0-100", parseError("--memory-swappiness", "101", "x"));
    }

    @Test
    void healthChecks() throws Exception {
        var hc = spec("--health-cmd", "curl -f localhost", "--health-interval", "1m30s", "--health-retries", "3",
                "busybox").request().healthcheck();
        assertEquals(List.of("CMD-SHELL", "curl -f localhost"), hc.test());
        assertEquals(90_000_000_000L, hc.interval());
        assertEquals(3, hc.retries());
        assertEquals(List.of("NONE"), spec("--no-healthcheck", "busybox").request().healthcheck().test());
        assertNull(spec("busybox").request().healthcheck());
        assertEquals("invalid argument \"5\" for \"--health-interval\" flag: time: missing unit in duration \"5\"",
                flagError("--health-interval", "5", "x"));
        assertEquals("invalid argument \"5q\" for \"--health-interval\" flag: time: unknown unit \"q\" in duration \"5q\"",
                flagError("--health-interval", "5q", "x"));
        assertEquals("--no-healthcheck conflicts with --health-* options",
                parseError("--no-healthcheck", "--health-retries", "1", "x"));
    }

    @Test
    void attachInteractiveTtyAndDetach() throws Exception {
        ContainerCreateRequest it = spec("-it", "busybox", "sh").request();
        assertEquals(List.of(true, true, true, true, true, true), List.of(it.attachStdin(), it.attachStdout(),
                it.attachStderr(), it.tty(), it.openStdin(), it.stdinOnce()));
        ContainerCreateRequest d = spec("-d", "-i", "busybox").request();
        assertEquals(List.of(false, false, false, true, false), List.of(d.attachStdin(), d.attachStdout(), d.attachStderr(),
                d.openStdin(), d.stdinOnce()));
        ContainerCreateRequest a = spec("-a", "STDOUT", "busybox").request();
        assertEquals(List.of(false, true, false), List.of(a.attachStdin(), a.attachStdout(), a.attachStderr()));
        assertEquals("invalid argument \"foo\" for \"-a, --attach\" flag: valid streams are STDIN, STDOUT and STDERR",
                flagError("-a", "foo", "x"));
    }

    @Test
    void commandEntrypointAndFlagsAfterTheImage() throws Exception {
        ContainerCreateRequest r = spec("--entrypoint", "/bin/sh", "busybox", "-c", "--rm", "echo hi").request();
        assertEquals(List.of("/bin/sh"), r.entrypoint());
        assertEquals(List.of("-c", "--rm", "echo hi"), r.cmd(), "flags after the image are the command's");
        assertEquals(Boolean.FALSE, r.hostConfig().autoRemove());
        assertEquals(List.of(""), spec("--entrypoint=", "busybox").request().entrypoint());
        assertEquals("h1", spec("-h", "h1", "busybox").request().hostname(), "-h is --hostname, as in docker");
    }

    @Test
    void labelsHostsDnsCapabilitiesAndSecurity(@TempDir Path cwd) throws Exception {
        Files.writeString(cwd.resolve("labels"), "x=1\ny\n");
        ContainerCreateRequest r = spec(cwd, "-l", "a=b", "--label-file", "labels", "--add-host", "db:10.0.0.2",
                "--add-host", "gw=host-gateway", "--add-host", "v6=[::1]", "--dns", "2001:DB8:0:0::1", "--cap-add",
                "net_admin", "--cap-add", "NET_ADMIN", "--cap-drop", "all", "--security-opt", "no-new-privileges",
                "--security-opt", "systempaths=unconfined", "busybox").request();
        assertEquals(Map.of("a", "b", "x", "1"), r.labels());
        assertEquals(List.of("db:10.0.0.2", "gw:host-gateway", "v6:::1"), r.hostConfig().extraHosts());
        assertEquals(List.of("2001:db8::1"), r.hostConfig().dns());
        assertEquals(List.of("CAP_NET_ADMIN"), r.hostConfig().capAdd());
        assertEquals(List.of("ALL"), r.hostConfig().capDrop());
        assertEquals(List.of("no-new-privileges"), r.hostConfig().securityOpt());
        assertEquals(List.of(), r.hostConfig().maskedPaths());
        assertEquals("invalid argument \"nohost\" for \"--add-host\" flag: bad format for add-host: \"nohost\"",
                flagError("--add-host", "nohost", "x"));
        assertEquals("invalid argument \"8.8\" for \"--dns\" flag: IP address is not correctly formatted: 8.8",
                flagError("--dns", "8.8", "x"));
        assertEquals("Invalid --security-opt: \"foo\"", parseError("--security-opt", "foo", "x"));
    }

    @Test
    void networks() throws Exception {
        ContainerCreateRequest r = spec("--network", "mynet", "--network-alias", "web", "--ip", "10.1.0.5", "busybox").request();
        assertEquals("mynet", r.hostConfig().networkMode());
        assertEquals(List.of("web"), r.networkingConfig().endpointsConfig().get("mynet").aliases());
        assertEquals("10.1.0.5", r.networkingConfig().endpointsConfig().get("mynet").ipamConfig().ipv4Address());
        assertEquals(Map.of(), spec("--network", "host", "busybox").request().networkingConfig().endpointsConfig());
        assertTrue(spec("busybox").request().networkingConfig().endpointsConfig().containsKey("default"));
        ContainerCreateRequest longSyntax = spec("--network", "name=n1,alias=a1,alias=a2,driver-opt=k=v", "x").request();
        assertEquals(List.of("a1", "a2"), longSyntax.networkingConfig().endpointsConfig().get("n1").aliases());
        assertEquals(Map.of("k", "v"), longSyntax.networkingConfig().endpointsConfig().get("n1").driverOpts());
        assertEquals("network-scoped aliases are only supported for user-defined networks",
                parseError("--network-alias", "a", "x"));
        assertEquals("conflicting options: cannot attach both user-defined and non-user-defined network-modes",
                parseError("--network", "host", "--network", "mynet", "x"));
    }

    @Test
    void stopTimeoutInitAndOtherPointers() throws Exception {
        ContainerCreateRequest r = spec("--stop-timeout", "5", "--init", "--stop-signal", "SIGINT", "busybox").request();
        assertEquals(5, r.stopTimeout());
        assertEquals(Boolean.TRUE, r.hostConfig().init());
        assertEquals("SIGINT", r.stopSignal());
        ContainerCreateRequest plain = spec("busybox").request();
        assertNull(plain.stopTimeout(), "left out unless given");
        assertNull(plain.hostConfig().init());
        assertEquals(0, spec("--stop-timeout", "0", "busybox").request().stopTimeout());
    }

    @Test
    void pullNameAndPlatformAreKeptForTheCommand() throws Exception {
        ContainerSpec s = spec("--pull", "never", "--name", "web", "--platform", "linux/amd64", "-q", "busybox");
        assertEquals("never", s.pull());
        assertEquals("web", s.name());
        assertEquals("linux/amd64", s.platform());
        assertTrue(s.quiet());
        assertEquals("missing", spec("busybox").pull());
    }
}

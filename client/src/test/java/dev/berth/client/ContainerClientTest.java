package dev.berth.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.ContainerCreateRequest;
import dev.berth.api.ContainerCreateResponse;
import dev.berth.api.ContainerInspect;
import dev.berth.api.ContainerPathStat;
import dev.berth.api.ContainerStats;
import dev.berth.api.ContainerSummary;
import dev.berth.api.ContainerUpdateRequest;
import dev.berth.api.ContainerWaitResponse;
import dev.berth.api.EndpointSettings;
import dev.berth.api.ExecCreateRequest;
import dev.berth.api.ExecStartRequest;
import dev.berth.api.Filters;
import dev.berth.api.HealthConfig;
import dev.berth.api.HostConfig;
import dev.berth.api.LogConfig;
import dev.berth.api.Mount;
import dev.berth.api.NetworkingConfig;
import dev.berth.api.PortBinding;
import dev.berth.api.RestartPolicy;
import dev.berth.api.Ulimit;
import dev.berth.client.transport.Hijack;
import dev.berth.client.transport.HttpRequest;
import dev.berth.common.EngineException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The container half of {@link DockerClient}: requests as docker CLI 28 sends them, answers decoded. */
class ContainerClientTest {
    private static final String ID = "c0ffee00".repeat(8);
    private final RecordingTransport transport = new RecordingTransport();
    private final DockerClient client = new DockerClient(transport, "unix:///run/berth/berth.sock");

    private String body(int i) {
        return new String(transport.sent.get(i).body(), StandardCharsets.UTF_8);
    }

    /** The body docker CLI 28.2.2 sent for {@code docker create --name c1 busybox} (captured). */
    private static final String DOCKER_CREATE_BODY = "{\"Hostname\":\"\",\"Domainname\":\"\",\"User\":\"\",\"AttachStdin\":false,"
            + "\"AttachStdout\":true,\"AttachStderr\":true,\"Tty\":false,\"OpenStdin\":false,\"StdinOnce\":false,\"Env\":null,"
            + "\"Cmd\":null,\"Image\":\"busybox\",\"Volumes\":{},\"WorkingDir\":\"\",\"Entrypoint\":null,\"OnBuild\":null,"
            + "\"Labels\":{},\"HostConfig\":{\"Binds\":null,\"ContainerIDFile\":\"\",\"LogConfig\":{\"Type\":\"\",\"Config\":{}},"
            + "\"NetworkMode\":\"default\",\"PortBindings\":{},\"RestartPolicy\":{\"Name\":\"no\",\"MaximumRetryCount\":0},"
            + "\"AutoRemove\":false,\"VolumeDriver\":\"\",\"VolumesFrom\":null,\"ConsoleSize\":[0,0],\"CapAdd\":null,"
            + "\"CapDrop\":null,\"CgroupnsMode\":\"\",\"Dns\":[],\"DnsOptions\":[],\"DnsSearch\":[],\"ExtraHosts\":null,"
            + "\"GroupAdd\":null,\"IpcMode\":\"\",\"Cgroup\":\"\",\"Links\":null,\"OomScoreAdj\":0,\"PidMode\":\"\","
            + "\"Privileged\":false,\"PublishAllPorts\":false,\"ReadonlyRootfs\":false,\"SecurityOpt\":null,\"UTSMode\":\"\","
            + "\"UsernsMode\":\"\",\"ShmSize\":0,\"Isolation\":\"\",\"CpuShares\":0,\"Memory\":0,\"NanoCpus\":0,"
            + "\"CgroupParent\":\"\",\"BlkioWeight\":0,\"BlkioWeightDevice\":[],\"BlkioDeviceReadBps\":[],"
            + "\"BlkioDeviceWriteBps\":[],\"BlkioDeviceReadIOps\":[],\"BlkioDeviceWriteIOps\":[],\"CpuPeriod\":0,"
            + "\"CpuQuota\":0,\"CpuRealtimePeriod\":0,\"CpuRealtimeRuntime\":0,\"CpusetCpus\":\"\",\"CpusetMems\":\"\","
            + "\"Devices\":[],\"DeviceCgroupRules\":null,\"DeviceRequests\":null,\"MemoryReservation\":0,\"MemorySwap\":0,"
            + "\"MemorySwappiness\":-1,\"OomKillDisable\":false,\"PidsLimit\":0,\"Ulimits\":[],\"CpuCount\":0,"
            + "\"CpuPercent\":0,\"IOMaximumIOps\":0,\"IOMaximumBandwidth\":0,\"MaskedPaths\":null,\"ReadonlyPaths\":null},"
            + "\"NetworkingConfig\":{\"EndpointsConfig\":{\"default\":{\"IPAMConfig\":null,\"Links\":null,\"Aliases\":null,"
            + "\"MacAddress\":\"\",\"DriverOpts\":null,\"GwPriority\":0,\"NetworkID\":\"\",\"EndpointID\":\"\","
            + "\"Gateway\":\"\",\"IPAddress\":\"\",\"IPPrefixLen\":0,\"IPv6Gateway\":\"\",\"GlobalIPv6Address\":\"\","
            + "\"GlobalIPv6PrefixLen\":0,\"DNSNames\":null}}}}\n";

    static HostConfig defaultHostConfig() {
        return new HostConfig(null, "", new LogConfig("", Map.of()), "default", Map.of(), new RestartPolicy("no", 0), false,
                "", null, List.of(0, 0), null, null, null, "", List.of(), List.of(), List.of(), null, null, "", "", null, 0,
                "", false, false, false, null, Map.of(), Map.of(), "", "", 0L, null, "", "", 0L, 0L, 0L, "", 0, List.of(),
                List.of(), List.of(), List.of(), List.of(), 0L, 0L, 0L, 0L, "", "", List.of(), null, null, null, null, 0L, 0L,
                -1L, false, 0L, List.of(), 0L, 0L, 0L, 0L, null, null, null, null);
    }

    @Test
    void createSendsTheBodyDockerSends() {
        transport.answer(201, "{\"Id\":\"" + ID + "\",\"Warnings\":[]}\n");
        Map<String, EndpointSettings> eps = new LinkedHashMap<>();
        eps.put("default", EndpointSettings.requested(null, null, null, "", null));
        ContainerCreateRequest req = new ContainerCreateRequest("", "", "", false, true, true, Map.of(), false, false, false,
                null, null, null, null, "busybox", Map.of(), "", null, null, "", null, Map.of(), "", null, null,
                defaultHostConfig(), new NetworkingConfig(eps));
        ContainerCreateResponse r = client.createContainer(req, "c1", null);
        assertEquals(ID, r.id());
        assertEquals(List.of(), r.warnings());
        HttpRequest sent = transport.last();
        assertEquals("POST", sent.method());
        assertEquals("/v1.41/containers/create", sent.path());
        assertEquals(Map.of("name", List.of("c1")), sent.query());
        assertEquals("application/json", sent.headers().get("Content-Type"));
        assertEquals(DOCKER_CREATE_BODY, body(0));
    }

    @Test
    void createWritesOptionalPartsAsGoDoes() {
        transport.answer(201, "{\"Id\":\"x\",\"Warnings\":null}");
        HostConfig h = defaultHostConfig();
        Map<String, List<PortBinding>> ports = new LinkedHashMap<>();
        ports.put("80/udp", List.of(new PortBinding("127.0.0.1", "8080")));
        ports.put("443/tcp", null);
        HostConfig withMore = new HostConfig(h.binds(), h.containerIdFile(), h.logConfig(), h.networkMode(), ports,
                h.restartPolicy(), h.autoRemove(), h.volumeDriver(), h.volumesFrom(), h.consoleSize(), null, h.capAdd(),
                h.capDrop(), h.cgroupnsMode(), h.dns(), h.dnsOptions(), h.dnsSearch(), h.extraHosts(), h.groupAdd(),
                h.ipcMode(), h.cgroup(), h.links(), h.oomScoreAdj(), h.pidMode(), h.privileged(), h.publishAllPorts(),
                h.readonlyRootfs(), h.securityOpt(), h.storageOpt(), Map.of("/run", "size=1m"), h.utsMode(),
                h.usernsMode(), h.shmSize(), null, "runc", h.isolation(), h.cpuShares(), h.memory(), h.nanoCpus(),
                h.cgroupParent(), h.blkioWeight(), h.blkioWeightDevice(), h.blkioDeviceReadBps(), h.blkioDeviceWriteBps(),
                h.blkioDeviceReadIOps(), h.blkioDeviceWriteIOps(), h.cpuPeriod(), h.cpuQuota(), h.cpuRealtimePeriod(),
                h.cpuRealtimeRuntime(), h.cpusetCpus(), h.cpusetMems(), h.devices(), h.deviceCgroupRules(),
                h.deviceRequests(), null, null, h.memoryReservation(), h.memorySwap(), h.memorySwappiness(),
                h.oomKillDisable(), h.pidsLimit(), List.of(new Ulimit("nofile", 2048, 1024)), h.cpuCount(), h.cpuPercent(),
                h.ioMaximumIOps(), h.ioMaximumBandwidth(),
                List.of(new Mount("bind", "/a", "/b", true, null, null, null, null, null)), null, null, true);
        ContainerCreateRequest req = new ContainerCreateRequest("", "", "", false, false, false,
                Map.of("80/udp", Map.of()), false, false, false, List.of("A=<b>&c"), List.of("sh"),
                new HealthConfig(List.of("NONE"), 0L, null, null, null, 0), null, "busybox", Map.of(), "", List.of(""),
                null, null, null, Map.of("k", "v"), "SIGINT", 5, null, withMore, new NetworkingConfig(Map.of()));
        client.createContainer(req, null, "linux/amd64");
        assertEquals(Map.of("platform", List.of("linux/amd64")), transport.last().query());
        String b = body(0);
        assertTrue(b.contains("\"ExposedPorts\":{\"80/udp\":{}},"), b);
        assertTrue(b.contains("\"Env\":[\"A=\\u003cb\\u003e\\u0026c\"]"), "Go escapes HTML characters: " + b);
        assertTrue(b.contains("\"Healthcheck\":{\"Test\":[\"NONE\"]},\"Image\""), "omitempty durations: " + b);
        assertTrue(b.contains("\"Entrypoint\":[\"\"]"), b);
        assertTrue(b.contains("\"StopSignal\":\"SIGINT\",\"StopTimeout\":5,\"HostConfig\""), b);
        assertTrue(b.contains("\"PortBindings\":{\"443/tcp\":null,\"80/udp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"8080\"}]}"),
                "map keys sorted: " + b);
        assertTrue(b.contains("\"SecurityOpt\":null,\"Tmpfs\":{\"/run\":\"size=1m\"},\"UTSMode\""), b);
        assertTrue(b.contains("\"ShmSize\":0,\"Runtime\":\"runc\",\"Isolation\""), b);
        assertTrue(b.contains("\"Ulimits\":[{\"Name\":\"nofile\",\"Hard\":2048,\"Soft\":1024}]"), b);
        assertTrue(b.contains("\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/a\",\"Target\":\"/b\",\"ReadOnly\":true}],"), b);
        assertTrue(b.endsWith("\"Init\":true},\"NetworkingConfig\":{\"EndpointsConfig\":{}}}\n"), b);
    }

    @Test
    void lifecycleRequests() {
        client.startContainer("web");
        transport.answer(304, "");
        client.stopContainer("web", 5, "SIGINT");
        client.restartContainer("web", null, null);
        client.killContainer("web", "HUP");
        client.pauseContainer("web");
        client.unpauseContainer("web");
        client.removeContainer("web", true, true, true);
        client.renameContainer("web", "web2");
        client.resizeContainer("web", 40, 120);
        List<String> got = transport.sent.stream().map(s -> s.request().method() + " " + s.request().path() + " "
                + new java.util.TreeMap<>(s.request().query())).toList();
        assertEquals(List.of(
                "POST /v1.41/containers/web/start {}",
                "POST /v1.41/containers/web/stop {t=[5]}", // the signal needs API 1.42, as in docker's client
                "POST /v1.41/containers/web/restart {}",
                "POST /v1.41/containers/web/kill {signal=[HUP]}",
                "POST /v1.41/containers/web/pause {}",
                "POST /v1.41/containers/web/unpause {}",
                "DELETE /v1.41/containers/web {force=[1], link=[1], v=[1]}",
                "POST /v1.41/containers/web/rename {name=[web2]}",
                "POST /v1.41/containers/web/resize {h=[40], w=[120]}"), got);
    }

    @Test
    void emptyIdsAreRefusedBeforeSending() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client.startContainer("  "));
        assertEquals("invalid container name or ID: value is empty", e.getMessage());
        assertTrue(transport.sent.isEmpty());
    }

    @Test
    void errorsCarryTheDaemonsMessage() {
        transport.answer(404, "{\"message\":\"No such container: nosuch\"}");
        EngineException e = assertThrows(EngineException.class, () -> client.killContainer("nosuch", null));
        assertInstanceOf(EngineException.NotFound.class, e);
        assertEquals("No such container: nosuch", e.getMessage());
    }

    @Test
    void waitReturnsOnceAcceptedAndGivesTheStatusLater() {
        transport.answer(200, "{\"Error\":null,\"StatusCode\":3}\n");
        try (ContainerWait w = client.waitContainer(ID, "next-exit")) {
            assertEquals(Map.of("condition", List.of("next-exit")), transport.last().query());
            ContainerWaitResponse r = w.await();
            assertEquals(3, r.statusCode());
            assertNull(r.error());
        }
        transport.answer(200, "{\"Error\":{\"Message\":\"container vanished\"},\"StatusCode\":-1}");
        ContainerWaitResponse failed = client.waitContainer(ID, null).await();
        assertEquals("container vanished", failed.error().message());
        assertTrue(transport.last().query().isEmpty());
    }

    @Test
    void listDecodesSummaries() {
        transport.answer(200, "[{\"Id\":\"" + ID + "\",\"Names\":[\"/web\"],\"Image\":\"busybox\",\"ImageID\":\"sha256:c3\","
                + "\"Command\":\"sh\",\"Created\":1795345000,\"Ports\":[{\"IP\":\"0.0.0.0\",\"PrivatePort\":80,"
                + "\"PublicPort\":8080,\"Type\":\"tcp\"},{\"PrivatePort\":443,\"Type\":\"tcp\"}],\"SizeRw\":12,"
                + "\"Labels\":{\"a\":\"b\"},\"State\":\"running\",\"Status\":\"Up 2 hours\",\"HostConfig\":{\"NetworkMode\":"
                + "\"default\"},\"NetworkSettings\":{\"Networks\":{\"bridge\":{\"IPAddress\":\"172.17.0.2\"}}},\"Mounts\":"
                + "[{\"Type\":\"volume\",\"Name\":\"v\",\"Destination\":\"/data\",\"Driver\":\"local\",\"RW\":true}]}]");
        List<ContainerSummary> list = client.listContainers(new ContainerListOptions(true, 2, true,
                Filters.of(Map.of("status", List.of("exited")))));
        HttpRequest r = transport.last();
        assertEquals("/v1.41/containers/json", r.path());
        assertEquals(List.of("1"), r.query().get("all"));
        assertEquals(List.of("2"), r.query().get("limit"));
        assertEquals(List.of("1"), r.query().get("size"));
        assertEquals(List.of("{\"status\":{\"exited\":true}}"), r.query().get("filters"));
        ContainerSummary c = list.get(0);
        assertEquals(List.of("/web"), c.names());
        assertEquals(8080, c.ports().get(0).publicPort());
        assertEquals(0, c.ports().get(1).publicPort());
        assertEquals(12L, c.sizeRw());
        assertNull(c.sizeRootFs());
        assertEquals("172.17.0.2", c.networkSettings().networks().get("bridge").ipAddress());
        assertEquals("local", c.mounts().get(0).driver());
        transport.answer(200, "[]");
        assertTrue(client.listContainers(ContainerListOptions.defaults()).isEmpty());
        assertTrue(transport.last().query().isEmpty(), "plain docker ps sends no query");
    }

    @Test
    void inspectDecodesTheFieldsCommandsUse() {
        String json = "{\"Id\":\"" + ID + "\",\"Name\":\"/web\",\"State\":{\"Status\":\"running\",\"Running\":true,"
                + "\"Paused\":false,\"Pid\":42,\"ExitCode\":0,\"StartedAt\":\"2026-11-22T11:00:00Z\",\"Health\":{\"Status\":"
                + "\"healthy\",\"FailingStreak\":0,\"Log\":[]}},\"Config\":{\"Tty\":true,\"OpenStdin\":true,\"Cmd\":[\"sh\"],"
                + "\"Labels\":{\"a\":\"b\"}},\"HostConfig\":{\"AutoRemove\":true,\"Memory\":536870912,\"RestartPolicy\":"
                + "{\"Name\":\"always\",\"MaximumRetryCount\":0},\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":"
                + "\"8080\"}]}},\"NetworkSettings\":{\"Ports\":{\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"8080\"}],"
                + "\"443/tcp\":null},\"Networks\":{\"bridge\":{\"IPAddress\":\"172.17.0.2\",\"IPPrefixLen\":16}}}}";
        transport.answer(200, json);
        ContainerInspect c = client.inspectContainer("web", true);
        assertEquals(List.of("1"), transport.last().query().get("size"));
        assertEquals("/web", c.name());
        assertTrue(c.state().running());
        assertEquals(42, c.state().pid());
        assertEquals("healthy", c.state().health().status());
        assertEquals(Boolean.TRUE, c.config().tty());
        assertEquals(Boolean.TRUE, c.hostConfig().autoRemove());
        assertEquals(536870912L, c.hostConfig().memory());
        assertEquals("always", c.hostConfig().restartPolicy().name());
        assertEquals("8080", c.networkSettings().ports().get("80/tcp").get(0).hostPort());
        assertTrue(c.networkSettings().ports().containsKey("443/tcp"));
        assertNull(c.networkSettings().ports().get("443/tcp"));
        assertEquals(16, c.networkSettings().networks().get("bridge").ipPrefixLen());
    }

    @Test
    void logsAskWhatDockerAsks() throws IOException {
        transport.answer(200, "application/vnd.docker.raw-stream", "\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0003hi\n");
        try (var in = client.containerLogs(ID, new LogsOptions(true, true, "1795305600", null, true, true, "2", false))) {
            assertEquals(11, in.readAllBytes().length);
        }
        Map<String, List<String>> q = transport.last().query();
        assertEquals(List.of("1"), q.get("stdout"));
        assertEquals(List.of("1"), q.get("stderr"));
        assertEquals(List.of("1795305600"), q.get("since"));
        assertEquals(List.of("1"), q.get("timestamps"));
        assertEquals(List.of("1"), q.get("follow"));
        assertEquals(List.of("2"), q.get("tail"));
        assertNull(q.get("details"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> client.containerLogs(ID, new LogsOptions(true, true, "2026-13-45", null, false, false, "all", false)));
        assertTrue(bad.getMessage().startsWith("invalid value for \"since\": "), bad.getMessage());
    }

    @Test
    void attachHijacksWithDockersQuery() throws IOException {
        RecordingTransport.FakeHijack h = new RecordingTransport.FakeHijack(101, FrameWriter.frame(1, "hello\n"));
        transport.hijacks.add(h);
        Hijack conn = client.attachContainer(ID, AttachOptions.streams(true, true, true, "ctrl-x"));
        HttpRequest r = transport.hijacked.get(0);
        assertEquals("POST", r.method());
        assertEquals("/v1.41/containers/" + ID + "/attach", r.path());
        assertEquals(Map.of("stream", List.of("1"), "stdin", List.of("1"), "stdout", List.of("1"), "stderr", List.of("1"),
                "detachKeys", List.of("ctrl-x")), r.query());
        assertEquals("text/plain", r.headers().get("Content-Type"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StdCopy.copy(conn.input(), out, null);
        assertEquals("hello\n", out.toString(StandardCharsets.UTF_8));

        transport.hijacks.add(new RecordingTransport.FakeHijack(404,
                "{\"message\":\"No such container: x\"}".getBytes(StandardCharsets.UTF_8)));
        EngineException e = assertThrows(EngineException.NotFound.class,
                () -> client.attachContainer("x", AttachOptions.streams(false, true, true, null)));
        assertEquals("No such container: x", e.getMessage());
    }

    @Test
    void execCreateStartAndInspect() {
        transport.answer(201, "{\"Id\":\"e0\"}");
        String id = client.createExec("web", new ExecCreateRequest("nobody", true, false, List.of(40, 120), false, true,
                true, false, "", List.of("A=1"), "/tmp", List.of("env")));
        assertEquals("e0", id);
        assertEquals("{\"User\":\"nobody\",\"Privileged\":true,\"Tty\":false,\"AttachStdin\":false,\"AttachStderr\":true,"
                + "\"AttachStdout\":true,\"Detach\":false,\"DetachKeys\":\"\",\"Env\":[\"A=1\"],\"WorkingDir\":\"/tmp\","
                + "\"Cmd\":[\"env\"]}\n", body(0), "ConsoleSize is dropped below API 1.42, as docker's client does");

        transport.hijacks.add(new RecordingTransport.FakeHijack(101, new byte[0]));
        client.startExec("e0", new ExecStartRequest(false, true, null));
        HttpRequest start = transport.hijacked.get(0);
        assertEquals("/v1.41/exec/e0/start", start.path());
        assertEquals("{\"Detach\":false,\"Tty\":true}\n", new String(start.body(), StandardCharsets.UTF_8));
        assertEquals("application/json", start.headers().get("Content-Type"));

        client.startExecDetached("e0", new ExecStartRequest(true, false, null));
        assertEquals("{\"Detach\":true,\"Tty\":false}\n", body(1));

        transport.answer(200, "{\"ID\":\"e0\",\"Running\":false,\"ExitCode\":5,\"ProcessConfig\":{\"tty\":false,"
                + "\"entrypoint\":\"ls\",\"arguments\":[\"/\"],\"privileged\":false},\"ContainerID\":\"web\",\"Pid\":7}");
        assertEquals(5, client.inspectExec("e0").exitCode());
        client.resizeExec("e0", 40, 120);
        assertEquals("/v1.41/exec/e0/resize", transport.last().path());
    }

    @Test
    void statsStreamOneSamplePerLine() {
        transport.answer(200, "{\"name\":\"/web\",\"id\":\"" + ID + "\",\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":2},"
                + "\"system_cpu_usage\":4,\"online_cpus\":2},\"memory_stats\":{\"usage\":10,\"stats\":{\"inactive_file\":2},"
                + "\"limit\":100},\"pids_stats\":{\"current\":3}}\n{\"name\":\"/web\"}\n");
        try (StatsStream s = client.stats("web", true)) {
            assertEquals(List.of("1"), transport.last().query().get("stream"));
            ContainerStats first = s.next();
            assertEquals(2, first.cpuStats().cpuUsage().totalUsage());
            assertEquals(2L, first.memoryStats().stats().get("inactive_file"));
            assertEquals(3, first.pidsStats().current());
            assertTrue(s.hasNext());
            assertNull(s.next().cpuStats());
            assertFalse(s.hasNext());
        }
    }

    @Test
    void archiveStatGetAndPut() throws IOException {
        String stat = "{\"name\":\"hosts\",\"size\":11,\"mode\":2147484141,\"mtime\":\"2026-11-22T12:00:00Z\",\"linkTarget\":\"\"}";
        String header = Base64.getEncoder().encodeToString(stat.getBytes(StandardCharsets.UTF_8));
        transport.answer(200, "application/x-tar", "", ContainerPathStat.HEADER, header);
        ContainerPathStat s = client.statContainerPath("web", "/etc");
        assertEquals("HEAD", transport.last().method());
        assertEquals(Map.of("path", List.of("/etc")), transport.last().query());
        assertTrue(s.isDirectory());
        assertFalse(s.isSymlink());

        transport.answer(200, "application/x-tar", "TAR", ContainerPathStat.HEADER, header);
        try (ArchiveResponse a = client.getArchive("web", "/etc/hosts")) {
            assertEquals("hosts", a.stat().name());
            assertArrayEquals("TAR".getBytes(StandardCharsets.UTF_8), a.tar().readAllBytes());
        }

        client.putArchive("web", "/tmp", new ByteArrayInputStream("T".getBytes(StandardCharsets.UTF_8)), false, true);
        HttpRequest put = transport.last();
        assertEquals("PUT", put.method());
        assertEquals(Map.of("path", List.of("/tmp"), "noOverwriteDirNonDir", List.of("true"), "copyUIDGID", List.of("true")),
                put.query());
        assertEquals("T", body(2));

        transport.answer(200, "application/x-tar", "TAR");
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> client.getArchive("web", "/x"));
        assertTrue(e.getMessage().contains("unable to get resource stat from response"), e.getMessage());
    }

    @Test
    void commitQueryAndReferenceChecks() {
        transport.answer(201, "{\"Id\":\"sha256:ab\"}");
        assertEquals("sha256:ab", client.commit("web", new CommitOptions("repo/x:t1", "msg", "me", List.of("CMD [\"sh\"]"),
                false)));
        Map<String, List<String>> q = transport.last().query();
        assertEquals(List.of("web"), q.get("container"));
        assertEquals(List.of("docker.io/repo/x"), q.get("repo"));
        assertEquals(List.of("t1"), q.get("tag"));
        assertEquals(List.of("msg"), q.get("comment"));
        assertEquals(List.of("me"), q.get("author"));
        assertEquals(List.of("CMD [\"sh\"]"), q.get("changes"));
        assertEquals(List.of("0"), q.get("pause"));

        client.commit("web", new CommitOptions(null, null, null, null, true));
        Map<String, List<String>> plain = transport.last().query();
        assertEquals(List.of(""), plain.get("repo"));
        assertNull(plain.get("pause"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client.commit("web",
                new CommitOptions("x@sha256:" + "0".repeat(64), null, null, null, true)));
        assertEquals("refusing to create a tag with a digest reference", e.getMessage());
    }

    @Test
    void updatePruneTopChanges() {
        transport.answer(200, "{\"Warnings\":[\"no swap\"]}");
        ContainerUpdateRequest u = new ContainerUpdateRequest(0L, 268435456L, 2000000000L, "", 0, null, null, null, null,
                null, 0L, 0L, 0L, 0L, "", "", null, null, null, null, null, 0L, 0L, null, null, null, null, 0L, 0L, 0L, 0L,
                new RestartPolicy("always", 0));
        assertEquals(List.of("no swap"), client.updateContainer("web", u).warnings());
        assertEquals("{\"CpuShares\":0,\"Memory\":268435456,\"NanoCpus\":2000000000,\"CgroupParent\":\"\",\"BlkioWeight\":0,"
                + "\"BlkioWeightDevice\":null,\"BlkioDeviceReadBps\":null,\"BlkioDeviceWriteBps\":null,"
                + "\"BlkioDeviceReadIOps\":null,\"BlkioDeviceWriteIOps\":null,\"CpuPeriod\":0,\"CpuQuota\":0,"
                + "\"CpuRealtimePeriod\":0,\"CpuRealtimeRuntime\":0,\"CpusetCpus\":\"\",\"CpusetMems\":\"\",\"Devices\":null,"
                + "\"DeviceCgroupRules\":null,\"DeviceRequests\":null,\"MemoryReservation\":0,\"MemorySwap\":0,"
                + "\"MemorySwappiness\":null,\"OomKillDisable\":null,\"PidsLimit\":null,\"Ulimits\":null,\"CpuCount\":0,"
                + "\"CpuPercent\":0,\"IOMaximumIOps\":0,\"IOMaximumBandwidth\":0,\"RestartPolicy\":{\"Name\":\"always\","
                + "\"MaximumRetryCount\":0}}\n", body(0), "as docker CLI 28 sent it for update --memory 256m --cpus 2 --restart always");

        transport.answer(200, "{\"ContainersDeleted\":null,\"SpaceReclaimed\":0}");
        assertNull(client.pruneContainers(Filters.of(Map.of("until", List.of("24h")))).containersDeleted());
        assertEquals(List.of("{\"until\":{\"24h\":true}}"), transport.last().query().get("filters"));

        transport.answer(200, "{\"Titles\":[\"PID\",\"CMD\"],\"Processes\":[[\"1\",\"sh\"]]}");
        assertEquals(List.of(List.of("1", "sh")), client.top("web", List.of("aux", "-o", "pid")).processes());
        assertEquals(List.of("aux -o pid"), transport.last().query().get("ps_args"));

        transport.answer(200, "[{\"Path\":\"/etc\",\"Kind\":0},{\"Path\":\"/x\",\"Kind\":2}]");
        assertEquals("D", client.containerChanges("web").get(1).kindLetter());
    }

    @Test
    void pullForRunUsesTheNormalisedName() {
        transport.answer(200, "{\"status\":\"Pulling from library/busybox\",\"id\":\"latest\"}\r\n");
        try (JsonMessageStream s = client.pullImage("busybox", null, "e30=")) {
            s.forEachRemaining(m -> { });
        }
        HttpRequest r = transport.last();
        assertEquals("/v1.41/images/create", r.path());
        assertEquals(Map.of("fromImage", List.of("docker.io/library/busybox"), "tag", List.of("latest")), r.query());
        assertEquals("e30=", r.headers().get("X-Registry-Auth"));
    }
}

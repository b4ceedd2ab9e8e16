package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.ApiJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Limits, stats, update, health checks, OOM reporting, {@code --init} and what a container cannot
 * touch, through the real docker CLI 28 against berthd. (Seeing only its own processes, mounting
 * {@code /dev/vda} and writing {@code /proc/sys/kernel/modprobe} are in {@link ContainersDockerCliIT}.)
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.BUSYBOX, Tool.RUNC, Tool.CONMON})
class ContainerResourcesDockerCliIT {
    private static final long MIB = 1024 * 1024;

    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();

    static DockerCli docker;

    @BeforeAll
    static void image() {
        docker = berthd.docker();
        Images.busybox().importInto(docker);
    }

    @AfterEach
    void removeContainers() {
        docker.removeAllContainers();
    }

    @Test
    void theMemoryLimitKillsAProcessThatExceedsItAndInspectSaysOomKilled() {
        Instant before = Instant.now().minusSeconds(1);
        CliResult run = docker.run("run", "--name", "oom", "-m", "32m", "busybox", "sh", "-c", "x=a; while true; do x=$x$x; done");
        assertEquals(137, run.exitCode(), run.describe());
        assertEquals("exited 137 true", inspect("oom", "{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}}"));
        String events = docker.ok("events", "--since", Long.toString(before.getEpochSecond()),
                "--until", Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "container=oom",
                "--format", "{{.Action}}").stdout();
        assertTrue(events.contains("oom\ndie"), "an oom event, then die: " + events);

        docker.ok("run", "--name", "fits", "-m", "32m", "busybox", "true");
        assertEquals("0 false", inspect("fits", "{{.State.ExitCode}} {{.State.OOMKilled}}"));
    }

    @Test
    void anOomKillOfAChildIsReportedAtOnceAndTheContainerGoesOn() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        docker.ok("run", "-d", "--name", "child", "-m", "32m", "busybox", "sh", "-c",
                "sh -c 'x=a; while true; do x=$x$x; done'; echo child $?; sleep 300");
        waitUntil(() -> oomEvents("child", before).equals(List.of("oom")), Duration.ofSeconds(20), "an oom event while it runs");
        assertEquals("running", inspect("child", "{{.State.Status}}"));
        assertEquals("child 137", docker.ok("logs", "child").stdout().strip());
        docker.ok("kill", "child");
        assertEquals("137 true", inspect("child", "{{.State.ExitCode}} {{.State.OOMKilled}}"), "OOMKilled: a process of the run was");
        assertEquals(List.of("oom"), oomEvents("child", before), "one oom event, not another at exit");
    }

    private static List<String> oomEvents(String container, Instant since) {
        return docker.ok("events", "--since", Long.toString(since.getEpochSecond()), "--until", Long.toString(Instant.now().getEpochSecond() + 1),
                "--filter", "container=" + container, "--filter", "event=oom", "--format", "{{.Action}}").stdoutLines();
    }

    @Test
    void thePidsLimitStopsAForkBombAndTheContainerSurvives() throws Exception {
        String id = docker.ok("run", "-d", "--name", "pids", "--pids-limit", "20", "busybox", "sleep", "300").stdout().strip();
        docker.ok("exec", "-d", "pids", "sh", "-c", "bomb() { bomb | bomb & }; bomb");
        Path events = cgroupFile("pids", id, "pids.events");
        waitUntil(() -> maxEvents(events) > 0, Duration.ofSeconds(20), "forks refused at the limit (" + events + ")");
        assertTrue(Long.parseLong(Files.readString(cgroupFile("pids", id, "pids.current")).strip()) <= 20);
        assertEquals("20", Files.readString(cgroupFile("pids", id, "pids.max")).strip());
        assertEquals("running 20", inspect("pids", "{{.State.Status}} {{.HostConfig.PidsLimit}}"));
        docker.ok("rm", "-f", "pids");
        assertFalse(Files.exists(events.getParent()), "the cgroup went with the container");
    }

    @Test
    void updateChangesTheMemoryLimitOfARunningContainer() {
        docker.ok("run", "-d", "--name", "upd", "-m", "32m", "busybox", "sleep", "300");
        assertEquals(Long.toString(32 * MIB), docker.ok("exec", "upd", "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes").stdout().strip());
        assertEquals("upd", docker.ok("update", "--memory", "64m", "--pids-limit", "50", "--restart", "on-failure:3", "upd").stdout().strip());
        assertEquals(Long.toString(64 * MIB), docker.ok("exec", "upd", "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes").stdout().strip());
        assertEquals("50", docker.ok("exec", "upd", "cat", "/sys/fs/cgroup/pids/pids.max").stdout().strip());
        assertEquals(64 * MIB + " 50 on-failure 3", inspect("upd",
                "{{.HostConfig.Memory}} {{.HostConfig.PidsLimit}} {{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}"));

        CliResult tooBig = docker.run("update", "--memory", "256m", "upd");
        assertNotEquals(0, tooBig.exitCode(), tooBig.describe());
        assertTrue(tooBig.stderr().contains("Memory limit should be smaller than already set memoryswap limit"), tooBig.describe());

        docker.ok("stop", "-t", "0", "upd");
        docker.ok("update", "--memory", "48m", "upd");
        docker.ok("start", "upd");
        assertEquals(Long.toString(48 * MIB), docker.ok("exec", "upd", "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes").stdout().strip(),
                "an update of a stopped container applies at its next start");
    }

    @Test
    void statsShowTheMemoryLimitPidsAndZerosForAStoppedContainer() {
        docker.ok("run", "-d", "--name", "st", "-m", "32m", "busybox", "sleep", "300");
        String row = docker.ok("stats", "--no-stream", "--format", "{{.Name}}|{{.MemUsage}}|{{.PIDs}}|{{.CPUPerc}}|{{.NetIO}}|{{.BlockIO}}", "st").stdout().strip();
        String[] f = row.split("\\|");
        assertEquals("st", f[0], row);
        assertTrue(f[1].matches("[0-9.]+[KM]iB / 32MiB"), row);
        assertEquals("1", f[2], row);
        assertTrue(f[3].matches("[0-9]+\\.[0-9]{2}%"), row);
        assertTrue(f[4].matches("[0-9.]+k?B / [0-9.]+k?B"), row);
        assertTrue(f[5].matches("[0-9.]+[kMG]?B / [0-9.]+[kMG]?B"), row);

        docker.ok("run", "--name", "stopped", "busybox", "true");
        String stopped = docker.ok("stats", "--no-stream", "--format", "{{.MemUsage}}|{{.PIDs}}|{{.CPUPerc}}", "stopped").stdout().strip();
        assertEquals("0B / 0B|0|0.00%", stopped);
    }

    @Test
    void aHealthCheckGoesFromStartingToHealthy() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        // failures in the start period do not count: it stays starting until the first pass, however slow this machine is
        docker.ok("run", "-d", "--name", "hc", "--health-cmd", "test -e /tmp/ready", "--health-interval", "500ms",
                "--health-retries", "1", "--health-start-period", "60s", "busybox", "sh", "-c", "sleep 2; touch /tmp/ready; sleep 300");
        assertEquals("starting", inspect("hc", "{{.State.Health.Status}}"));
        assertTrue(docker.ok("ps", "--format", "{{.Status}}").stdout().strip().endsWith("(health: starting)"));
        waitUntil(() -> inspect("hc", "{{.State.Health.Status}}").equals("healthy"), Duration.ofSeconds(20), "healthy");
        assertTrue(docker.ok("ps", "--format", "{{.Status}}").stdout().strip().endsWith("(healthy)"));
        assertEquals("hc", docker.ok("ps", "--filter", "health=healthy", "--format", "{{.Names}}").stdout().strip());
        assertEquals("", docker.ok("ps", "--filter", "health=unhealthy", "--format", "{{.Names}}").stdout().strip());
        assertEquals("0", inspect("hc", "{{.State.Health.FailingStreak}}"));
        String codes = inspect("hc", "{{range .State.Health.Log}}{{.ExitCode}} {{end}}");
        assertTrue(codes.endsWith("0"), "the last check passed: " + codes);
        String events = docker.ok("events", "--since", Long.toString(before.getEpochSecond()),
                "--until", Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "container=hc",
                "--filter", "event=health_status", "--format", "{{.Action}}").stdout();
        assertTrue(events.contains("health_status: healthy"), events);
    }

    @Test
    void aFailingHealthCheckMakesItUnhealthy() throws Exception {
        docker.ok("run", "-d", "--name", "sick", "--health-cmd", "echo not ready; exit 1", "--health-interval", "500ms",
                "--health-retries", "2", "busybox", "sleep", "300");
        waitUntil(() -> inspect("sick", "{{.State.Health.Status}}").equals("unhealthy"), Duration.ofSeconds(20), "unhealthy");
        String[] f = inspect("sick", "{{.State.Health.FailingStreak}}|{{len .State.Health.Log}}|{{(index .State.Health.Log 0).ExitCode}}|{{(index .State.Health.Log 0).Output}}").split("\\|");
        assertTrue(Integer.parseInt(f[0]) >= 2, String.join("|", f));
        assertTrue(Integer.parseInt(f[1]) >= 2 && Integer.parseInt(f[1]) <= 5, "at most 5 results kept: " + f[1]);
        assertEquals("1", f[2]);
        assertEquals("not ready", f[3], "the output, as the inspect template prints it (stripped)");
        assertTrue(docker.ok("ps", "--format", "{{.Status}}").stdout().strip().endsWith("(unhealthy)"));
        assertEquals("sick", docker.ok("ps", "--filter", "health=unhealthy", "--format", "{{.Names}}").stdout().strip());

        docker.ok("run", "-d", "--name", "plain", "busybox", "sleep", "300");
        assertEquals("plain", docker.ok("ps", "--filter", "health=none", "--format", "{{.Names}}").stdout().strip());
        assertEquals("<nil>", inspect("plain", "{{.State.Health}}"), "no State.Health without a health check");
    }

    @Test
    void theImagesHealthCheckIsInheritedAndNoHealthcheckTurnsItOff() throws Exception {
        Path dir = Files.createTempDirectory("berth-hc-image");
        try {
            Path saved = dir.resolve("busybox.tar");
            Path withCheck = dir.resolve("hc.tar");
            docker.ok("save", "-o", saved.toString(), "busybox");
            ObjectNode check = ApiJson.mapper().createObjectNode();
            check.putArray("Test").add("CMD-SHELL").add("test -d /proc");
            check.put("Interval", 300_000_000L);
            check.put("Retries", 1);
            withHealthcheck(saved, withCheck, "hc:1", check);
            docker.ok("load", "-i", withCheck.toString());

            docker.ok("run", "-d", "--name", "inherits", "hc:1", "sleep", "300");
            assertEquals("[CMD-SHELL test -d /proc]", inspect("inherits", "{{.Config.Healthcheck.Test}}"));
            waitUntil(() -> inspect("inherits", "{{.State.Health.Status}}").equals("healthy"), Duration.ofSeconds(20), "healthy");

            docker.ok("run", "-d", "--name", "flags", "--health-cmd", "exit 3", "--health-retries", "1", "hc:1", "sleep", "300");
            assertEquals("[CMD-SHELL exit 3] 300ms", inspect("flags", "{{.Config.Healthcheck.Test}} {{.Config.Healthcheck.Interval}}"),
                    "the flags' test, the image's interval");
            waitUntil(() -> inspect("flags", "{{.State.Health.Status}}").equals("unhealthy"), Duration.ofSeconds(20), "unhealthy");

            docker.ok("run", "-d", "--name", "off", "--no-healthcheck", "hc:1", "sleep", "300");
            assertEquals("[NONE]", inspect("off", "{{.Config.Healthcheck.Test}}"));
            Thread.sleep(1000);
            assertEquals("<nil>", inspect("off", "{{.State.Health}}"));
            assertEquals("off", docker.ok("ps", "--filter", "health=none", "--format", "{{.Names}}").stdout().strip());
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) Files.delete(f);
            }
            Files.delete(dir);
        }
    }

    /** A copy of a {@code docker save} archive whose image config has {@code check} as its health check, tagged {@code tag}. */
    private static void withHealthcheck(Path saved, Path out, String tag, ObjectNode check) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(saved))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.isFile()) entries.put(e.getName(), in.readAllBytes());
            }
        }
        ArrayNode manifest = (ArrayNode) ApiJson.mapper().readTree(entries.remove("manifest.json"));
        ObjectNode image = (ObjectNode) manifest.get(0);
        ObjectNode config = (ObjectNode) ApiJson.mapper().readTree(entries.remove(image.get("Config").asText()));
        ((ObjectNode) config.get("config")).set("Healthcheck", check);
        byte[] configBytes = ApiJson.mapper().writeValueAsBytes(config);
        String configName;
        try {
            configName = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(configBytes)) + ".json";
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        entries.remove("repositories");
        entries.put(configName, configBytes);
        image.put("Config", configName);
        image.putArray("RepoTags").add(tag);
        entries.put("manifest.json", ApiJson.mapper().writeValueAsBytes(manifest));
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
    }

    @Test
    void initRunsAsPid1() {
        String ps = docker.ok("run", "--rm", "--init", "busybox", "ps", "-o", "pid,comm").stdout();
        List<String> rows = ps.lines().map(String::strip).toList();
        assertEquals("1 docker-init", rows.get(1), ps);
        assertTrue(rows.stream().anyMatch(r -> r.endsWith(" ps")), ps);
        assertEquals("true", inspect(docker.ok("create", "--init", "busybox", "true").stdout().strip(), "{{.HostConfig.Init}}"));
    }

    @Test
    void aContainerCannotReachHostDisksLoadModulesOrWriteKernelSettings() {
        CliResult devs = docker.ok("run", "--rm", "busybox", "ls", "/dev");
        for (String d : devs.stdoutLines()) {
            assertFalse(d.matches("(sd|vd|hd|xvd|nvme|loop|zram|dm-|md).*"), "a host block device in /dev: " + d);
        }
        // Every block device of the host, by its numbers (sysfs shows them): made with mknod, it still cannot be mounted.
        CliResult mounts = docker.run("run", "--rm", "busybox", "sh", "-c",
                "mkdir /m; n=0; for d in /sys/class/block/*; do n=$((n+1)); mknod /tmp/b$n b $(sed 's/:/ /' $d/dev) 2>/dev/null;"
                        + " if mount /tmp/b$n /m 2>/dev/null || head -c1 /tmp/b$n >/dev/null 2>&1; then echo REACHED $d; fi; done; echo tried $n");
        assertEquals(0, mounts.exitCode(), mounts.describe());
        assertFalse(mounts.stdout().contains("REACHED"), mounts.describe());
        assertTrue(mounts.stdout().matches("(?s).*tried [1-9][0-9]*\\s*"), mounts.describe());

        CliResult insmod = docker.run("run", "--rm", "busybox", "sh", "-c", "echo junk > /tmp/m.ko; insmod /tmp/m.ko");
        assertNotEquals(0, insmod.exitCode(), insmod.describe());
        assertTrue(insmod.stderr().contains("Operation not permitted"), insmod.describe());
        CliResult modprobe = docker.run("run", "--rm", "busybox", "modprobe", "dummy");
        assertNotEquals(0, modprobe.exitCode(), modprobe.describe());
        String capEff = docker.ok("run", "--rm", "busybox", "sh", "-c", "grep CapEff /proc/self/status").stdout().strip().split("\\s+")[1];
        assertEquals(0, Long.parseLong(capEff, 16) & (1L << 16), "CAP_SYS_MODULE (16) is not granted: " + capEff);

        String procSys = docker.ok("run", "--rm", "busybox", "grep", " /proc/sys ", "/proc/mounts").stdout();
        assertTrue(procSys.contains(" ro,") || procSys.contains(" ro "), "/proc/sys is mounted read-only: " + procSys);
        CliResult write = docker.run("run", "--rm", "busybox", "sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward");
        assertNotEquals(0, write.exitCode(), write.describe());
    }

    private static String inspect(String container, String format) {
        return docker.ok("inspect", "--format", format, container).stdout().strip();
    }

    /** The file of a container's cgroup on the host: {@code /sys/fs/cgroup/<controller>/<parent>/<id>/<file>}. */
    private static Path cgroupFile(String controller, String id, String file) throws IOException {
        try (Stream<Path> parents = Files.list(Path.of("/sys/fs/cgroup", controller))) {
            return parents.map(p -> p.resolve(id)).filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + controller + " cgroup for container " + id)).resolve(file);
        }
    }

    private static long maxEvents(Path pidsEvents) {
        try {
            String t = Files.readString(pidsEvents).strip();
            return t.startsWith("max ") ? Long.parseLong(t.substring(4).strip()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void waitUntil(Check check, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.ok()) {
            assertTrue(System.nanoTime() < deadline, "not " + what + " within " + timeout);
            Thread.sleep(200);
        }
    }
}

package dev.berth.runtime.conmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.linux.Libc;
import dev.berth.runtime.spec.SpecCustomizer;
import dev.berth.runtime.spec.SpecCustomizers;
import dev.berth.runtime.spec.Spec;
import dev.berth.runtime.stats.CgroupStats;
import dev.berth.runtime.stats.CgroupV1;
import dev.berth.runtime.stats.CgroupV1Stats;
import dev.berth.runtime.testing.RuntimeSandbox;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a default container cannot do (see the host, mount its disk, load modules, escape its
 * limits), and what {@code --cap-add}, {@code --privileged}, {@code --read-only}, {@code --ulimit}
 * change: generated specs run by the real runc.
 */
@Tag("root")
class ContainmentTest {
    @RegisterExtension static final RuntimeSandbox sandbox = new RuntimeSandbox();
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Runs {@code script} in a new container, returns its exit code and its output (stdout and stderr, in log order). */
    private record Run(int exitCode, String output, ConmonContainer container) {}

    private static Run run(String script, SpecCustomizer... extra) throws Exception {
        String id = sandbox.newId();
        ConmonContainer c = sandbox.create(id, List.of("sh", "-c", script), extra);
        c.start();
        int code = c.awaitExit(WAIT);
        String out = K8sFileLogReader.readAll(sandbox.logPath(id)).stream().map(LogEntry::text).collect(Collectors.joining());
        return new Run(code, out, c);
    }

    @Test
    void theContainerSeesOnlyItsOwnProcessesAndLoopback() throws Exception {
        Run r = run("ls -d /proc/[0-9]*; ls /sys/class/net; hostname");
        List<String> lines = r.output().lines().toList();
        List<String> pids = lines.stream().filter(l -> l.startsWith("/proc/")).toList();
        assertEquals(List.of("/proc/1"), pids, "only the container's init (ls, exec'd by sh) is visible: " + r.output());
        assertTrue(lines.contains("lo") && lines.stream().noneMatch(l -> l.startsWith("eth") || l.startsWith("ens")), r.output());
        assertEquals(r.container().id().substring(0, 12), lines.getLast());
        assertFalse(r.output().contains("/proc/" + ProcessHandle.current().pid() + "\n"));
    }

    @Test
    void theHostDiskCannotBeMountedOrRead() throws Exception {
        long rdev = ((Number) Files.getAttribute(rootDevice(), "unix:rdev", LinkOption.NOFOLLOW_LINKS)).longValue();
        int major = Libc.major(rdev);
        int minor = Libc.minor(rdev);
        Run r = run("mount " + rootDevice() + " /mnt; echo rc1=$?; mknod /tmp/disk b " + major + " " + minor + "; echo mknod=$?;"
                + " mount /tmp/disk /mnt; echo rc2=$?; head -c 1 /tmp/disk >/dev/null; echo rc3=$?; mount -t tmpfs t /mnt; echo rc4=$?");
        String out = r.output();
        assertTrue(out.contains("rc1=1") || out.contains("rc1=255"), out);
        assertTrue(out.contains("mknod=0"), "CAP_MKNOD and the mknod rule allow making the node: " + out);
        assertFalse(out.contains("rc2=0"), out);
        assertFalse(out.contains("rc3=0"), "the devices cgroup denies reading the disk: " + out);
        assertFalse(out.contains("rc4=0"), out);
        assertTrue(out.contains("Operation not permitted"), out);
    }

    @Test
    void kernelModulesCannotBeLoaded() throws Exception {
        Run r = run("echo garbage > /tmp/evil.ko; insmod /tmp/evil.ko; echo rc=$?");
        assertFalse(r.output().contains("rc=0"), r.output());
        assertTrue(r.output().contains("Operation not permitted"), "seccomp refuses finit_module/init_module: " + r.output());
    }

    @Test
    void masksAndReadOnlyProcPaths() throws Exception {
        assertTrue(Files.size(Path.of("/proc/timer_list")) >= 0 && new String(Files.newInputStream(Path.of("/proc/timer_list")).readNBytes(10)).length() > 0,
                "the host has a readable /proc/timer_list");
        Run r = run("wc -c < /proc/timer_list; echo 1 > /proc/sys/kernel/domainname; echo rc=$?; ls /sys/firmware | wc -l; touch /sys/x; echo sys=$?");
        List<String> lines = r.output().lines().toList();
        assertEquals("0", lines.getFirst().trim(), "/proc/timer_list is masked by /dev/null: " + r.output());
        assertTrue(r.output().contains("Read-only file system"), r.output());
        assertFalse(r.output().contains("rc=0"), r.output());
        assertTrue(lines.contains("0"), "/sys/firmware is an empty tmpfs: " + r.output());
        assertFalse(r.output().contains("sys=0"), r.output());
    }

    @Test
    void capAddSysAdminAllowsMountThroughCapabilitiesAndSeccomp() throws Exception {
        Run denied = run("mount -t tmpfs t /mnt && echo mounted");
        assertFalse(denied.output().contains("mounted\n"), denied.output());
        // withCapabilities before seccomp: the default profile then allows mount for CAP_SYS_ADMIN
        Run allowed = run("mount -t tmpfs t /mnt && echo mounted; unshare -n true && echo unshared",
                SpecCustomizers.withCapabilities(List.of("sys_admin"), List.of(), RuntimeSandbox.grantable()));
        assertTrue(allowed.output().contains("mounted\n"), allowed.output());
        assertTrue(allowed.output().contains("unshared\n"), allowed.output());
    }

    @Test
    void capDropAllLeavesRootPowerless() throws Exception {
        Run r = run("touch /tmp/f; chown 1 /tmp/f; echo rc=$?; grep CapEff /proc/self/status",
                SpecCustomizers.withCapabilities(List.of(), List.of("ALL"), RuntimeSandbox.grantable()));
        assertTrue(r.output().contains("rc=1"), r.output());
        assertTrue(r.output().contains("CapEff:\t0000000000000000"), r.output());
    }

    @Test
    void privilegedSeesHostDevicesAndMayMount() throws Exception {
        Run r = run("ls " + rootDevice() + " && mount -t tmpfs t /mnt && echo mounted; grep Seccomp: /proc/self/status",
                RuntimeSandbox.noDefaultSeccomp(),
                SpecCustomizers.withPrivileged(RuntimeSandbox.grantable(), dev.berth.runtime.spec.HostDevices.list()));
        assertTrue(r.output().contains(rootDevice() + "\n"), r.output());
        assertTrue(r.output().contains("mounted\n"), r.output());
        assertTrue(r.output().contains("Seccomp:\t0"), r.output());
        Run normal = run("grep Seccomp: /proc/self/status");
        assertTrue(normal.output().contains("Seccomp:\t2"), "the default container is filtered: " + normal.output());
    }

    @Test
    void readOnlyRootUlimitsAndNoNewPrivileges() throws Exception {
        Run r = run("touch /x; echo rc=$?; echo tmp > /dev/shm/ok && echo shm; ulimit -n; ulimit -Hn; grep NoNewPrivs /proc/self/status",
                SpecCustomizers.withReadonlyRootfs(true),
                SpecCustomizers.withRlimits(List.of(Spec.Rlimit.of("nofile", 1024, 2048))),
                SpecCustomizers.withNoNewPrivileges(true));
        assertTrue(r.output().contains("Read-only file system"), r.output());
        assertTrue(r.output().contains("rc=1"), r.output());
        assertTrue(r.output().contains("shm\n"), "/dev/shm stays writable: " + r.output());
        assertTrue(r.output().contains("1024\n2048\n"), r.output());
        assertTrue(r.output().contains("NoNewPrivs:\t1"), r.output());
    }

    @Test
    void aMemoryHogIsOomKilledAndTheKillIsDetected() throws Exception {
        String id = sandbox.newId();
        ConmonContainer c = sandbox.create(id, List.of("dd", "if=/dev/zero", "of=/dev/shm/fill", "bs=1M", "count=200"),
                SpecCustomizers.withMemory(32L << 20, 32L << 20), SpecCustomizers.withShmSize(512L << 20));
        c.start();
        assertEquals(137, c.awaitExit(WAIT), "the OOM killer's SIGKILL: 128 + 9");
        assertTrue(c.oomKilled(), "conmon's oom marker or the cgroup's oom_kill counter");
        assertTrue(new CgroupV1Stats(CgroupV1.detect()).oomKills(sandbox.cgroupsPath(id)) >= 1);
    }

    @Test
    void aPidsLimitStopsAForkStorm() throws Exception {
        String id = sandbox.newId();
        // A subshell forks 200 background sleeps (ash gives up at the first failed fork); then the
        // init says so and execs (no fork) into sleep. All in one container limited to 20 tasks.
        ConmonContainer c = sandbox.create(id, List.of("sh", "-c", "(for i in $(seq 1 200); do sleep 300 & done); echo storm over; exec sleep 300"),
                SpecCustomizers.withPidsLimit(20));
        c.start();
        for (int i = 0; i < 500 && !isSleep(c.pid()); i++) Thread.sleep(10);
        assertTrue(isSleep(c.pid()), "the init survived the storm and became sleep");
        CgroupStats s = new CgroupV1Stats(CgroupV1.detect()).read(sandbox.cgroupsPath(id));
        assertEquals(20, s.pids().limit());
        assertTrue(s.pids().current() >= 15 && s.pids().current() <= 20, "tasks: " + s.pids().current());
        assertTrue(sandbox.runtime().ps(id).size() <= 20);
        String log = K8sFileLogReader.readAll(sandbox.logPath(id)).stream().map(LogEntry::text).collect(Collectors.joining());
        assertTrue(log.contains("can't fork") && log.contains("storm over"), log);
        assertTrue(c.exitCode().isEmpty(), "the container survives; only its forks failed");
        assertNotEquals(0, s.cpu().totalUsage());
        sandbox.runtime().kill(id, "KILL", true);
        assertEquals(137, c.awaitExit(WAIT));
    }

    private static boolean isSleep(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).startsWith("sleep");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The block device mounted at / on the host (e.g. /dev/vda). */
    private static Path rootDevice() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (f[4].equals("/") && dash > 0 && f[dash + 2].startsWith("/dev/")) return Path.of(f[dash + 2]);
        }
        throw new IllegalStateException("no block device at /");
    }
}

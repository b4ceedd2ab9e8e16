package dev.berth.runtime.conmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.EngineException;
import dev.berth.runtime.ContainerState;
import dev.berth.runtime.ContainerStatus;
import dev.berth.runtime.RuncRuntime;
import dev.berth.runtime.internal.Procs;
import dev.berth.runtime.spec.Resources;
import dev.berth.runtime.spec.Spec;
import dev.berth.runtime.spec.SpecCustomizers;
import dev.berth.runtime.stats.CgroupStats;
import dev.berth.runtime.stats.CgroupV1;
import dev.berth.runtime.stats.CgroupV1Stats;
import dev.berth.runtime.testing.Output;
import dev.berth.runtime.testing.RuntimeSandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Containers and exec sessions through real conmon 2.1.6 and runc: logs, exit codes, stdio, terminals, pause, recovery. */
@Tag("root")
class ConmonRuncTest {
    @RegisterExtension static final RuntimeSandbox sandbox = new RuntimeSandbox();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void logsStdoutAndStderrApartAndRecordsTheExitCode() throws Exception {
        String id = sandbox.newId();
        ConmonContainer c = sandbox.create(id, List.of("sh", "-c", "echo hi; echo err >&2; exit 3"));
        assertTrue(c.pid() > 0);
        assertTrue(c.conmonRunning(), "conmon holds the created container");
        assertEquals(ContainerStatus.CREATED, c.state().orElseThrow().status());
        c.start();
        assertEquals(3, c.awaitExit(WAIT));
        assertEquals(3, c.exitCode().orElseThrow());

        List<LogEntry> log = K8sFileLogReader.readAll(sandbox.logPath(id));
        assertEquals(2, log.size(), log.toString());
        LogEntry out = log.stream().filter(e -> e.stream() == LogStream.STDOUT).findFirst().orElseThrow();
        LogEntry err = log.stream().filter(e -> e.stream() == LogStream.STDERR).findFirst().orElseThrow();
        assertEquals("hi\n", out.text());
        assertEquals("err\n", err.text());
        assertFalse(c.oomKilled());
        assertEquals(ContainerStatus.STOPPED, c.state().orElseThrow().status());
    }

    @Test
    void partialLinesAreJoinedAndAFinalLineWithoutNewlineIsKept() throws Exception {
        String id = sandbox.newId();
        ConmonContainer c = sandbox.create(id, List.of("sh", "-c", "printf abc; sleep 0.2; printf 'def\\nghi'"));
        c.start();
        assertEquals(0, c.awaitExit(WAIT));
        List<String> lines = K8sFileLogReader.readAll(sandbox.logPath(id)).stream().map(LogEntry::text).toList();
        assertEquals(List.of("abcdef\n", "ghi"), lines);
    }

    @Test
    void sigtermThroughAnInitGives143AndSigkillGives137() throws Exception {
        Path tini = Path.of("/usr/bin/tini-static");
        assertTrue(Files.isExecutable(tini), "docker --init needs a static init: tini-static");
        String id = sandbox.newId();
        ConmonContainer c = sandbox.create(id, List.of("/sbin/docker-init", "--", "sleep", "1000"),
                SpecCustomizers.withMounts(List.of(Spec.Mount.bind(tini.toString(), "/sbin/docker-init", true))));
        c.start();
        c.kill("TERM", false);
        assertEquals(143, c.awaitExit(WAIT), "tini forwards SIGTERM; sleep dies of it; Docker reports 128+15");

        // Without an init, sleep is the pid namespace's init: the kernel drops SIGTERM (no handler), as in Docker.
        String id2 = sandbox.newId();
        ConmonContainer c2 = sandbox.create(id2, List.of("sleep", "1000"));
        c2.start();
        c2.kill("SIGTERM", false);
        Thread.sleep(300);
        assertTrue(c2.exitCode().isEmpty(), "pid 1 ignores SIGTERM without a handler");
        c2.kill("9", false);
        assertEquals(137, c2.awaitExit(WAIT));
    }

    @Test
    void aMissingCommandIsACreateErrorWithDockersExitCodes() throws Exception {
        String id = sandbox.newId();
        EngineException.InvalidArgument e = assertThrows(EngineException.InvalidArgument.class,
                () -> sandbox.create(id, List.of("no-such-command")));
        assertTrue(e.getMessage().startsWith("OCI runtime create failed: "), e.getMessage());
        assertTrue(e.getMessage().contains("executable file not found"), e.getMessage());
        assertEquals(RuntimeErrors.COMMAND_NOT_FOUND, RuntimeErrors.exitCode(e.getMessage()));

        String id2 = sandbox.newId();
        EngineException.InvalidArgument e2 = assertThrows(EngineException.InvalidArgument.class,
                () -> sandbox.create(id2, List.of("/etc/passwd")));
        assertEquals(RuntimeErrors.COMMAND_NOT_EXECUTABLE, RuntimeErrors.exitCode(e2.getMessage()), e2.getMessage());
        assertTrue(sandbox.runtime().state(id2).isEmpty(), "runc cleaned up the failed container");
    }

    @Test
    void stdinGoesThroughTheAttachSocketAndClosingItEndsCat() throws Exception {
        String id = sandbox.newId();
        ConmonContainer c = sandbox.conmon().create(CreateOptions.of(id, sandbox.spec(id, List.of("cat")), sandbox.logPath(id))
                .withStdin(true, false));
        try (AttachConnection a = c.attach()) {
            c.start();
            a.writeStdin("hello\nworld\n".getBytes(StandardCharsets.UTF_8));
            a.closeStdin();
            Output out = Output.readAll(a, WAIT);
            assertEquals("hello\nworld\n", out.stdout());
            assertEquals("", out.stderr());
        }
        assertEquals(0, c.awaitExit(WAIT));
        assertEquals("hello\n", K8sFileLogReader.readAll(sandbox.logPath(id)).getFirst().text());
    }

    @Test
    void aTerminalIsResizedThroughTheControlFifo() throws Exception {
        String id = sandbox.newId();
        Spec spec = sandbox.spec(id, List.of("sh"), SpecCustomizers.withTerminal(true, new Spec.ConsoleSize(24, 80)),
                SpecCustomizers.withEnv(List.of("TERM=xterm")));
        ConmonContainer c = sandbox.conmon().create(CreateOptions.of(id, spec, sandbox.logPath(id)).withStdin(true, false));
        try (AttachConnection a = c.attach()) {
            Output out = Output.follow(a);
            c.start();
            a.writeStdin("stty size\n".getBytes(StandardCharsets.UTF_8));
            assertTrue(out.awaitStdout(s -> s.contains("24 80"), WAIT), out.stdout());
            c.resize(33, 101);
            // conmon applies the resize on its own event loop: ask until the shell sees it
            boolean resized = false;
            for (int i = 0; i < 50 && !resized; i++) {
                a.writeStdin("stty size\n".getBytes(StandardCharsets.UTF_8));
                resized = out.awaitStdout(s -> s.contains("33 101"), Duration.ofMillis(200));
            }
            assertTrue(resized, out.stdout());
            assertTrue(out.stdout().contains("\r\n"), "a terminal turns \\n into \\r\\n");
            a.writeStdin("exit 5\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(5, c.awaitExit(WAIT));
        }
    }

    @Test
    void execRunsWithItsOwnEnvDirUserAndExitCode() throws Exception {
        String id = sandbox.newId();
        ConmonContainer c = sandbox.create(id, List.of("sleep", "1000"));
        c.start();
        Spec.Process base = sandbox.conmon().runtime() instanceof RuncRuntime ? spec(c).process() : null;

        Spec.Process p = ExecProcesses.derive(base, List.of("sh", "-c", "echo $FOO $(pwd) $(id -u):$(id -g); echo oops >&2; exit 7"),
                List.of("FOO=bar"), "/tmp", new Spec.User(1000, 1000, null, List.of()), false, false, List.of());
        try (ExecSession e = sandbox.conmon().exec(id, new ExecOptions("exec1", p, true, false))) {
            assertTrue(e.pid() > 0);
            Output out = Output.readAll(e.attachment().orElseThrow(), WAIT);
            assertEquals("bar /tmp 1000:1000\n", out.stdout());
            assertEquals("oops\n", out.stderr());
            assertEquals(7, e.awaitExit(WAIT));
        }

        // -i: stdin through the exec's own attach socket
        Spec.Process cat = ExecProcesses.derive(base, List.of("cat"), List.of(), null, null, false, false, List.of());
        try (ExecSession e = sandbox.conmon().exec(id, new ExecOptions("exec2", cat, true, true))) {
            AttachConnection a = e.attachment().orElseThrow();
            a.writeStdin("ping\n".getBytes(StandardCharsets.UTF_8));
            a.closeStdin();
            assertEquals("ping\n", Output.readAll(a, WAIT).stdout());
            assertEquals(0, e.awaitExit(WAIT));
        }

        // -t: a terminal of its own
        Spec.Process tty = ExecProcesses.derive(base, List.of("sh", "-c", "tty; exit 2"), List.of(), null, null, true, false, List.of());
        try (ExecSession e = sandbox.conmon().exec(id, new ExecOptions("exec3", tty, true, false))) {
            String out = Output.readAll(e.attachment().orElseThrow(), WAIT).stdout();
            assertTrue(out.startsWith("/dev/pts/") && out.endsWith("\r\n"), out);
            assertEquals(2, e.awaitExit(WAIT));
        }

        // -d: detached, output discarded, exit code still known
        Spec.Process touch = ExecProcesses.derive(base, List.of("touch", "/tmp/marker"), List.of(), null, null, false, false, List.of());
        try (ExecSession e = sandbox.conmon().exec(id, new ExecOptions("exec4", touch, false, false))) {
            assertTrue(e.attachment().isEmpty());
            assertEquals(0, e.awaitExit(WAIT));
        }
        Spec.Process check = ExecProcesses.derive(base, List.of("ls", "/tmp/marker"), List.of(), null, null, false, false, List.of());
        try (ExecSession e = sandbox.conmon().exec(id, new ExecOptions("exec5", check, true, false))) {
            assertEquals("/tmp/marker\n", Output.readAll(e.attachment().orElseThrow(), WAIT).stdout());
            assertEquals(0, e.awaitExit(WAIT));
        }

        // a missing command: Docker's 127 class of error
        Spec.Process missing = ExecProcesses.derive(base, List.of("no-such-command"), List.of(), null, null, false, false, List.of());
        EngineException.InvalidArgument err = assertThrows(EngineException.InvalidArgument.class,
                () -> sandbox.conmon().exec(id, new ExecOptions("exec6", missing, true, false)));
        assertTrue(err.getMessage().startsWith("OCI runtime exec failed: "), err.getMessage());
        assertEquals(127, RuntimeErrors.exitCode(err.getMessage()));
        assertTrue(c.exitCode().isEmpty(), "the container still runs");

        waitUntil(() -> !Procs.isRunning(Procs.readPidFile(c.paths().exec("exec1").conmonPidFile()).orElse(0), "conmon"));
        sandbox.conmon().removeExec(id, "exec1");
        assertFalse(Files.exists(c.paths().exec("exec1").dir()));

        c.kill("KILL", false);
        c.awaitExit(WAIT);
        EngineException stopped = assertThrows(EngineException.class,
                () -> sandbox.conmon().exec(id, new ExecOptions("exec7", check, true, false)));
        assertTrue(stopped.getMessage().startsWith("OCI runtime exec failed: "), stopped.getMessage());
    }

    @Test
    void pauseFreezesAndResumeThaws() throws Exception {
        String id = sandbox.newId();
        ConmonContainer c = sandbox.create(id, List.of("sleep", "1000"));
        c.start();
        sandbox.runtime().pause(id);
        assertEquals(ContainerStatus.PAUSED, c.state().orElseThrow().status());
        Path freezer = CgroupV1.detect().path("freezer", sandbox.cgroupsPath(id)).orElseThrow();
        assertEquals("FROZEN", Files.readString(freezer.resolve("freezer.state")).trim());
        assertEquals('D', procState(c.pid()), "a frozen task sleeps uninterruptibly");
        sandbox.runtime().resume(id);
        assertEquals(ContainerStatus.RUNNING, c.state().orElseThrow().status());
        assertEquals("THAWED", Files.readString(freezer.resolve("freezer.state")).trim());
    }

    @Test
    void psUpdateAndStatsSeeTheContainersCgroup() throws Exception {
        String id = sandbox.newId();
        ConmonContainer c = sandbox.create(id, List.of("sh", "-c", "sleep 1000 & sleep 1000"),
                SpecCustomizers.withMemory(64L << 20, 0), SpecCustomizers.withPidsLimit(50));
        c.start();
        List<Long> pids = waitForPids(id, 2);
        assertTrue(pids.contains(c.pid()), pids + " has the init " + c.pid());
        assertTrue(sandbox.runtime().list().stream().anyMatch(st -> st.id().equals(id) && st.status() == ContainerStatus.RUNNING));
        waitUntil(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("conmon-sync")));

        CgroupStats s = new CgroupV1Stats(CgroupV1.detect()).read(sandbox.cgroupsPath(id));
        assertEquals(2, s.pids().current());
        assertEquals(50, s.pids().limit());
        assertEquals(64L << 20, s.memory().limit());
        assertTrue(s.memory().usage() > 0);
        assertTrue(s.cpu().totalUsage() > 0 && s.cpu().systemUsage() > 0);
        assertTrue(s.memory().stats().containsKey("rss"), s.memory().stats().keySet().toString());

        sandbox.runtime().update(id, Resources.NONE.withMemory(new Resources.Memory(128L << 20, null, 256L << 20, null, null))
                .withPids(new Resources.Pids(60)));
        CgroupStats after = new CgroupV1Stats(CgroupV1.detect()).read(sandbox.cgroupsPath(id));
        assertEquals(128L << 20, after.memory().limit());
        assertEquals(60, after.pids().limit());
    }

    @Test
    void aRestartedDaemonRecoversRunningAndExitedContainersFromDisk() throws Exception {
        String id = sandbox.newId();
        ConmonContainer c = sandbox.create(id, List.of("sleep", "1000"));
        c.start();
        long conmonPid = c.conmonPid();
        assertTrue(conmonPid > 0);

        // A new daemon: new runtime and conmon objects on the same exec root; nothing carried over in memory.
        RuncRuntime runtime2 = RuncRuntime.find("runc", sandbox.runtime().root());
        try (Conmon conmon2 = new Conmon(runtime2, sandbox.conmon().execRoot(), ConmonOptions.defaults())) {
            assertTrue(conmon2.containerIds().contains(id));
            RecoveredContainer r = conmon2.recover(id);
            assertTrue(r.conmonRunning());
            assertEquals(conmonPid, r.conmonPid().getAsLong());
            assertTrue(r.running());
            assertEquals(ContainerStatus.RUNNING, r.state().map(ContainerState::status).orElseThrow());
            assertTrue(r.exitCode().isEmpty());

            ConmonContainer again = conmon2.open(id);
            assertEquals(c.pid(), again.pid());
            try (AttachConnection a = again.attach()) {
                again.kill("KILL", false);
                assertTrue(Output.readAll(a, WAIT).stdout().isEmpty());
            }
            assertEquals(137, again.awaitExit(WAIT));

            RecoveredContainer exited = conmon2.recover(id);
            assertEquals(137, exited.exitCode().getAsInt());
            assertFalse(exited.running());
            assertEquals(ContainerStatus.STOPPED, exited.state().orElseThrow().status());
            waitUntil(() -> !conmon2.recover(id).conmonRunning());
        }
    }

    @Test
    void aStoppedContainerIsCreatedAgainUnderTheSameId() throws Exception {
        String id = sandbox.newId();
        Spec spec = sandbox.spec(id, List.of("sh", "-c", "echo run"));
        ConmonContainer c = sandbox.conmon().create(CreateOptions.of(id, spec, sandbox.logPath(id)));
        c.start();
        assertEquals(0, c.awaitExit(WAIT));
        assertThrows(EngineException.AlreadyExists.class, () -> sandbox.conmon().create(CreateOptions.of(id, spec, sandbox.logPath(id))));
        sandbox.runtime().delete(id, false); // docker start of a stopped container: delete in the runtime, create again
        ConmonContainer c2 = sandbox.conmon().create(CreateOptions.of(id, spec, sandbox.logPath(id)));
        c2.start();
        assertEquals(0, c2.awaitExit(WAIT));
        assertEquals(List.of("run\n", "run\n"), K8sFileLogReader.readAll(sandbox.logPath(id)).stream().map(LogEntry::text).toList());
    }

    private static Spec spec(ConmonContainer c) {
        return new dev.berth.runtime.Bundle(c.paths().bundle()).readSpec();
    }

    private static List<Long> waitForPids(String id, int count) throws InterruptedException {
        List<Long> pids = List.of();
        for (int i = 0; i < 200 && pids.size() < count; i++) {
            pids = sandbox.runtime().ps(id);
            if (pids.size() < count) Thread.sleep(10);
        }
        return pids;
    }

    private static char procState(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) Thread.sleep(10);
        assertTrue(condition.getAsBoolean());
    }
}

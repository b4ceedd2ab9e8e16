package dev.berth.engine.container;

import dev.berth.common.linux.Mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.EngineException;
import dev.berth.engine.container.ContainerState.Status;
import dev.berth.engine.events.Event;
import dev.berth.engine.events.EventBus;
import dev.berth.oci.ContainerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ContainerService} against real runc and conmon (root). */
class ContainerServiceTest {
    @RegisterExtension
    static final ContainerSandbox sandbox = new ContainerSandbox();

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static ContainerSpec sh(String script) {
        return ContainerSpec.of(ContainerSandbox.IMAGE, "sh", "-c", script);
    }

    private static WaitResult await(CompletableFuture<WaitResult> f) throws Exception {
        return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static List<String> actions(EventBus.Subscription sub, String id) {
        return sub.drain().stream().filter(e -> e.actorId().equals(id)).map(Event::action).toList();
    }

    private static String logs(ContainerService s, String id, LogOptions o) throws Exception {
        StringBuilder b = new StringBuilder();
        try (ContainerLogs logs = s.logs(id, o)) {
            for (LogLine l = logs.next(); l != null; l = logs.next()) b.append(new String(l.formatted(o.timestamps()), StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    @Test
    void runLogsWaitsAndPublishesEventsThenRemoves() throws Exception {
        ContainerService s = sandbox.service();
        try (EventBus.Subscription sub = sandbox.events().subscribe(e -> e.type().equals("container"), -1)) {
            Container c = s.create(sh("echo hi; echo oops >&2; exit 3").withName("first")).container();
            assertEquals("/first", c.name());
            assertEquals(64, c.id().length());
            assertEquals("sh", c.path());
            assertEquals(List.of("-c", "echo hi; echo oops >&2; exit 3"), c.args());
            assertEquals(sandbox.image().id(), c.imageId());
            assertEquals(c.id().substring(0, 12), c.config().hostname());
            assertEquals(Status.CREATED, c.state().status());
            assertEquals(0, s.wait(c.id(), WaitCondition.NOT_RUNNING).get(1, TimeUnit.SECONDS).statusCode(), "created is not running");

            CompletableFuture<WaitResult> exit = s.wait("first", WaitCondition.NEXT_EXIT);
            s.start("first");
            assertEquals(3, await(exit).statusCode());
            Container done = s.inspect(c.id());
            assertEquals(Status.EXITED, done.state().status());
            assertEquals(3, done.state().exitCode());
            assertNotNull(done.state().startedAt());
            assertNotNull(done.state().finishedAt());
            assertFalse(done.state().finishedAt().isBefore(done.state().startedAt()));
            assertEquals(0, done.state().pid());
            assertTrue(done.state().describe(Instant.now()).startsWith("Exited (3) "), done.state().describe(Instant.now()));

            assertEquals("hi\noops\n", logs(s, c.id(), LogOptions.all()));
            assertEquals("hi\n", logs(s, c.id(), LogOptions.all().withStreams(true, false)));
            assertEquals("oops\n", logs(s, c.id(), LogOptions.all().withStreams(false, true)));
            assertEquals("oops\n", logs(s, c.id(), LogOptions.all().withTail(1)), "tail counts both streams");
            String stamped = logs(s, c.id(), LogOptions.all().withStreams(true, false).withTimestamps(true));
            assertTrue(stamped.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z hi\n"), stamped);
            assertEquals("", logs(s, c.id(), LogOptions.all().withSince(Instant.now().plusSeconds(60))));

            CompletableFuture<WaitResult> removed = s.wait(c.id(), WaitCondition.REMOVED);
            s.remove("first", false);
            assertEquals(3, await(removed).statusCode());
            assertThrows(EngineException.NotFound.class, () -> s.inspect(c.id()));
            assertEquals(List.of("create", "start", "die", "destroy"), actions(sub, c.id()));
        }
        Event die = past(e -> e.action().equals("die") && "first".equals(e.attributes().get("name"))).getLast();
        assertEquals("3", die.attributes().get("exitCode"));
        assertEquals("first", die.attributes().get("name"));
        assertEquals(ContainerSandbox.IMAGE, die.attributes().get("image"));
    }

    @Test
    void autoRemoveRemovesAfterExitAndWaitRemovedAnswers() throws Exception {
        ContainerService s = sandbox.service();
        Container c = s.create(sh("exit 7").withHost(HostSpec.defaults().withAutoRemove(true))).container();
        Output out = new Output();
        Attachment a = s.attach(c.id(), AttachOptions.output(), out);
        CompletableFuture<WaitResult> removed = s.wait(c.id(), WaitCondition.REMOVED);
        s.start(c.id());
        assertEquals(7, await(removed).statusCode());
        a.done().get(5, TimeUnit.SECONDS);
        assertThrows(EngineException.NotFound.class, () -> s.inspect(c.id()));
        assertFalse(Files.exists(sandbox.dataRoot().resolve("containers").resolve(c.id())));
        assertThrows(EngineException.InvalidArgument.class, () -> s.create(sh("true")
                .withHost(HostSpec.defaults().withAutoRemove(true).withRestartPolicy(new HostSpec.RestartPolicy("always", 0)))));
    }

    @Test
    void stopSendsSigtermThroughTheInitThenSigkillAfterTheTimeout() throws Exception {
        ContainerService s = sandbox.service();
        try (EventBus.Subscription sub = sandbox.events().subscribe(e -> e.type().equals("container"), -1)) {
            // With --init, SIGTERM reaches sleep and kills it: 128 + 15.
            Container a = s.create(ContainerSpec.of(ContainerSandbox.IMAGE, "sleep", "1000").withHost(HostSpec.defaults().withInit(true))).container();
            s.start(a.id());
            long t0 = System.nanoTime();
            s.stop(a.id(), 10);
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "SIGTERM was enough");
            assertEquals(143, s.inspect(a.id()).state().exitCode());
            assertTrue(s.inspect(a.id()).manuallyStopped());
            assertEquals(List.of("create", "start", "kill", "die", "stop"), actions(sub, a.id()));
            assertThrows(EngineException.NotModified.class, () -> s.stop(a.id(), 1));

            // A process that ignores SIGTERM (pid 1 without a handler: the kernel drops it) gets SIGKILL after t.
            Container b = s.create(ContainerSpec.of(ContainerSandbox.IMAGE, "sh", "-c", "trap '' TERM; sleep 1000 & wait")).container();
            s.start(b.id());
            t0 = System.nanoTime();
            s.stop(b.id(), 1);
            long took = System.nanoTime() - t0;
            assertTrue(took >= Duration.ofMillis(950).toNanos() && took < Duration.ofSeconds(8).toNanos(), "took " + took / 1_000_000 + " ms");
            assertEquals(137, s.inspect(b.id()).state().exitCode());
            List<Event> kills = past(e -> e.actorId().equals(b.id()) && e.action().equals("kill"));
            assertEquals(List.of("15", "9"), kills.stream().map(k -> k.attributes().get("signal")).toList());
        }
    }

    @Test
    void killSendsTheSignalByNameOrNumber() throws Exception {
        ContainerService s = sandbox.service();
        Container c = s.create(sh("trap 'exit 42' USR1; while true; do sleep 0.05; done")).container();
        CompletableFuture<WaitResult> exit = s.wait(c.id(), WaitCondition.NEXT_EXIT);
        s.start(c.id());
        Thread.sleep(200); // let sh install its trap
        s.kill(c.id(), "SIGUSR1");
        assertEquals(42, await(exit).statusCode());
        assertEquals(42, s.inspect(c.id()).state().exitCode());
        assertFalse(s.inspect(c.id()).manuallyStopped(), "USR1 is not a stop");
        EngineException.Conflict notRunning = assertThrows(EngineException.Conflict.class, () -> s.kill(c.id(), "9"));
        assertTrue(notRunning.getMessage().endsWith("Container " + c.id() + " is not running"), notRunning.getMessage());

        s.start(c.id());
        assertThrows(EngineException.InvalidArgument.class, () -> s.kill(c.id(), "NOSUCHSIG"));
        s.kill(c.id(), "9");
        assertEquals(Status.EXITED, s.inspect(c.id()).state().status(), "kill -9 returns once the exit is recorded");
        assertEquals(137, s.inspect(c.id()).state().exitCode());
    }

    @Test
    void pauseFreezesAndUnpauseThaws() throws Exception {
        ContainerService s = sandbox.service();
        Container c = s.create(ContainerSpec.of(ContainerSandbox.IMAGE, "sleep", "1000").withHost(HostSpec.defaults().withInit(true))).container();
        s.start(c.id());
        Path freezer = Path.of("/sys/fs/cgroup/freezer", sandbox.cgroupParent().substring(1), c.id(), "freezer.state");
        s.pause(c.id());
        assertEquals(Status.PAUSED, s.inspect(c.id()).state().status());
        assertTrue(s.inspect(c.id()).state().running(), "paused counts as running, as in Docker");
        assertEquals("FROZEN", Files.readString(freezer).strip());
        assertThrows(EngineException.Conflict.class, () -> s.pause(c.id()));
        assertThrows(EngineException.Conflict.class, () -> s.execCreate(c.id(), ExecSpec.of("true")));
        EngineException.Conflict rm = assertThrows(EngineException.Conflict.class, () -> s.remove(c.id(), false));
        assertEquals("You cannot remove a paused container " + c.id()
                + ". Unpause and then stop the container before attempting removal or force remove", rm.getMessage());
        s.unpause(c.id());
        assertEquals(Status.RUNNING, s.inspect(c.id()).state().status());
        assertEquals("THAWED", Files.readString(freezer).strip());
        assertThrows(EngineException.Conflict.class, () -> s.unpause(c.id()));
        s.pause(c.id());
        s.stop(c.id(), 5); // a paused container is thawed to get the signal
        assertEquals(143, s.inspect(c.id()).state().exitCode());
    }

    @Test
    void execRunsWithEnvUserDirAndReportsItsExitCode() throws Exception {
        ContainerService s = sandbox.service();
        ContainerConfig cfg = ContainerConfig.empty().withCmd(List.of("sleep", "1000")).withEnv(List.of("A=container"));
        Container c = s.create(new ContainerSpec(null, ContainerSandbox.IMAGE, cfg, HostSpec.defaults().withInit(true), null)).container();
        assertThrows(EngineException.Conflict.class, () -> s.execCreate(c.id(), ExecSpec.of("true")), "not running");
        s.start(c.id());
        try (EventBus.Subscription sub = sandbox.events().subscribe(e -> e.actorId().equals(c.id()), -1)) {
            String execId = s.execCreate(c.id(), ExecSpec.of("sh", "-c", "echo $A $B; pwd; id -u; id -G; echo err >&2; exit 5")
                    .withEnv(List.of("B=exec")).withUser("user").withWorkingDir("/tmp"));
            ExecInfo before = s.execInspect(execId);
            assertFalse(before.running());
            assertEquals(null, before.exitCode());
            assertEquals("sh", before.entrypoint());
            Output out = new Output();
            ExecStream stream = s.execStart(execId, false, out);
            assertEquals(5, stream.exitCode().get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals("container exec\n/tmp\n1000\n1000 50\n", out.stdout());
            assertEquals("err\n", out.stderr());
            ExecInfo after = s.execInspect(execId);
            assertEquals(5, after.exitCode());
            assertFalse(after.running());
            assertTrue(after.canRemove());
            assertTrue(s.inspect(c.id()).execIds().contains(execId));
            assertThrows(EngineException.Conflict.class, () -> s.execStart(execId, false, out), "an exec runs once");
            Thread.sleep(100);
            List<String> acts = actions(sub, c.id());
            assertEquals(List.of("exec_create: sh -c echo $A $B; pwd; id -u; id -G; echo err >&2; exit 5",
                    "exec_start: sh -c echo $A $B; pwd; id -u; id -G; echo err >&2; exit 5", "exec_die"), acts);
        }
        // stdin, and a command that does not exist
        String cat = s.execCreate(c.id(), ExecSpec.of("cat").withStdin(true));
        Output out = new Output();
        ExecStream stream = s.execStart(cat, false, out);
        byte[] hello = "hello\n".getBytes(StandardCharsets.UTF_8);
        stream.writeStdin(hello, 0, hello.length);
        stream.closeStdin();
        assertEquals(0, stream.exitCode().get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals("hello\n", out.stdout());
        String missing = s.execCreate(c.id(), ExecSpec.of("no-such-command"));
        assertThrows(EngineException.InvalidArgument.class, () -> s.execStart(missing, false, new Output()));
        assertEquals(126, s.execInspect(missing).exitCode()); // dockerd: 126 for any exec that does not start
        assertThrows(EngineException.NotFound.class, () -> s.execInspect("nosuch"));
    }

    @Test
    void anAttachmentMadeBeforeStartSeesAllOutputAndFeedsStdin() throws Exception {
        ContainerService s = sandbox.service();
        Container c = s.create(sh("echo first; echo second >&2; i=0; while [ $i -lt 200 ]; do echo line$i; i=$((i+1)); done")).container();
        Output out = new Output();
        Attachment a = s.attach(c.id(), AttachOptions.output(), out);
        s.start(c.id());
        a.done().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(out.stdout().startsWith("first\nline0\n"), out.stdout());
        assertTrue(out.stdout().endsWith("line199\n"), out.stdout());
        assertEquals("second\n", out.stderr());

        // docker run -i: stdin written (and closed) before start reaches the process once it runs.
        ContainerConfig cfg = ContainerConfig.empty().withCmd(List.of("sh", "-c", "cat; echo done"));
        cfg = new ContainerConfig(null, null, null, true, true, true, null, false, true, true, null, cfg.cmd(), null, null,
                null, null, null, null, null, null, null, null);
        Container cat = s.create(new ContainerSpec(null, ContainerSandbox.IMAGE, cfg, null, null)).container();
        Output catOut = new Output();
        Attachment in = s.attach(cat.id(), AttachOptions.all(), catOut);
        byte[] data = "to stdin\n".getBytes(StandardCharsets.UTF_8);
        in.writeStdin(data, 0, data.length);
        in.closeStdin();
        CompletableFuture<WaitResult> exit = s.wait(cat.id(), WaitCondition.NEXT_EXIT);
        s.start(cat.id());
        assertEquals(0, await(exit).statusCode());
        in.done().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals("to stdin\ndone\n", catOut.stdout());
    }

    @Test
    void namesAreValidatedAndConflictsUseDockersMessage() {
        ContainerService s = sandbox.service();
        Container web = s.create(sh("true").withName("web")).container();
        EngineException.Conflict e = assertThrows(EngineException.Conflict.class, () -> s.create(sh("true").withName("/web")));
        assertEquals("Conflict. The container name \"/web\" is already in use by container \"" + web.id()
                + "\". You have to remove (or rename) that container to be able to reuse that name.", e.getMessage());
        EngineException.InvalidArgument bad = assertThrows(EngineException.InvalidArgument.class, () -> s.create(sh("true").withName("x")));
        assertEquals("Invalid container name (x), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", bad.getMessage());
        Container generated = s.create(sh("true")).container();
        assertTrue(generated.name().matches("/[a-z]+_[a-z]+\\d?"), generated.name());

        s.rename("web", "web2");
        assertEquals("/web2", s.inspect(web.id()).name());
        assertEquals(web.id(), s.inspect("web2").id());
        assertThrows(EngineException.NotFound.class, () -> s.inspect("web"));
        assertThrows(EngineException.Conflict.class, () -> s.rename("web2", generated.shortName()));
        Container again = s.create(sh("true").withName("web")).container();
        assertNotEquals(web.id(), again.id());
        assertEquals(web.id(), s.inspect(web.id().substring(0, 12)).id(), "a unique id prefix finds it");
        EngineException.NotFound nf = assertThrows(EngineException.NotFound.class, () -> s.inspect("nosuch"));
        assertEquals("No such container: nosuch", nf.getMessage());
        assertThrows(EngineException.NotFound.class, () -> s.create(ContainerSpec.of("no-such-image:1", "true")));
        EngineException.InvalidArgument noCmd = assertThrows(EngineException.InvalidArgument.class,
                () -> s.create(ContainerSpec.of(ContainerSandbox.IMAGE)));
        assertEquals("No command specified", noCmd.getMessage());
    }

    @Test
    void aRunningContainerIsNotRemovedWithoutForce() throws Exception {
        ContainerService s = sandbox.service();
        Container c = s.create(ContainerSpec.of(ContainerSandbox.IMAGE, "sleep", "1000")).container();
        s.start(c.id());
        assertThrows(EngineException.NotModified.class, () -> s.start(c.id()));
        EngineException.Conflict e = assertThrows(EngineException.Conflict.class, () -> s.remove(c.id(), false));
        assertEquals("You cannot remove a running container " + c.id()
                + ". Stop the container before attempting removal or force remove", e.getMessage());
        try (EventBus.Subscription sub = sandbox.events().subscribe(x -> x.actorId().equals(c.id()), -1)) {
            s.remove(c.id(), true);
            assertEquals(List.of("kill", "die", "destroy"), actions(sub, c.id()));
        }
        assertThrows(EngineException.NotFound.class, () -> s.inspect(c.id()));
        assertEquals(List.of(), sandbox.leftovers());
    }

    @Test
    void aSecondServiceRecoversARunningContainerAndManagesIt() throws Exception {
        ContainerService first = sandbox.service();
        Container c = first.create(ContainerSpec.of(ContainerSandbox.IMAGE, "sh", "-c", "echo started; exec sleep 1000")
                .withHost(HostSpec.defaults().withInit(true)).withName("survivor")).container();
        Container exited = first.create(sh("exit 4")).container();
        first.start(c.id());
        long pid = first.inspect(c.id()).state().pid();
        first.close(); // the daemon goes away; the container and its conmon stay

        ContainerService second = sandbox.service(); // recovers
        Container recovered = second.inspect("survivor");
        assertEquals(Status.RUNNING, recovered.state().status());
        assertEquals(pid, recovered.state().pid());
        assertEquals(Status.CREATED, second.inspect(exited.id()).state().status());
        String execId = second.execCreate(c.id(), ExecSpec.of("echo", "exec after recovery"));
        Output out = new Output();
        assertEquals(0, second.execStart(execId, false, out).exitCode().get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals("exec after recovery\n", out.stdout());
        assertEquals("started\n", logs(second, c.id(), LogOptions.all()));
        assertEquals(List.of(c.id()), second.list(ContainerQuery.running()).stream().map(Container::id).toList());

        second.stop(c.id(), 10);
        assertEquals(143, second.inspect(c.id()).state().exitCode());
        assertEquals(Status.EXITED, second.inspect(c.id()).state().status());
        assertFalse(ContainerSandbox.mountsUnder(sandbox.root()).contains(c.rootfs().mergedDir()));

        // A container that exits while no daemon watches gets its exit code on recovery.
        second.start(exited.id());
        Container looper = second.create(sh("sleep 0.5; exit 9")).container();
        second.start(looper.id());
        second.close();
        Thread.sleep(1500);
        ContainerService third = sandbox.service();
        assertEquals(9, third.inspect(looper.id()).state().exitCode());
        assertEquals(Status.EXITED, third.inspect(looper.id()).state().status());
        assertFalse(ContainerSandbox.mountsUnder(sandbox.root()).contains(looper.rootfs().mergedDir()));
        assertEquals(4, third.inspect(exited.id()).state().exitCode());
    }

    @Test
    void restartPoliciesRestartWithBackoffAndStopEndsThem() throws Exception {
        ContainerService s = sandbox.service();
        Container c = s.create(sh("exit 1").withHost(HostSpec.defaults().withRestartPolicy(HostSpec.RestartPolicy.parse("on-failure:2")))).container();
        s.start(c.id());
        CompletableFuture<WaitResult> notRunning = s.wait(c.id(), WaitCondition.NOT_RUNNING);
        assertEquals(1, await(notRunning).statusCode(), "not-running waits through the policy's restarts");
        Container done = s.inspect(c.id());
        assertEquals(Status.EXITED, done.state().status());
        assertEquals(2, done.restartCount());
        List<Event> starts = past(e -> e.actorId().equals(c.id()) && e.action().equals("start"));
        assertEquals(3, starts.size());

        Container always = s.create(sh("sleep 0.1").withHost(HostSpec.defaults().withRestartPolicy(HostSpec.RestartPolicy.parse("always")))).container();
        s.start(always.id());
        waitUntil(() -> s.inspect(always.id()).restartCount() >= 2);
        s.stop(always.id(), 1);
        Container stopped = s.inspect(always.id());
        assertEquals(Status.EXITED, stopped.state().status());
        int count = stopped.restartCount();
        Thread.sleep(500);
        assertEquals(count, s.inspect(always.id()).restartCount(), "no restart after a user stop");
        assertEquals(Status.EXITED, s.inspect(always.id()).state().status());

        // unless-stopped: a daemon restart brings back what the user did not stop; always comes back regardless.
        Container unless = s.create(ContainerSpec.of(ContainerSandbox.IMAGE, "sleep", "1000")
                .withHost(HostSpec.defaults().withInit(true).withRestartPolicy(HostSpec.RestartPolicy.parse("unless-stopped")))).container();
        s.start(unless.id());
        s.stop(unless.id(), 5);
        s.close();
        ContainerService next = sandbox.service();
        assertEquals(Status.EXITED, next.inspect(unless.id()).state().status(), "stopped by the user: stays down");
        assertEquals(Status.RUNNING, next.inspect(always.id()).state().status(), "always: started with the daemon");
    }

    @Test
    void startFailuresGiveDockersExitCodesAndLeaveNothingMounted() throws Exception {
        ContainerService s = sandbox.service();
        Container c = s.create(ContainerSpec.of(ContainerSandbox.IMAGE, "no-such-command")).container();
        EngineException.InvalidArgument e = assertThrows(EngineException.InvalidArgument.class, () -> s.start(c.id()));
        assertTrue(e.getMessage().startsWith("OCI runtime create failed: "), e.getMessage());
        Container after = s.inspect(c.id());
        assertEquals(Status.CREATED, after.state().status(), "never started: still created, as in Docker");
        assertEquals(127, after.state().exitCode());
        assertTrue(after.state().error().contains("executable file not found"), after.state().error());
        assertFalse(ContainerSandbox.mountsUnder(sandbox.root()).contains(c.rootfs().mergedDir()));
        assertFalse(Files.exists(sandbox.execRoot().resolve("containers").resolve(c.id())));

        Container u = s.create(ContainerSpec.of(ContainerSandbox.IMAGE, "true").withConfig(ContainerConfig.empty()
                .withCmd(List.of("true")).withUser("nosuchuser"))).container();
        EngineException.InvalidArgument user = assertThrows(EngineException.InvalidArgument.class, () -> s.start(u.id()));
        assertEquals("unable to find user nosuchuser: no matching entries in passwd file", user.getMessage());
    }

    @Test
    void etcFilesBindsAndReadOnlyRootfs() throws Exception {
        ContainerService s = sandbox.service();
        Path shared = Files.createDirectories(sandbox.root().resolve("shared"));
        Files.writeString(shared.resolve("in.txt"), "from host\n");
        HostSpec host = HostSpec.defaults().withReadonlyRootfs(true)
                .withBinds(List.of(shared + ":/data", shared + ":/ro:ro"))
                .withTmpfs(Map.of("/scratch", "size=1m"))
                .withExtraHosts(List.of("db:10.1.2.3"))
                .withDns(List.of("192.0.2.53"), List.of("example.org"), List.of("ndots:2"));
        ContainerConfig cfg = ContainerConfig.empty().withCmd(List.of("sh", "-c",
                "cat /etc/hostname; cat /etc/hosts; cat /etc/resolv.conf; cat /data/in.txt; echo out > /data/out.txt;"
                        + " touch /ro/x 2>/dev/null || echo ro-ok; touch /root/x 2>/dev/null || echo rootfs-ro;"
                        + " echo t > /scratch/t && echo tmpfs-ok; hostname"));
        cfg = Configs.withIdentity(cfg, null, "myhost", "");
        Container c = s.create(new ContainerSpec(null, ContainerSandbox.IMAGE, cfg, host, null)).container();
        CompletableFuture<WaitResult> exit = s.wait(c.id(), WaitCondition.NEXT_EXIT);
        s.start(c.id());
        assertEquals(0, await(exit).statusCode());
        String out = logs(s, c.id(), LogOptions.all());
        assertTrue(out.startsWith("myhost\n127.0.0.1\tlocalhost\n"), out);
        assertTrue(java.util.regex.Pattern.compile("10\\.1\\.2\\.3\tdb\n10\\.2\\d\\d\\.\\d+\\.\\d+\tmyhost\n").matcher(out).find(),
                "--add-host, then the container's address on the default bridge: " + out);
        assertTrue(out.contains("search example.org\nnameserver 192.0.2.53\noptions ndots:2\n"), out);
        assertTrue(out.contains("from host\n"), out);
        assertTrue(out.contains("ro-ok\nrootfs-ro\ntmpfs-ok\nmyhost\n"), out);
        assertEquals("out\n", Files.readString(shared.resolve("out.txt")));

        assertThrows(EngineException.InvalidArgument.class, () -> s.create(sh("true").withHost(HostSpec.defaults().withBinds(List.of("v:/data")))),
                "a volume name of one character");
        assertThrows(EngineException.InvalidArgument.class, () -> s.create(sh("true").withHost(HostSpec.defaults().withCapabilities(List.of("NOPE"), List.of()))));
        assertThrows(EngineException.InvalidArgument.class, () -> s.create(sh("true").withHost(HostSpec.defaults()
                .withResources(HostSpec.Resources.NONE.withMemory(1024L, null)))));
    }

    @Test
    void listFiltersTopStatsAndImageUse() throws Exception {
        ContainerService s = sandbox.service();
        ContainerConfig labelled = ContainerConfig.empty().withCmd(List.of("sleep", "1000")).withLabels(Map.of("tier", "web"));
        Container running = s.create(new ContainerSpec("lister-running", ContainerSandbox.IMAGE, labelled,
                HostSpec.defaults().withInit(true), null)).container();
        Thread.sleep(5);
        Container exited = s.create(sh("exit 2").withName("lister-exited")).container();
        Thread.sleep(5);
        Container created = s.create(sh("true").withName("lister-created")).container();
        s.start(running.id());
        CompletableFuture<WaitResult> exit = s.wait(exited.id(), WaitCondition.NEXT_EXIT);
        s.start(exited.id());
        await(exit);

        assertEquals(List.of(running.id()), ids(s.list(ContainerQuery.running())));
        assertEquals(List.of(created.id(), exited.id(), running.id()), ids(s.list(ContainerQuery.everything())));
        assertEquals(List.of(running.id()), ids(s.list(ContainerQuery.everything().withLabels(List.of("tier=web")))));
        assertEquals(List.of(exited.id()), ids(s.list(ContainerQuery.running().withStatuses(List.of("exited")))), "status implies all");
        assertEquals(List.of(created.id()), ids(s.list(ContainerQuery.running().withStatuses(List.of("created")))));
        assertEquals(List.of(exited.id()), ids(s.list(new ContainerQuery(true, 0, null, null, null, null, List.of(2), null, null, null))));
        assertEquals(List.of(created.id(), exited.id()), ids(s.list(ContainerQuery.everything().withNames(List.of("lister-(ex|cr)")))));
        assertEquals(List.of(exited.id(), running.id()), ids(s.list(new ContainerQuery(false, 0, null, null, null, null, null, null, "lister-created", null))));
        assertEquals(List.of(created.id()), ids(s.list(new ContainerQuery(false, 0, null, null, null, null, null, null, null, "lister-exited"))));
        assertEquals(3, s.list(new ContainerQuery(true, 0, null, null, null, null, null, List.of(ContainerSandbox.IMAGE), null, null)).size());
        assertEquals(List.of(created.id()), ids(s.list(new ContainerQuery(false, 1, null, null, null, null, null, null, null, null))));
        assertThrows(EngineException.InvalidArgument.class, () -> s.list(ContainerQuery.everything().withStatuses(List.of("sleeping"))));

        TopResult top = s.top(running.id(), null);
        assertTrue(top.titles().contains("PID") && top.titles().contains("CMD"), top.titles().toString());
        assertEquals(2, top.processes().size(), top.processes().toString());
        assertTrue(top.processes().stream().anyMatch(p -> p.getLast().equals("sleep 1000")), top.processes().toString());

        ContainerStats stats = s.stats(running.id());
        assertTrue(stats.cgroup().isPresent());
        assertTrue(stats.cgroup().get().memory().usage() > 0);
        assertEquals(2, stats.cgroup().get().pids().current());
        assertTrue(s.stats(exited.id()).cgroup().isEmpty());

        assertEquals(List.of(running.id()), s.runningContainers(sandbox.image().id()));
        assertEquals(List.of(created.id(), exited.id()).stream().sorted().toList(), s.stoppedContainers(sandbox.image().id()));
        assertTrue(s.chainIds().contains(sandbox.image().topLayer().orElseThrow()));
        assertThrows(EngineException.Conflict.class, () -> sandbox.images().remove(sandbox.image().id().toString(), false));
        ContainerCounts counts = s.counts();
        assertEquals(new ContainerCounts(3, 1, 0, 2), counts);

        PruneReport pruned = s.prune(PruneFilter.ALL);
        assertEquals(List.of(created.id(), exited.id()).stream().sorted().toList(), pruned.deleted().stream().sorted().toList());
        assertEquals(List.of(running.id()), ids(s.list(ContainerQuery.everything())));
    }

    @Test
    void whateverDiesFirstNothingIsLeftBehind() throws Exception {
        ContainerService s = sandbox.service();
        // conmon killed: the watchdog notices, kills the container and releases everything.
        Container a = s.create(ContainerSpec.of(ContainerSandbox.IMAGE, "sleep", "1000")).container();
        s.start(a.id());
        long conmonPid = Long.parseLong(Files.readString(sandbox.execRoot().resolve("containers").resolve(a.id()).resolve("conmon.pid")).strip());
        dev.berth.common.linux.Libc.kill(conmonPid, 9);
        waitUntil(() -> s.inspect(a.id()).state().status() == Status.EXITED);
        assertEquals(137, s.inspect(a.id()).state().exitCode());
        assertTrue(s.inspect(a.id()).state().error().contains("conmon"), s.inspect(a.id()).state().error());
        // The container's process killed from the host: an ordinary exit.
        Container b = s.create(ContainerSpec.of(ContainerSandbox.IMAGE, "sleep", "1000")).container();
        s.start(b.id());
        CompletableFuture<WaitResult> exit = s.wait(b.id(), WaitCondition.NEXT_EXIT);
        dev.berth.common.linux.Libc.kill(s.inspect(b.id()).state().pid(), 9);
        assertEquals(137, await(exit).statusCode());
        s.remove(a.id(), false);
        s.remove(b.id(), false);
        assertEquals(List.of(), sandbox.leftovers());
    }

    @Test
    void theOomKillerIsReported() throws Exception {
        ContainerService s = sandbox.service();
        HostSpec host = HostSpec.defaults().withResources(HostSpec.Resources.NONE.withMemory(8L * 1024 * 1024, null));
        Container c = s.create(ContainerSpec.of(ContainerSandbox.IMAGE, "tail", "/dev/zero").withHost(host)).container();
        CompletableFuture<WaitResult> exit = s.wait(c.id(), WaitCondition.NEXT_EXIT);
        s.start(c.id());
        assertEquals(137, await(exit).statusCode());
        assertTrue(s.inspect(c.id()).state().oomKilled());
    }

    @Test
    void networkModesCapabilitiesAndPrivileged() throws Exception {
        ContainerService s = sandbox.service();
        String script = "grep -c : /proc/net/dev; cat /etc/hostname; grep CapEff /proc/self/status; readlink /proc/self/ns/net";
        String own = run(s, sh(script));
        assertTrue(own.startsWith("2\n"), "own namespace: loopback and eth0 on the default bridge: " + own);
        assertTrue(own.contains("CapEff:\t00000000a80425fb\n"), "Docker's 14 default capabilities: " + own);

        String none = run(s, sh(script).withHost(HostSpec.defaults().withNetworkMode("none")));
        assertTrue(none.startsWith("1\n"), none);

        String host = run(s, sh(script).withHost(HostSpec.defaults().withNetworkMode("host")));
        String hostNs = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        assertTrue(host.endsWith(hostNs + "\n"), host + " vs " + hostNs);
        assertTrue(host.contains(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip() + "\n"), host);

        Container a = s.create(ContainerSpec.of(ContainerSandbox.IMAGE, "sleep", "1000").withHost(HostSpec.defaults().withInit(true))).container();
        s.start(a.id());
        String aNs = Files.readSymbolicLink(Path.of("/proc", Long.toString(s.inspect(a.id()).state().pid()), "ns", "net")).toString();
        String joined = run(s, sh(script).withHost(HostSpec.defaults().withNetworkMode("container:" + a.shortName())));
        assertTrue(joined.endsWith(aNs + "\n"), joined + " vs " + aNs);
        assertTrue(joined.contains(a.config().hostname() + "\n"), joined);
        assertThrows(EngineException.NotFound.class, () -> s.create(sh("true").withHost(HostSpec.defaults().withNetworkMode("container:nosuch"))));
        assertThrows(EngineException.NotFound.class, () -> s.create(sh("true").withHost(HostSpec.defaults().withNetworkMode("mynet"))));

        String caps = run(s, sh(script).withHost(HostSpec.defaults().withCapabilities(List.of("NET_ADMIN"), List.of("CHOWN"))));
        assertTrue(caps.contains("CapEff:\t00000000a80435fa\n"), "+NET_ADMIN -CHOWN: " + caps);
        String privileged = run(s, sh(script).withHost(HostSpec.defaults().withPrivileged(true)));
        assertFalse(privileged.contains("CapEff:\t00000000a80425fb"), privileged);
        assertTrue(privileged.contains("CapEff:\t000001fffeffffff") || privileged.contains("CapEff:\t000000fffeffffff")
                || privileged.contains("CapEff:\t0000003ffeffffff"), "all grantable (no CAP_SYS_RESOURCE here): " + privileged);
    }

    /** Runs a container to its end and returns its output; it must exit 0. */
    private static String run(ContainerService s, ContainerSpec spec) throws Exception {
        Container c = s.create(spec).container();
        Output out = new Output();
        Attachment a = s.attach(c.id(), AttachOptions.output(), out);
        CompletableFuture<WaitResult> exit = s.wait(c.id(), WaitCondition.NEXT_EXIT);
        s.start(c.id());
        int code = await(exit).statusCode();
        a.done().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(0, code, out.stdout() + out.stderr());
        s.remove(c.id(), false);
        return out.stdout();
    }

    @Test
    void dockerRunItWithATerminalResizeAndRestart() throws Exception {
        ContainerService s = sandbox.service();
        ContainerConfig cfg = new ContainerConfig(null, null, null, true, true, true, null, true, true, true, null,
                List.of("sh"), null, null, null, null, null, null, null, null, null, null);
        Container c = s.create(new ContainerSpec(null, ContainerSandbox.IMAGE, cfg,
                HostSpec.defaults().withConsoleSize(new HostSpec.ConsoleSize(24, 80)), null)).container();
        Output out = new Output();
        Attachment a = s.attach(c.id(), AttachOptions.all(), out);
        CompletableFuture<WaitResult> exit = s.wait(c.id(), WaitCondition.NEXT_EXIT);
        s.start(c.id());
        s.resize(c.id(), 40, 120);
        byte[] input = "stty size; echo $TERM; exit 3\n".getBytes(StandardCharsets.UTF_8);
        a.writeStdin(input, 0, input.length);
        assertEquals(3, await(exit).statusCode());
        a.done().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(out.stdout().contains("40 120\r\n"), out.stdout());
        assertTrue(out.stdout().contains("xterm\r\n"), out.stdout());
        assertEquals("", out.stderr(), "a terminal has one stream");

        Container r = s.create(ContainerSpec.of(ContainerSandbox.IMAGE, "sleep", "1000").withHost(HostSpec.defaults().withInit(true))).container();
        s.start(r.id());
        long pid = s.inspect(r.id()).state().pid();
        try (EventBus.Subscription sub = sandbox.events().subscribe(x -> x.actorId().equals(r.id()), -1)) {
            s.restart(r.id(), 5);
            assertEquals(List.of("kill", "die", "stop", "start", "restart"), actions(sub, r.id()));
        }
        assertEquals(Status.RUNNING, s.inspect(r.id()).state().status());
        assertNotEquals(pid, s.inspect(r.id()).state().pid());
        assertFalse(s.inspect(r.id()).manuallyStopped());
    }

    @Test
    void followingLogsEndsWhenTheContainerStops() throws Exception {
        ContainerService s = sandbox.service();
        Container c = s.create(sh("echo a; sleep 0.4; echo b >&2; sleep 0.4; printf 'partial'")).container();
        s.start(c.id());
        List<String> lines = new ArrayList<>();
        List<StdStream> streams = new ArrayList<>();
        long t0 = System.nanoTime();
        try (ContainerLogs logs = s.logs(c.id(), LogOptions.all().withFollow(true))) {
            for (LogLine l = logs.next(); l != null; l = logs.next()) {
                lines.add(l.text());
                streams.add(l.stream());
            }
        }
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(600).toNanos(), "it followed the running container");
        assertEquals(List.of("a\n", "b\n", "partial"), lines);
        assertEquals(List.of(StdStream.STDOUT, StdStream.STDERR, StdStream.STDOUT), streams);

        // A follower is stopped by close() from another thread.
        Container sleeper = s.create(ContainerSpec.of(ContainerSandbox.IMAGE, "sleep", "1000")).container();
        s.start(sleeper.id());
        ContainerLogs follow = s.logs(sleeper.id(), LogOptions.all().withFollow(true));
        CompletableFuture<LogLine> next = CompletableFuture.supplyAsync(() -> {
            try {
                return follow.next();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertFalse(next.isDone());
        follow.close();
        assertEquals(null, next.get(5, TimeUnit.SECONDS));
    }

    @Test
    void recoveryFinishesWhatACrashInterrupted() throws Exception {
        ContainerService s = sandbox.service();
        Container removing = s.create(sh("true")).container();
        Container kept = s.create(sh("true").withName("kept")).container();
        s.close();
        // A removal cut short, a create cut short (no record yet), and a runtime leftover of an unknown container.
        ContainerStore store = new ContainerStore(sandbox.dataRoot().resolve("containers"));
        store.save(removing.withState(removing.state().withStatus(Status.REMOVING)));
        Path halfCreated = Files.createDirectories(store.dir("b".repeat(64)).resolve("rootfs/upper"));
        Path orphan = Files.createDirectories(sandbox.execRoot().resolve("containers").resolve("c".repeat(64)));

        ContainerService next = sandbox.service();
        assertThrows(EngineException.NotFound.class, () -> next.inspect(removing.id()));
        assertFalse(Files.exists(store.dir(removing.id())));
        assertFalse(Files.exists(halfCreated));
        assertFalse(Files.exists(orphan));
        assertEquals(kept.id(), next.inspect("kept").id());
        List<Event> destroyed = past(e -> e.actorId().equals(removing.id()) && e.action().equals("destroy"));
        assertEquals(1, destroyed.size());
    }

    /** Events published so far that match. */
    private static List<Event> past(java.util.function.Predicate<Event> filter) {
        try (EventBus.Subscription sub = sandbox.events().subscribe(filter, 0)) {
            return sub.drain();
        }
    }

    private static List<String> ids(List<Container> cs) {
        return cs.stream().map(Container::id).toList();
    }

    static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within " + WAIT);
            Thread.sleep(20);
        }
    }

    @Test
    void filesOfAStoppedContainerAreMountedOnlyWhileUsedAndCommitMakesAnImage() throws Exception {
        ContainerService s = sandbox.service();
        try (EventBus.Subscription sub = sandbox.events().subscribe(e -> e.type().equals("container"), -1)) {
            Container c = s.create(sh("echo made > /made.txt && rm /bin/true")).container();
            CompletableFuture<WaitResult> exit = s.wait(c.id(), WaitCondition.NEXT_EXIT);
            s.start(c.id());
            assertEquals(0, await(exit).statusCode());
            assertFalse(Mounts.isMountPoint(c.rootfs().mergedDir()));

            assertEquals(List.of(new FileChange("/bin", FileChange.Kind.MODIFIED), new FileChange("/bin/true", FileChange.Kind.DELETED),
                    new FileChange("/made.txt", FileChange.Kind.ADDED)), s.changes(c.id()));
            assertEquals("made.txt", s.statPath(c.id(), "/made.txt").name());
            EngineException missing = assertThrows(EngineException.NotFound.class, () -> s.statPath(c.id(), "/nope"));
            assertEquals("Could not find the file /nope in container " + c.id(), missing.getMessage());
            java.io.ByteArrayOutputStream tar = new java.io.ByteArrayOutputStream();
            s.archivePath(c.id(), "/made.txt", stat -> {
                assertEquals(5L, stat.size());
                return tar;
            });
            s.extractToDir(c.id(), "/tmp", new java.io.ByteArrayInputStream(tar.toByteArray()), true, true);
            assertEquals(List.of(new FileChange("/made.txt", FileChange.Kind.ADDED), new FileChange("/tmp", FileChange.Kind.MODIFIED),
                    new FileChange("/tmp/made.txt", FileChange.Kind.ADDED)), s.changes(c.id()).subList(2, 5));
            java.io.ByteArrayOutputStream export = new java.io.ByteArrayOutputStream();
            s.export(c.id(), export);
            assertTrue(export.size() > 1024);
            assertFalse(Mounts.isMountPoint(c.rootfs().mergedDir()), "unmounted after use");

            var image = s.commit(c.id(), new CommitOptions(Optional.of(dev.berth.oci.ImageRef.parse("committed:t")), "msg", "me",
                    List.of("CMD [\"cat\", \"/made.txt\"]"), true, Optional.empty()));
            assertEquals(List.of("cat", "/made.txt"), image.config().config().cmd());
            assertEquals(sandbox.image().layers().size() + 1, image.layers().size());
            Container run = s.create(ContainerSpec.of("committed:t")).container();
            CompletableFuture<WaitResult> done = s.wait(run.id(), WaitCondition.NEXT_EXIT);
            s.start(run.id());
            assertEquals(0, await(done).statusCode());
            assertEquals("made\n", logs(s, run.id(), new LogOptions(true, true, null, null, -1, false, false)));
            assertEquals(List.of("create", "start", "die", "archive-path", "extract-to-dir", "export", "commit", "create", "start", "die"),
                    sub.drain().stream().filter(e -> !e.action().equals("attach")).map(Event::action).toList());
        }
    }
}

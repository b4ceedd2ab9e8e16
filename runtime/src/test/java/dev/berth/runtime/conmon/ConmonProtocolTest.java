package dev.berth.runtime.conmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.EngineException;
import dev.berth.runtime.spec.KernelCapabilities;
import dev.berth.runtime.spec.Spec;
import dev.berth.runtime.spec.SpecGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small formats around conmon: sync messages, exit files, runtime errors, exec processes, paths. */
class ConmonProtocolTest {
    @Test
    void syncMessages() {
        assertEquals(new SyncMessage(4242, null), SyncMessage.parse("{\"data\": 4242}"));
        SyncMessage failed = SyncMessage.parse("{\"data\": -1, \"message\": \"runc create failed: exec: \\\"x\\\": not found\\n\"}");
        assertTrue(failed.failed());
        assertEquals("runc create failed: exec: \"x\": not found\n", failed.message());
        assertThrows(EngineException.Unavailable.class, () -> SyncMessage.parse("{\"pid\": 1}"));
        assertThrows(EngineException.Unavailable.class, () -> SyncMessage.parse("garbage"));
    }

    @Test
    void runtimeErrorsGetDockersExitCodesAndKinds() {
        String notFound = "runc create failed: unable to start container process: exec: \"nope\": executable file not found in $PATH";
        assertEquals(127, RuntimeErrors.exitCode(notFound));
        assertEquals(127, RuntimeErrors.exitCode("exec: \"/x\": stat /x: no such file or directory"));
        assertEquals(126, RuntimeErrors.exitCode("exec: \"/etc/passwd\": permission denied"));
        assertEquals(126, RuntimeErrors.exitCode("error mounting \"/a\" to rootfs at \"/b\": not a directory"));
        assertEquals(128, RuntimeErrors.exitCode("cgroup: cannot set memory limit"));
        EngineException e = RuntimeErrors.failure("create", notFound + "\n");
        assertInstanceOf(EngineException.InvalidArgument.class, e);
        assertEquals("OCI runtime create failed: " + notFound, e.getMessage());
        assertInstanceOf(EngineException.FailedPrecondition.class, RuntimeErrors.failure("exec", "container not running"));
        assertEquals("OCI runtime exec failed: the runtime failed without a message", RuntimeErrors.failure("exec", null).getMessage());
    }

    @Test
    void exitFiles(@TempDir Path dir) throws Exception {
        assertTrue(ExitFiles.read(dir.resolve("none")).isEmpty());
        Files.writeString(dir.resolve("a"), "137");
        assertEquals(137, ExitFiles.read(dir.resolve("a")).getAsInt());
        Files.writeString(dir.resolve("b"), "x");
        assertThrows(EngineException.DataCorruption.class, () -> ExitFiles.read(dir.resolve("b")));
    }

    @Test
    void exitMonitorCompletesOnWriteAndForFilesAlreadyThere(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("early"), "3");
        try (ExitMonitor m = new ExitMonitor(dir)) {
            assertEquals(3, m.onExit("early").get());
            var later = m.onExit("later");
            Files.writeString(dir.resolve(".later.tmp"), "143");
            Files.move(dir.resolve(".later.tmp"), dir.resolve("later"), java.nio.file.StandardCopyOption.ATOMIC_MOVE); // as conmon does
            assertEquals(143, later.get(10, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    @Test
    void execProcessesInheritTheContainersSecurityAndEnv() {
        Spec.Process container = SpecGenerator.defaultSpec().process()
                .withEnv(List.of("PATH=/bin", "A=1")).withCwd("/srv").withNoNewPrivileges(true);
        Spec.Process p = ExecProcesses.derive(container, List.of("sh"), List.of("A=2", "B=3"), null, null, true, false, List.of());
        assertEquals(List.of("PATH=/bin", "A=2", "B=3"), p.env());
        assertEquals("/srv", p.cwd());
        assertEquals(Spec.User.ROOT, p.user());
        assertTrue(p.terminal() && p.noNewPrivileges());
        assertEquals(container.capabilities(), p.capabilities());
        assertNull(p.oomScoreAdj());
        Spec.Process priv = ExecProcesses.derive(container, List.of("sh"), List.of(), "/tmp", new Spec.User(5, 6, null, List.of()), false,
                true, KernelCapabilities.ALL);
        assertEquals(KernelCapabilities.ALL, priv.capabilities().bounding());
        assertEquals("/tmp", priv.cwd());
        assertEquals(5, priv.user().uid());
    }

    @Test
    void idsAndPathsAreChecked() {
        ExecRoot root = new ExecRoot(Path.of("/run/berth"));
        ContainerPaths c = root.container("abc");
        assertEquals(Path.of("/run/berth/containers/abc/attach"), c.attachSocket());
        assertEquals(Path.of("/run/berth/exits/abc"), c.exitFile());
        assertEquals(Path.of("/run/berth/containers/abc/exec/e1/exit/abc"), c.exec("e1").exitFile());
        for (String bad : new String[] {"", "../x", "a/b", ".hidden", "-flag", "x".repeat(129)}) {
            assertThrows(EngineException.InvalidArgument.class, () -> root.container(bad), bad);
        }
        Spec spec = SpecGenerator.defaultSpec();
        assertThrows(EngineException.InvalidArgument.class, () -> CreateOptions.of("abc", spec, Path.of("relative.log")));
        assertThrows(EngineException.InvalidArgument.class, () -> CreateOptions.of("abc", spec, Path.of("/a:b/log")));
    }
}

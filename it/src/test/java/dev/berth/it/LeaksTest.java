package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit tests of the harness helpers that need neither root nor a daemon. */
class LeaksTest {
    @Test
    void unescapesMountinfo() {
        assertEquals("/a b\tc\\d", Leaks.unescape("/a\\040b\\011c\\134d"));
        assertEquals("/plain", Leaks.unescape("/plain"));
        assertEquals("/trailing\\04", Leaks.unescape("/trailing\\04"));
    }

    @Test
    void findsTheRootMountAndProc() {
        assertFalse(Leaks.mountsUnder(Path.of("/")).isEmpty());
        assertTrue(Leaks.mountsUnder(Path.of("/proc")).stream().anyMatch(m -> m.fsType().equals("proc")));
    }

    @Test
    void findsProcessesByArgumentAndNotByPrefix(@TempDir Path dir) throws Exception {
        Path inside = dir.resolve("x");
        Process p = new ProcessBuilder("sh", "-c", "sleep 30", inside.toString()).start();
        Process other = new ProcessBuilder("sh", "-c", "sleep 30", dir + "-sibling/y").start();
        try {
            List<Leaks.Proc> found = Leaks.processesMentioning(dir);
            assertEquals(1, found.stream().filter(pr -> pr.pid() == p.pid()).count(), found.toString());
            assertTrue(found.stream().noneMatch(pr -> pr.pid() == other.pid()), found.toString());
            AssertionError e = assertThrows(AssertionError.class, () -> Leaks.assertNoProcessesMentioning(dir));
            assertTrue(e.getMessage().contains(inside.toString()), e.getMessage());
            String removed = Leaks.cleanUp(dir);
            assertTrue(removed.contains("killed"), removed);
            assertTrue(Leaks.processesMentioning(dir).isEmpty());
        } finally {
            p.destroyForcibly();
            other.destroyForcibly();
        }
    }

    @Test
    void deleteTreeDoesNotFollowSymlinks(@TempDir Path dir) throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("keep"), "x");
        Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
        Files.createSymbolicLink(tree.resolve("link"), outside);
        Files.writeString(tree.resolve("f"), "y");
        TempDirs.deleteTree(dir.resolve("tree"));
        assertFalse(Files.exists(dir.resolve("tree")));
        assertTrue(Files.exists(outside.resolve("keep")));
    }

    @Test
    void socketPathLimit() {
        TempDirs.checkSocketPath(Path.of("/tmp/berthd-12345678/berth.sock"));
        assertThrows(AssertionError.class, () -> TempDirs.checkSocketPath(Path.of("/tmp/" + "x".repeat(110))));
    }

    @Test
    void cliResultDescribesFailures() {
        CliResult r = ProcessRunner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"),
                Map.of("PATH", ProcessRunner.PATH), null, Duration.ofSeconds(10));
        assertEquals(3, r.exitCode());
        assertEquals("out\n", r.stdout());
        AssertionError e = assertThrows(AssertionError.class, r::assertSuccess);
        assertTrue(e.getMessage().contains("exit code 3") && e.getMessage().contains("err"), e.getMessage());
        r.assertFailure().assertExitCode(3);
    }

    @Test
    void stdinAndTimeout() {
        CliResult r = ProcessRunner.run(List.of("wc", "-c"), Map.of("PATH", ProcessRunner.PATH), new byte[12345], Duration.ofSeconds(10));
        assertEquals("12345", r.stdout().strip());
        AssertionError e = assertThrows(AssertionError.class, () -> ProcessRunner.run(List.of("sleep", "30"),
                Map.of("PATH", ProcessRunner.PATH), null, Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
    }

    @Test
    void scrubsDockerVariables() {
        Map<String, String> env = ProcessRunner.baseEnvironment();
        assertTrue(env.keySet().stream().noneMatch(k -> k.startsWith("DOCKER_") || k.startsWith("BERTH_")));
        assertEquals(ProcessRunner.PATH, env.get("PATH"));
    }
}

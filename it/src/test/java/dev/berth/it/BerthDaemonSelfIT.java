package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Tests {@link BerthDaemon} and {@link BerthDaemonTest} against a fake berthd (src/test/resources/fake-berthd), so
 * the harness is known to work before the real daemon exists: start and /_ping, CLI wiring, kill9 and restart,
 * start failures with the log in the message, stop timeout and leak detection, logs attached to test failures.
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.UMOUNT})
class BerthDaemonSelfIT {
    /** Set only while the EngineTestKit runs the inner fixture classes, which fail on purpose. */
    static final String INNER = "it.selftest.inner";
    private static Path launcherDir;
    private static Path fake;

    @BeforeAll
    static void writeLauncher() throws IOException, URISyntaxException {
        Path source = Path.of(Objects.requireNonNull(BerthDaemonSelfIT.class.getResource("/fake-berthd/FakeBerthd.java")).toURI());
        String java = ProcessHandle.current().info().command().orElseThrow();
        launcherDir = TempDirs.create("fake");
        // Compiled once here: launching the source file each time costs seconds of javac per start.
        Path classes = Files.createDirectories(launcherDir.resolve("classes"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "-nowarn", "-XDignore.symbol.file", "-d", classes.toString(), source.toString());
        assertEquals(0, rc, "compiling " + source);
        fake = launcherDir.resolve("berthd");
        Files.writeString(fake, "#!/bin/sh\nexec " + java + " -XX:TieredStopAtLevel=1 -Xshare:auto -cp " + classes
                + " FakeBerthd \"$@\"\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void removeLauncher() {
        TempDirs.deleteTree(launcherDir);
    }

    private static BerthDaemon fakeDaemon() {
        return new BerthDaemon().withBinary(fake).withStopTimeout(Duration.ofSeconds(10));
    }

    @Test
    void startsPassesArgumentsAndDrivesTheDockerCli() throws IOException {
        Path root;
        try (BerthDaemon d = fakeDaemon().withArgs("--debug")) {
            d.start();
            root = d.root();
            assertTrue(UnixHttp.ping(d.socket()));
            assertTrue(d.socket().toString().length() < 108);
            List<String> args = UnixHttp.get(d.socket(), "/args").bodyText().lines().toList();
            assertEquals(List.of("--data-root", root + "/data", "--exec-root", root + "/run",
                    "-H", "unix://" + root + "/berth.sock", "--bridge", d.bridgeName(),
                    "--bip", d.addressSpace().replace(".0.0/16", ".255.1/24"), "--default-address-pool",
                    "base=" + d.addressSpace(), "--debug"), args);
            CliResult v = d.docker().run("version", "--format", "{{.Server.Version}}").assertSuccess();
            assertEquals("fake-0", v.stdout().strip());
            assertTrue(d.docker().configDir().startsWith(root), "fresh DOCKER_CONFIG under the daemon's dir");
            CliResult missing = d.docker().run("inspect", "nothing-here");
            missing.assertFailure();
            assertTrue(d.log().contains("fake berthd: listening"), d.log());
        }
        assertFalse(Files.exists(root), "temp dir removed");
        Leaks.assertNoLeaks(root);
    }

    @Test
    void kill9AndRestartKeepTheData() throws IOException {
        try (BerthDaemon d = fakeDaemon()) {
            d.start();
            Path marker = Files.writeString(d.dataRoot().resolve("marker"), "x");
            long pid = d.pid();
            d.kill9();
            assertFalse(d.isRunning());
            assertFalse(UnixHttp.ping(d.socket()));
            d.restart();
            assertTrue(UnixHttp.ping(d.socket()));
            assertNotEquals(pid, d.pid());
            assertTrue(Files.exists(marker));
            d.restart(); // SIGTERM then start
            assertTrue(UnixHttp.ping(d.socket()));
            assertTrue(d.log().contains("SIGKILL (kill9)"));
        }
    }

    @Test
    void startFailureShowsTheLogAndCleansUp() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> fakeDaemon().withEnv("FAKE_MODE", "silent").withStartTimeout(Duration.ofSeconds(4)).start());
        assertTrue(e.getMessage().contains("no OK from GET /_ping"), e.getMessage());
        assertTrue(e.getMessage().contains("fake berthd: silent mode"), e.getMessage());

        AssertionError exited = assertThrows(AssertionError.class, () -> fakeDaemon().withEnv("FAKE_MODE", "exit").start());
        assertTrue(exited.getMessage().contains("exited with code 3"), exited.getMessage());
        assertTrue(exited.getMessage().contains("fake berthd: exiting with 3"), exited.getMessage());
    }

    @Test
    void stopTimeoutFails() {
        BerthDaemon d = fakeDaemon().withEnv("FAKE_IGNORE_TERM", "1").withStopTimeout(Duration.ofSeconds(2));
        try {
            d.start();
            Path root = d.root();
            AssertionError e = assertThrows(AssertionError.class, d::close);
            assertTrue(e.getMessage().contains("did not exit within 2 s of SIGTERM"), e.getMessage());
            assertTrue(e.getMessage().contains("fake berthd: ignoring SIGTERM"), e.getMessage());
            assertFalse(Files.exists(root));
        } finally {
            closeQuietly(d);
        }
    }

    @Test
    void leakedProcessesAndMountsFailAndAreRemoved() {
        BerthDaemon d = fakeDaemon().withEnv("FAKE_LEAK", "1").withEnv("FAKE_MOUNT", "1");
        try {
            d.start();
            Path root = d.root();
            assertEquals(1, Leaks.mountsUnder(root).size(), Leaks.mountsUnder(root).toString());
            // the daemon itself and the child it leaves behind
            assertEquals(2, Leaks.processesMentioning(root).size(), Leaks.processesMentioning(root).toString());
            AssertionError e = assertThrows(AssertionError.class, d::close);
            assertTrue(e.getMessage().contains("left things behind"), e.getMessage());
            assertTrue(e.getMessage().contains("leaky-monitor"), e.getMessage());
            assertTrue(e.getMessage().contains("tmpfs"), e.getMessage());
            Leaks.assertNoLeaks(root);
            assertFalse(Files.exists(root));
        } finally {
            closeQuietly(d);
        }
    }

    /** For tests whose daemon's close() fails on purpose: makes sure it ran even if an assertion failed first. */
    private static void closeQuietly(BerthDaemon d) {
        try {
            d.close();
        } catch (AssertionError expectedOrReportedAlready) {
            // the test asserts on it
        }
    }

    @Test
    void failuresCarryTheDaemonLog() {
        Events events = runInner(WithRegisteredDaemon.class);
        events.assertStatistics(s -> s.started(1).failed(1));
        String message = failureMessage(events);
        assertTrue(message.contains("deliberate failure"), message);
        assertTrue(message.contains("--- berthd log"), message);
        assertTrue(message.contains("fake berthd: listening"), message);
    }

    @Test
    void annotationStartsADaemonAndInjectsClis() {
        Events events = runInner(WithAnnotation.class);
        events.assertStatistics(s -> s.started(2).succeeded(2));
    }

    @Test
    void missingBerthdFailsInsteadOfSkipping() {
        String old = System.getProperty("it.berthd");
        System.setProperty("it.berthd", "/nonexistent/berthd");
        try {
            System.setProperty(INNER, "true");
            Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(WithAnnotation.class))
                    .execute().allEvents();
            assertEquals(0, events.skipped().count());
            String message = events.failed().stream()
                    .map(ev -> ev.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow())
                    .map(r -> r.getThrowable().map(Throwable::getMessage).orElse(""))
                    .findFirst().orElse("");
            assertTrue(message.contains("BERTHD not found at /nonexistent/berthd"), message);
            assertTrue(message.contains("scripts/setup"), message);
        } finally {
            System.clearProperty(INNER);
            if (old == null) {
                System.clearProperty("it.berthd");
            } else {
                System.setProperty("it.berthd", old);
            }
        }
    }

    private static Events runInner(Class<?> testClass) {
        String old = System.getProperty("it.berthd");
        System.setProperty("it.berthd", fake.toString());
        System.setProperty(INNER, "true");
        try {
            return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
        } finally {
            System.clearProperty(INNER);
            if (old == null) {
                System.clearProperty("it.berthd");
            } else {
                System.setProperty("it.berthd", old);
            }
        }
    }

    private static String failureMessage(Events events) {
        return events.failed().stream()
                .map(ev -> ev.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow())
                .map(r -> r.getThrowable().map(Throwable::getMessage).orElse(""))
                .findFirst().orElse("(no failure)");
    }

    /** Run only through the EngineTestKit above (its tests fail or pass on purpose). */
    @EnabledIfSystemProperty(named = INNER, matches = "true")
    static class WithRegisteredDaemon {
        @RegisterExtension
        static final BerthDaemon berthd = new BerthDaemon();

        @Test
        void fails() {
            assertTrue(UnixHttp.ping(berthd.socket()));
            throw new AssertionError("deliberate failure");
        }
    }

    @EnabledIfSystemProperty(named = INNER, matches = "true")
    @BerthDaemonTest
    static class WithAnnotation {
        static BerthDaemon seen;

        @Test
        void injected(BerthDaemon daemon, DockerCli docker, BerthDaemon same) {
            seen = daemon;
            assertTrue(UnixHttp.ping(daemon.socket()));
            assertEquals(daemon, same);
            assertEquals("fake-0", docker.ok("version", "--format", "{{.Server.Version}}").stdout().strip());
        }

        @Nested
        class Inner {
            @Test
            void sharesTheEnclosingDaemon(BerthDaemon daemon) {
                assertSame(seen, daemon);
                assertTrue(UnixHttp.ping(daemon.socket()));
            }
        }
    }
}

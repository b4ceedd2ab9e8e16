package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real containers through the real docker CLI 28 against berthd: the checks of the containers issue. */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.BUSYBOX, Tool.RUNC, Tool.CONMON})
class ContainersDockerCliIT {
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
    void runPrintsOutputAndExitsWithTheProcessCode() {
        CliResult r = docker.run("run", "--rm", "busybox", "sh", "-c", "echo hi; echo oops >&2; exit 3");
        assertEquals(3, r.exitCode(), r.describe());
        assertEquals("hi", r.stdout().strip());
        assertEquals("oops", r.stderr().strip());
        assertEquals(List.of(), docker.ok("ps", "-aq").stdoutLines(), "--rm removed the container");
    }

    @Test
    void missingCommandExits127AndNotExecutable126() {
        assertEquals(127, docker.run("run", "--rm", "busybox", "/no/such/binary").exitCode());
        assertEquals(126, docker.run("run", "--rm", "busybox", "/etc/passwd").exitCode());
    }

    @Test
    void execThatCannotStartPrintsDockerdsMessageAndExits126() {
        docker.ok("run", "-d", "--name", "execfail", "busybox", "sleep", "60");
        CliResult missing = docker.run("exec", "execfail", "/nosuch");
        assertEquals(126, missing.exitCode(), missing.describe());
        assertEquals("OCI runtime exec failed: exec failed: unable to start container process: exec: \"/nosuch\": "
                + "stat /nosuch: no such file or directory: unknown\r\n", missing.stdout(), missing.describe());
        CliResult user = docker.run("exec", "-u", "nosuchuser", "execfail", "true");
        assertEquals(126, user.exitCode(), user.describe());
        assertEquals("unable to find user nosuchuser: no matching entries in passwd file\r\n", user.stdout(), user.describe());
    }

    @Test
    void detachedLifecycleWithLogsExecStopRm() throws Exception {
        String id = docker.ok("run", "-d", "--name", "lifecycle", "busybox", "sh", "-c",
                "echo started; trap 'echo bye; exit 0' TERM; while true; do sleep 0.1; done").stdout().strip();
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        assertEquals("running", docker.ok("inspect", "--format", "{{.State.Status}}", "lifecycle").stdout().strip());
        assertTrue(docker.ok("ps", "--format", "{{.Names}} {{.Status}}").stdout().startsWith("lifecycle Up"));

        Process follow = new ProcessBuilder("/usr/local/bin/docker", "-H", berthd.host(), "logs", "-f", "lifecycle")
                .redirectErrorStream(true).start();
        CliResult exec = docker.run("exec", "lifecycle", "sh", "-c", "echo in-exec; exit 5");
        assertEquals(5, exec.exitCode(), exec.describe());
        assertEquals("in-exec", exec.stdout().strip());

        docker.ok("stop", "lifecycle");
        assertTrue(follow.waitFor(20, TimeUnit.SECONDS), "logs -f ends when the container stops");
        String logs = new String(follow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("started\nbye\n", logs);
        assertEquals("exited 0", docker.ok("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", "lifecycle").stdout().strip());
        docker.ok("rm", "lifecycle");
        assertEquals(List.of(), docker.ok("ps", "-aq").stdoutLines());
    }

    @Test
    void stdinIsStreamedWithDashI() {
        CliResult r = docker.withStdin("line one\nline two\n".getBytes()).run("run", "--rm", "-i", "busybox", "sh", "-c", "wc -l");
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals("2", r.stdout().strip());
    }

    @Test
    void dashItAnswersTypedInputUnderAPseudoTerminal() throws Exception {
        try (PseudoTerminal t = PseudoTerminal.start(docker, "run", "-it", "--rm", "busybox", "sh")) {
            t.waitFor("/ #").type("echo typed-$((6*7))\n").waitFor("typed-42").type("exit 4\n");
            assertEquals(4, t.exitCode(), t.transcript());
        }
    }

    @Test
    void containersCannotSeeHostProcessesNorMountTheHostDisk() {
        String ps = docker.ok("run", "--rm", "busybox", "ps", "-o", "pid").stdout();
        assertEquals(List.of("PID", "1"), ps.lines().map(String::strip).toList(), "ps is the only process it can see");
        CliResult mount = docker.run("run", "--rm", "busybox", "sh", "-c", "mkdir /m && mount /dev/vda /m");
        assertTrue(mount.exitCode() != 0, mount.describe());
        CliResult modules = docker.run("run", "--rm", "busybox", "sh", "-c", "echo x > /proc/sys/kernel/modprobe");
        assertTrue(modules.exitCode() != 0, modules.describe());
    }
}

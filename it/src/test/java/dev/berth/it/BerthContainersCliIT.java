package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The berth CLI's container commands against a real berthd, next to docker CLI 28 against the same
 * daemon: same exit codes, and the same stdout and stderr byte for byte once container ids, relative
 * times and the program's own name are normalised (see {@link #normalise}). Read-only commands run
 * on shared containers; commands that change a container run as a script, once per CLI on fresh
 * containers of the same names. Each comparison is one transcript, so a failure shows every
 * difference at once.
 */
@RequiresRoot(tools = {Tool.DOCKER_CLI, Tool.BUSYBOX, Tool.RUNC, Tool.CONMON})
class BerthContainersCliIT {
    @RegisterExtension
    static final BerthDaemon berthd = new BerthDaemon();

    static DockerCli docker;
    static BerthCli berth;

    /** A container that ends on SIGTERM (sh as PID 1 ignores signals it has no trap for). */
    static final String[] TRAPS_TERM = {"sh", "-c", "trap 'exit 0' TERM; echo started; while true; do sleep 0.1; done"};

    @BeforeAll
    static void image() {
        docker = berthd.docker();
        berth = berthd.berth();
        Images.busybox().importInto(berth);
    }

    @AfterEach
    void removeContainers() {
        docker.removeAllContainers();
        assertEquals(List.of(), docker.ok("ps", "-aq").stdoutLines(), "containers left behind");
    }

    @Test
    void runExitsWithTheProcessCodeOrDockersAndKeepsStdoutAndStderrApart() {
        List<List<String>> runs = List.of(
                List.of("run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3"),
                List.of("run", "--rm", "busybox", "true"),
                List.of("run", "--rm", "--bogus", "busybox", "true"),
                List.of("run", "--rm", "127.0.0.1:9/nosuch/image:1", "true"), // a registry on loopback that is not there
                List.of("run", "--rm", "busybox", "/etc/passwd"),
                List.of("run", "--rm", "busybox", "/no/such/binary"),
                List.of("run", "--rm", "-e", "X=1", "-w", "/tmp", "-u", "1:1", "--entrypoint", "sh", "busybox",
                        "-c", "echo $X; pwd; id"),
                List.of("run", "--rm", "-a", "stderr", "busybox", "sh", "-c", "echo out; echo err >&2"),
                List.of("run", "--rm", "--memory", "bogus", "busybox", "true"),
                List.of("run", "--rm", "-p", "bogus", "busybox", "true"),
                List.of("run", "--rm", "--restart", "bogus", "busybox", "true"),
                List.of("run"),
                List.of("run", "--rm", "busybox", "cat"));
        List<Integer> codes = assertSame(runs).berthExitCodes;
        assertEquals(List.of(3, 0, 125, 125, 126, 127), codes.subList(0, 6), "berth run exit codes");
        assertEquals(List.of(), docker.ok("ps", "-aq").stdoutLines(), "--rm removed every container");
    }

    @Test
    void runAndExecDashIStreamPipedStdin() {
        docker.ok("run", "-d", "--name", "web", "busybox", "sleep", "1000");
        byte[] lines = "one\ntwo\nthree\n".getBytes();
        for (String[] args : List.of(new String[] {"run", "--rm", "-i", "busybox", "sh", "-c", "wc -l; echo done >&2"},
                new String[] {"exec", "-i", "web", "sh", "-c", "cat; echo done >&2"})) {
            Transcripts t = new Transcripts();
            t.add(docker.withStdin(lines).run(args), berth.withStdin(lines).run(args));
            t.assertSame();
        }
        assertEquals("3", berth.withStdin(lines).ok("run", "--rm", "-i", "busybox", "wc", "-l").stdout().strip());
    }

    /** ps, inspect, logs, top, port, wait and exec on containers both CLIs look at. */
    @Test
    void readingCommandsPrintWhatDockerPrints() {
        docker.ok("run", "-d", "--name", "web", "-l", "a=b", "-l", "tier=front", "busybox", "sleep", "1000");
        docker.run("run", "--name", "short", "busybox", "sh", "-c",
                "echo out1; sleep 0.1; echo err1 >&2; sleep 0.1; echo out2; sleep 0.1; echo err2 >&2; exit 2").assertExitCode(2);
        docker.ok("create", "--name", "created", "busybox", "sh", "-c", "echo a long command line that ps truncates");
        List<List<String>> commands = List.of(
                List.of("ps"), List.of("ps", "-a"), List.of("ps", "-q"), List.of("ps", "-aq"), List.of("ps", "-n", "1"),
                List.of("ps", "-l"), List.of("ps", "-a", "-s"), List.of("ps", "-a", "--no-trunc"),
                List.of("ps", "--filter", "name=web"), List.of("ps", "-a", "--filter", "status=exited"),
                List.of("ps", "-a", "--filter", "exited=2"), List.of("ps", "--filter", "label=a=b"),
                List.of("ps", "-a", "--filter", "status=created", "--filter", "status=exited", "-q"),
                List.of("ps", "-a", "--format", "{{json .}}"),
                List.of("ps", "-a", "--format", "table {{.ID}}\t{{.Names}}\t{{.Command}}\t{{.Labels}}"),
                List.of("ps", "-a", "--format", "{{.Names}}|{{.Label \"tier\"}}|{{.Size}}|{{.Image}}|{{.State}}"),
                List.of("ps", "-a", "--no-trunc", "--format", "table {{.Command}}\t{{.CreatedAt}}\t{{.Mounts}}"),
                List.of("ps", "-a", "--format", "table"),
                List.of("ps", "--filter", "bogus=1"), List.of("ps", "-n", "x"), List.of("ps", "--bogus"),
                List.of("inspect", "web"), List.of("container", "inspect", "web", "short", "created"),
                List.of("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}} {{.Name}} {{json .Config.Labels}}", "short"),
                List.of("container", "inspect", "-s", "web"), List.of("inspect", "--type", "container", "short"),
                List.of("container", "inspect", "nosuch"), List.of("inspect", "nosuch", "web"),
                List.of("logs", "short"), List.of("logs", "-t", "short"), List.of("logs", "--tail", "2", "short"),
                List.of("logs", "-n", "1", "-t", "short"), List.of("logs", "--since", "1h", "short"),
                List.of("logs", "--since", "2030-01-01T00:00:00Z", "short"),
                List.of("logs", "--until", "2020-01-01T00:00:00Z", "short"), List.of("logs", "--details", "short"),
                List.of("logs", "-f", "short"), List.of("logs", "--since", "bogus", "short"), List.of("logs", "nosuch"),
                List.of("top", "web"), List.of("top", "web", "-o", "pid,comm,args"), List.of("top", "short"),
                List.of("port", "web"), List.of("port", "web", "80"), List.of("port", "web", "80/udp"), List.of("port", "nosuch"),
                List.of("wait", "short"), List.of("wait", "short", "created"), List.of("wait", "nosuch"),
                List.of("exec", "web", "sh", "-c", "echo in; echo er >&2; exit 5"),
                List.of("exec", "-e", "A=1", "-e", "B=two", "-w", "/etc", "-u", "1000:1000", "web", "sh", "-c", "echo $A $B; pwd; id"),
                List.of("exec", "-u", "nobody", "web", "id"), List.of("exec", "-d", "web", "true"),
                List.of("exec", "short", "true"), List.of("exec", "nosuch", "true"), List.of("exec", "web"),
                List.of("exec", "--bogus", "web", "true"));
        assertSame(commands);
    }

    @Test
    void logsFollowEndsWhenTheContainerStops() throws Exception {
        docker.ok("run", "-d", "--name", "talker", "busybox", "sh", "-c",
                "echo a; sleep 1; echo b >&2; sleep 1; echo c");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Callable<CliResult> d = () -> docker.run("logs", "-f", "-t", "talker");
            Callable<CliResult> b = () -> berth.run("logs", "-f", "-t", "talker");
            Future<CliResult> fd = pool.submit(d);
            Future<CliResult> fb = pool.submit(b);
            Transcripts t = new Transcripts();
            CliResult br = fb.get();
            t.add(fd.get(), br);
            t.assertSame();
            assertEquals(List.of("a", "c"), br.stdout().lines().map(l -> l.substring(l.indexOf(' ') + 1)).toList());
        }
    }

    /** stop, start, restart, kill, pause, unpause, rename, wait, rm, create and start -a, run as one script per CLI. */
    @Test
    void lifecycleCommandsChangeStateAsDockers() {
        List<List<String>> script = new ArrayList<>();
        script.add(List.of(concat(List.of("run", "-d", "--name", "ctr"), TRAPS_TERM)));
        script.add(List.of(concat(List.of("run", "-d", "--name", "other"), TRAPS_TERM)));
        script.addAll(List.of(
                List.of("run", "--name", "other", "busybox", "true"),
                List.of("stop", "-t", "5", "ctr"), List.of("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "ctr"),
                List.of("stop", "ctr"), List.of("stop", "nosuch", "ctr"),
                List.of("start", "ctr", "other"), List.of("start", "nosuch"),
                List.of("restart", "-t", "5", "ctr"), List.of("inspect", "-f", "{{.State.Status}} {{.RestartCount}}", "ctr"),
                List.of("kill", "-s", "USR1", "ctr"), List.of("kill", "-s", "BOGUS", "ctr"),
                List.of("pause", "ctr"), List.of("pause", "ctr"), List.of("inspect", "-f", "{{.State.Status}}", "ctr"),
                List.of("ps", "--format", "{{.Names}} {{.State}}"),
                List.of("unpause", "ctr"), List.of("unpause", "ctr"),
                List.of("rename", "ctr", "renamed"), List.of("rename", "renamed", "other"), List.of("rename", "nosuch", "x"),
                List.of("rename", "renamed"),
                List.of("rm", "renamed"),
                List.of("kill", "-s", "KILL", "renamed"), List.of("wait", "renamed"),
                List.of("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "renamed"),
                List.of("kill", "renamed"), List.of("restart", "-t", "1", "renamed"),
                List.of("kill", "renamed", "other"), List.of("wait", "renamed", "other"),
                List.of("rm", "renamed", "nosuch"), List.of("rm", "-f", "other"), List.of("rm", "-f", "nosuch"),
                List.of("ps", "-a", "--format", "{{.Names}}"),
                List.of("stop", "-t", "bogus", "x"), List.of("kill", "-s"), List.of("wait"), List.of("rm"),
                List.of("create", "--name", "later", "busybox", "sh", "-c", "echo hi; echo err >&2; exit 3"),
                List.of("create", "--name", "later", "busybox"), List.of("create", "--bogus", "busybox"),
                List.of("start", "-a", "later"), List.of("start", "-a", "nosuch"),
                List.of("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "later")));
        assertSameScripts(script);
    }

    @Test
    void containerPruneRemovesStoppedContainersOnly() {
        List<List<String>> script = new ArrayList<>();
        script.add(List.of(concat(List.of("run", "-d", "--name", "up"), TRAPS_TERM)));
        script.addAll(List.of(
                List.of("run", "--name", "done", "busybox", "true"), List.of("create", "--name", "made", "busybox"),
                List.of("container", "prune", "-f", "--filter", "until=1h"),
                List.of("container", "prune", "-f", "--filter", "label=nosuch"),
                List.of("container", "prune", "-f"), List.of("ps", "-a", "--format", "{{.Names}}"),
                List.of("container", "prune", "-f"), List.of("container", "prune", "--bogus")));
        assertSameScripts(script);
    }

    /** run -it, exec -it and attach with the detach keys, typed into a real pseudo-terminal. */
    @Test
    void interactiveSessionsAnswerTypedInputUnderAPseudoTerminal() throws Exception {
        docker.ok("run", "-d", "-it", "--name", "tty", "busybox", "sh");
        Transcripts t = new Transcripts();
        t.add(runIt(docker), runIt(berth));
        t.add(execIt(docker), execIt(berth));
        t.add(attachAndDetach(docker, "\u0010\u0011", List.of()), attachAndDetach(berth, "\u0010\u0011", List.of()));
        t.add(attachAndDetach(docker, "\u0018x", List.of("--detach-keys", "ctrl-x,x")),
                attachAndDetach(berth, "\u0018x", List.of("--detach-keys", "ctrl-x,x")));
        t.assertSame();
        assertEquals("running", docker.ok("inspect", "-f", "{{.State.Status}}", "tty").stdout().strip(),
                "detaching leaves the container running");
    }

    private static String runIt(Cli cli) throws Exception {
        try (PseudoTerminal t = PseudoTerminal.start(cli, "run", "-it", "--rm", "busybox", "sh")) {
            t.waitFor("/ # ").type("echo typed-$((6*7)); stty size\n").waitFor("24 80\r\n/ # ").type("exit 4\n");
            return shown(t);
        }
    }

    private static String execIt(Cli cli) throws Exception {
        try (PseudoTerminal t = PseudoTerminal.start(cli, "exec", "-it", "tty", "sh")) {
            t.waitFor("/ # ").type("echo exec-$((6*7)); tty; stty size\n").waitFor("24 80\r\n/ # ").type("exit 5\n");
            return shown(t);
        }
    }

    /**
     * Attaches, waits for the prompt the shell redraws when attach resizes its tty (to 25x81 and
     * back, as docker does), types a command, then the detach keys.
     */
    private static String attachAndDetach(Cli cli, String detachKeys, List<String> flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("attach"));
        args.addAll(flags);
        args.add("tty");
        try (PseudoTerminal t = PseudoTerminal.start(cli, args.toArray(String[]::new))) {
            t.waitFor("/ # ").type("echo attached-$((2*3))\n").waitFor("attached-6\r\n/ # ").type(detachKeys);
            return shown(t);
        }
    }

    /**
     * Exit code and transcript, without what depends on timing: the prompts the shell redraws on
     * SIGWINCH (how many depends on how the CLI's resizes fall against the shell's start) and the
     * cursor position queries it sends only when no typed key is pending.
     */
    private static String shown(PseudoTerminal t) throws InterruptedException {
        int code = t.exitCode();
        return "exit " + code + ": " + PseudoTerminal.printable(
                t.transcript().replace("\r/ # \u001b[J", "").replace("\u001b[6n", ""));
    }

    /** diff, export, cp, commit, stats and update are being added to the daemon: flag parsing and usage errors only. */
    @Test
    void commandsTheDaemonDoesNotServeYetParseFlagsAsDocker() {
        docker.ok("run", "-d", "--name", "web", "busybox", "sleep", "1000");
        assertSame(List.of(
                List.of("diff"), List.of("diff", "--bogus", "web"), List.of("export"), List.of("export", "web", "-o"),
                List.of("cp"), List.of("cp", "web:/etc/hostname"), List.of("cp", "a", "b"), List.of("cp", "web:/a", "web:/b"),
                List.of("commit"), List.of("commit", "--bogus", "web"), List.of("stats", "--bogus"),
                List.of("update"), List.of("update", "--bogus", "web"), List.of("update", "--cpus", "bogus", "web"),
                List.of("update", "web")));
    }

    // ---- comparing ----

    /** Runs each command with docker, then with berth, and compares. */
    private static Transcripts assertSame(List<List<String>> commands) {
        Transcripts t = new Transcripts();
        for (List<String> args : commands) t.add(docker.run(args), berth.run(args));
        t.assertSame();
        return t;
    }

    /** Runs the script with docker, removes every container, runs it with berth, and compares. */
    private static void assertSameScripts(List<List<String>> script) {
        List<CliResult> byDocker = new ArrayList<>();
        for (List<String> args : script) byDocker.add(docker.run(args));
        docker.removeAllContainers();
        Transcripts t = new Transcripts();
        for (int i = 0; i < script.size(); i++) t.add(byDocker.get(i), berth.run(script.get(i)));
        t.assertSame();
    }

    private static String[] concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.add("busybox");
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    /** docker's and berth's transcripts of the same commands, normalised. */
    private static final class Transcripts {
        private final StringBuilder docker = new StringBuilder();
        private final StringBuilder berth = new StringBuilder();
        final List<Integer> berthExitCodes = new ArrayList<>();

        void add(CliResult d, CliResult b) {
            berthExitCodes.add(b.exitCode());
            append(docker, d, true);
            append(berth, b, false);
        }

        void add(String d, String b) {
            docker.append(normalise(d, true)).append('\n');
            berth.append(normalise(b, false)).append('\n');
        }

        private static void append(StringBuilder to, CliResult r, boolean isDocker) {
            List<String> args = r.command().subList(1, r.command().size());
            to.append("$ ").append(String.join(" ", args)).append("\n[exit ").append(r.exitCode()).append("]\n")
                    .append(normalise(r.stdout(), isDocker)).append("[stderr]\n")
                    .append(normalise(r.stderr(), isDocker)).append("[end]\n");
        }

        void assertSame() {
            assertEquals(docker.toString(), berth.toString(), "berth's output differs from docker's");
        }
    }

    private static final Pattern FULL_ID = Pattern.compile("\\b[0-9a-f]{64}\\b");
    private static final Pattern SHORT_ID = Pattern.compile("\\b[0-9a-f]{12}\\b");
    private static final Pattern RELATIVE = Pattern.compile(
            "(\\d+|About an?|Less than a) (seconds?|minutes?|hours?)( ago)?");
    private static final Pattern PROGRAM = Pattern.compile("\\bdocker(?![.\\w-])");

    /**
     * Container ids become {@code <id>} (each CLI runs its own containers in scripts), relative times
     * {@code <t>} (they move on between the two runs; then runs of spaces shrink to one, since table
     * columns widen with them), and docker's own name in its output becomes berth's.
     */
    static String normalise(String out, boolean isDocker) {
        String s = SHORT_ID.matcher(FULL_ID.matcher(out).replaceAll("<id>")).replaceAll("<id>");
        String timeless = RELATIVE.matcher(s).replaceAll("<t>");
        if (!timeless.equals(s)) s = timeless.replaceAll(" {2,}", " ");
        return isDocker ? PROGRAM.matcher(s).replaceAll("berth") : s;
    }
}

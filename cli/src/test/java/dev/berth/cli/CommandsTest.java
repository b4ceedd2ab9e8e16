package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.format.GoTime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands against a fake daemon: requests sent, output printed, exit statuses. */
class CommandsTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final String ID = "sha256:" + "ab".repeat(32);

    private final FakeTransport daemon = FakeTransport.fromResource("golden/routes.json");

    private CliRunner.Result run(String... args) {
        return new CliRunner(daemon, NOW).run(args);
    }

    private static String versionClient() {
        BuildInfo b = BuildInfo.load();
        return "Client:\n"
                + " Version:           " + b.version() + "\n"
                + " API version:       1.41\n"
                + " Java version:      " + System.getProperty("java.runtime.version") + "\n"
                + " Git commit:        " + b.commit() + "\n"
                + " Built:             " + (b.buildTime() == null ? "" : GoTime.ansic(b.buildTime(), ZoneOffset.UTC)) + "\n"
                + " OS/Arch:           linux/amd64\n"
                + " Context:           default\n";
    }

    @Test
    void version() {
        CliRunner.Result r = run("version");
        assertEquals(versionClient() + """

                Server:
                 Engine:
                  Version:          20.10.24-berth
                  API version:      1.41 (minimum version 1.12)
                  Go version:       java25
                  Git commit:       abc1234
                  Built:            Thu Nov 20 10:00:00 2025
                  OS/Arch:          linux/amd64
                  Experimental:     false
                """, r.out());
        assertEquals("", r.err());
        assertEquals(0, r.status());
        assertEquals("/v1.41/version", daemon.sent().get(0).path());
    }

    @Test
    void versionWithoutDaemonPrintsTheClientAndFails() {
        CliRunner.Result r = new CliRunner(new FakeTransport().unreachable(), NOW).run("version");
        assertEquals(versionClient(), r.out());
        assertEquals("Cannot connect to the berth daemon at unix:///run/berth/berth.sock. Is berthd running? "
                + "(start it with: bin/berthd)\n", r.err());
        assertEquals(1, r.status());
    }

    @Test
    void versionFormats() {
        assertEquals("20.10.24-berth 1.41\n", run("version", "--format", "{{.Server.Version}} {{.Client.APIVersion}}").out());
        assertTrue(run("version", "-f", "json").out().startsWith("{\"Client\":{\"Version\":\""));
        CliRunner.Result bad = run("version", "-f", "{{.Foo");
        assertEquals("template parsing error: template: version:1: unclosed action\n", bad.err());
        assertEquals(64, bad.status());
    }

    @Test
    void info() {
        CliRunner.Result r = run("info");
        assertEquals("Client:\n Version:    " + BuildInfo.load().version() + "\n Context:    default\n Debug Mode: false\n\n"
                + """
                Server:
                 Containers: 3
                  Running: 1
                  Paused: 0
                  Stopped: 2
                 Images: 6
                 Server Version: 20.10.24-berth
                 Storage Driver: overlay2
                  Backing Filesystem: extfs
                  Supports d_type: true
                 Logging Driver: json-file
                 Cgroup Driver: systemd
                 Cgroup Version: 2
                 Plugins:
                  Volume: local
                  Network: bridge host null
                  Log: json-file local
                 Swarm: inactive
                 Runtimes: crun runc
                 Default Runtime: runc
                 Init Binary: docker-init
                 containerd version: \n runc version: \n init version: \n Security Options:
                  seccomp
                   Profile: default
                  cgroupns
                 Kernel Version: 6.1.0-berth
                 Operating System: Debian GNU/Linux 12 (bookworm)
                 OSType: linux
                 Architecture: x86_64
                 CPUs: 2
                 Total Memory: 23.54GiB
                 Name: vm
                 ID: 7TRN:IPZB
                 Docker Root Dir: /var/lib/berth
                 Debug Mode: false
                 Labels:
                  a=b
                 Experimental: false
                 Insecure Registries:
                  127.0.0.0/8
                 Live Restore Enabled: false

                """, r.out());
        assertEquals("WARNING: No blkio throttle.read_bps_device support\n", r.err());
        assertEquals(0, r.status());
    }

    @Test
    void infoFormatOfClientFieldsNeedsNoDaemon() {
        CliRunner.Result r = new CliRunner(new FakeTransport().unreachable(), NOW).run("info", "-f", "{{.ClientInfo.Context}}");
        assertEquals("default\n", r.out());
        assertEquals(0, r.status());
        CliRunner.Result s = new CliRunner(new FakeTransport().unreachable(), NOW).run("info", "-f", "{{.NCPU}}");
        assertEquals(1, s.status());
    }

    @Test
    void events() {
        String e1 = "{\"status\":\"start\",\"id\":\"c1\",\"from\":\"busybox\",\"Type\":\"container\",\"Action\":\"start\","
                + "\"Actor\":{\"ID\":\"c1\",\"Attributes\":{\"name\":\"web\",\"image\":\"busybox\"}},\"scope\":\"local\","
                + "\"time\":1795351742,\"timeNano\":1795351742046203359}\n";
        String e2 = "{\"Type\":\"image\",\"Action\":\"tag\",\"Actor\":{\"ID\":\"sha256:1\",\"Attributes\":{}},\"scope\":\"local\","
                + "\"time\":1795351743,\"timeNano\":0}\n";
        daemon.raw("GET", "/events", 200, "application/json", e1 + e2);
        CliRunner.Result r = run("events", "--since", "1795351700", "--until", "1795351800", "-f", "type=container");
        assertEquals("2026-11-22T12:49:02.046203359Z container start c1 (image=busybox, name=web)\n"
                + "2026-11-22T12:49:03.000000000Z image tag sha256:1\n", r.out());
        assertEquals(0, r.status());
        FakeTransport.Sent sent = daemon.sent().get(0);
        assertEquals(List.of("1795351700"), sent.query().get("since"));
        assertEquals(List.of("1795351800"), sent.query().get("until"));
        assertEquals(List.of("{\"type\":{\"container\":true}}"), sent.query().get("filters"));

        assertEquals("container start web\nimage tag <no value>\n",
                run("events", "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}").out());
        assertTrue(run("events", "--format", "json").out().startsWith(
                "{\"status\":\"start\",\"id\":\"c1\",\"from\":\"busybox\",\"Type\":\"container\""));
        CliRunner.Result bad = run("events", "--format", "{{.Nope}}");
        assertEquals(64, bad.status());
        assertEquals("Error parsing format: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type "
                + "*events.Message\n", bad.err());
    }

    @Test
    void importFromStdinStreamsTheBody() {
        CliRunner.Result r = new CliRunner(daemon, NOW).stdin("TARBALL").run("import", "-c", "CMD [\"sh\"]", "-c", "ENV A=b",
                "-m", "hello", "-", "app:v2");
        assertEquals("sha256:" + "ab".repeat(32) + "\n", r.out());
        assertEquals(0, r.status());
        FakeTransport.Sent s = daemon.sent().get(0);
        assertEquals("POST", s.method());
        assertEquals("/v1.41/images/create", s.path());
        assertEquals(List.of("-"), s.query().get("fromSrc"));
        assertEquals(List.of("app:v2"), s.query().get("repo"));
        assertEquals(List.of("hello"), s.query().get("message"));
        assertEquals(List.of("CMD [\"sh\"]", "ENV A=b"), s.query().get("changes"));
        assertArrayEquals("TARBALL".getBytes(StandardCharsets.UTF_8), s.body());
    }

    @Test
    void importFromUrlLetsTheDaemonFetch(@TempDir Path dir) {
        run("import", "https://example.com/rootfs.tar");
        FakeTransport.Sent s = daemon.sent().get(0);
        assertEquals(List.of("https://example.com/rootfs.tar"), s.query().get("fromSrc"));
        assertEquals(0, s.body().length);
    }

    @Test
    void importErrorsInTheStreamFail() {
        daemon.raw("POST", "/images/create", 200, "application/json",
                "{\"errorDetail\":{\"message\":\"unexpected EOF\"},\"error\":\"unexpected EOF\"}\r\n");
        CliRunner.Result r = new CliRunner(daemon, NOW).stdin("x").run("import", "-");
        assertEquals("unexpected EOF\n", r.err());
        assertEquals(1, r.status());
    }

    @Test
    void importOfAMissingFile() {
        CliRunner.Result r = run("import", "/no/such/file.tar");
        assertEquals("open /no/such/file.tar: no such file or directory\n", r.err());
        assertEquals(1, r.status());
    }

    @Test
    void loadFromFileIsQuietWhenNotATerminal(@TempDir Path dir) throws Exception {
        Path tar = dir.resolve("b.tar");
        Files.writeString(tar, "TAR");
        CliRunner.Result r = run("load", "-i", tar.toString());
        assertEquals("Loaded image: busybox:latest\n", r.out());
        FakeTransport.Sent s = daemon.sent().get(0);
        assertEquals("/v1.41/images/load", s.path());
        assertEquals(List.of("1"), s.query().get("quiet"));
        assertEquals("application/x-tar", s.headers().get("Content-Type"));
        assertArrayEquals("TAR".getBytes(StandardCharsets.UTF_8), s.body());
    }

    @Test
    void loadOnATerminalIsNotQuiet() {
        CliRunner.Result r = new CliRunner(daemon, NOW).terminal(false, true).stdin("TAR").run("load");
        assertEquals("Loaded image: busybox:latest\n", r.out());
        assertEquals(null, daemon.sent().get(0).query().get("quiet"));
    }

    @Test
    void loadRefusesAnInteractiveStdin() {
        CliRunner.Result r = new CliRunner(daemon, NOW).terminal(true, true).run("load");
        assertEquals("requested load from stdin, but stdin is empty\n", r.err());
        assertEquals(1, r.status());
    }

    @Test
    void saveToStdoutAndToAFile(@TempDir Path dir) throws Exception {
        daemon.raw("GET", "/images/get", 200, "application/x-tar", "TARBALL");
        CliRunner.Result r = run("save", "busybox", "alpine");
        assertEquals("TARBALL", r.out());
        assertEquals(List.of("busybox", "alpine"), daemon.sent().get(0).query().get("names"));

        Path out = dir.resolve("images.tar");
        assertEquals(0, run("save", "-o", out.toString(), "busybox").status());
        assertEquals("TARBALL", Files.readString(out));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void saveRefusesATerminal() {
        CliRunner.Result r = new CliRunner(daemon, NOW).terminal(false, true).run("save", "busybox");
        assertEquals("cowardly refusing to save to a terminal. Use the -o flag or redirect\n", r.err());
        assertEquals(1, r.status());
        assertTrue(daemon.sent().isEmpty());
    }

    @Test
    void pruneAsksFirst() {
        CliRunner.Result no = new CliRunner(daemon, NOW).stdin("n\n").run("image", "prune");
        assertEquals("WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ", no.out());
        assertEquals(0, no.status());
        assertTrue(daemon.sent().isEmpty());

        CliRunner.Result yes = new CliRunner(daemon, NOW).stdin("Y\n").run("image", "prune", "-a");
        assertTrue(yes.out().startsWith("WARNING! This will remove all images without at least one container associated "
                + "to them.\nAre you sure you want to continue? [y/N] Deleted Images:\n"), yes.out());
        assertEquals(List.of("{\"dangling\":{\"false\":true}}"), daemon.sent().get(0).query().get("filters"));
    }

    @Test
    void systemPruneConfirmationListsWhatItRemoves() {
        CliRunner.Result r = new CliRunner(daemon, NOW).stdin("\n").run("system", "prune", "--filter", "label=a");
        assertEquals("""
                WARNING! This will remove:
                  - all dangling images

                  Items to be pruned will be filtered with:
                  - label=a

                Are you sure you want to continue? [y/N] \
                """, r.out());
        CliRunner.Result bad = run("system", "prune", "--volumes", "--filter", "until=1h");
        assertEquals("ERROR: The \"until\" filter is not supported with \"--volumes\"\n", bad.err());
    }

    @Test
    void tagNormalisesTheTarget() {
        daemon.route("POST", "/images/busybox/tag", 201, "{}");
        assertEquals(0, run("tag", "busybox", "myrepo").status());
        FakeTransport.Sent s = daemon.sent().get(0);
        assertEquals("/v1.41/images/busybox/tag", s.path());
        assertEquals(List.of("docker.io/library/myrepo"), s.query().get("repo"));
        assertEquals(List.of("latest"), s.query().get("tag"));

        run("tag", "busybox", "localhost:5000/x/y:v2");
        assertEquals(List.of("localhost:5000/x/y"), daemon.sent().get(1).query().get("repo"));
        assertEquals(List.of("v2"), daemon.sent().get(1).query().get("tag"));

        CliRunner.Result bad = run("tag", "busybox", "Upper");
        assertEquals(1, bad.status());
        assertTrue(bad.err().startsWith("Error parsing reference: \"Upper\" is not a valid repository/tag: invalid reference format"));
    }

    @Test
    void rmiSendsForceAndNoPrune() {
        run("rmi", "-f", "--no-prune", "busybox");
        FakeTransport.Sent s = daemon.sent().get(0);
        assertEquals("DELETE", s.method());
        assertEquals(List.of("1"), s.query().get("force"));
        assertEquals(List.of("1"), s.query().get("noprune"));
    }

    @Test
    void hostComesFromFlagThenBerthHostThenDockerHost() {
        CliRunner a = new CliRunner(daemon, NOW).env("BERTH_HOST", "unix:///b.sock").env("DOCKER_HOST", "unix:///d.sock");
        a.run("-H", "tcp://1.2.3.4:2375", "images", "-q");
        a.run("images", "-q");
        assertEquals(List.of("tcp://1.2.3.4:2375", "unix:///b.sock"), a.hosts());
        CliRunner d = new CliRunner(daemon, NOW).env("DOCKER_HOST", "unix:///d.sock");
        d.run("images", "-q");
        CliRunner none = new CliRunner(daemon, NOW);
        none.run("images", "-q");
        assertEquals(List.of("unix:///d.sock"), d.hosts());
        assertEquals(List.of("unix:///run/berth/berth.sock"), none.hosts());
    }

    @Test
    void versionFlagAndHelp() {
        CliRunner.Result v = run("-v");
        assertEquals("berth version " + BuildInfo.load().version() + ", build " + BuildInfo.load().commit() + "\n", v.out());
        CliRunner.Result h = run("--help");
        assertTrue(h.out().startsWith("Usage:  berth [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n"));
        assertTrue(h.out().contains("\nManagement Commands:\n  builder     Manage builds\n  compose     Define and run multi-container applications\n  container   Manage containers\n"
                + "  image       Manage images\n  network     Manage networks\n  registry    Run an OCI registry\n  system      Manage berth\n"
                + "  volume      Manage volumes\n"), h.out());
        assertTrue(h.out().contains("\nCommon Commands:\n  run         Create and run a new container from an image\n"
                + "  exec        Execute a command in a running container\n  ps          List containers\n"), h.out());
        assertEquals(0, h.status());
        CliRunner.Result bare = run();
        assertEquals("", bare.out());
        assertEquals(h.out(), bare.err());
        assertEquals(run("images", "--help").out(), run("help", "images").out());
        assertTrue(run("image", "ls", "--help").out().startsWith("Usage:  berth image ls [OPTIONS] [REPOSITORY[:TAG]]\n"));
        assertTrue(daemon.sent().isEmpty());
    }

    @Test
    void daemonErrorsAreReportedAsDocker() {
        daemon.route("GET", "/images/json", 500, "{\"message\":\"disk full\"}");
        CliRunner.Result r = run("images");
        assertEquals("Error response from daemon: disk full\n", r.err());
        assertEquals(1, r.status());
    }

    @Test
    void unreachableDaemon() {
        CliRunner.Result r = new CliRunner(new FakeTransport().unreachable(), NOW).run("images");
        assertEquals("", r.out());
        assertEquals("Cannot connect to the berth daemon at unix:///run/berth/berth.sock. Is berthd running? "
                + "(start it with: bin/berthd)\n", r.err());
        assertEquals(1, r.status());
    }

    @Test
    void platformFlagsNeedANewerApi() {
        CliRunner.Result r = run("save", "--platform", "linux/amd64", "-o", "/tmp/x.tar", "busybox");
        assertEquals("\"platform\" requires API version 1.48, but the berth daemon API version is 1.41\n", r.err());
        assertEquals(1, r.status());
    }

    @Test
    void historyIdsOfMissingLayers() {
        CliRunner.Result r = run("history", "-q", "busybox");
        assertEquals("c3c3c3c3c3c3\n<missing>\n<missing>\n", r.out());
        assertEquals(ID.length(), 71);
    }
}

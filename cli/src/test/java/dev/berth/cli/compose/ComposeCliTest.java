package dev.berth.cli.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.CliRunner;
import dev.berth.cli.FakeTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth compose}'s command line without a daemon: flags, help, config and its errors. */
class ComposeCliTest {
    @TempDir
    Path dir;

    private CliRunner.Result run(String... args) {
        return new CliRunner(new FakeTransport().unreachable(), Instant.parse("2026-01-01T00:00:00Z")).env("HOME", "/root")
                .env("TAG", "1.36").run(args);
    }

    private String[] compose(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "compose";
        all[1] = "--project-directory";
        all[2] = dir.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return all;
    }

    @Test
    void configPrintsTheNormalisedModel() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  web:\n    image: busybox:${TAG}\n    ports: ['80']\n");
        CliRunner.Result r = run(compose("-p", "demo", "config"));
        assertEquals(0, r.status(), r.err());
        assertEquals("""
                name: demo
                services:
                  web:
                    image: busybox:1.36
                    networks:
                      default: null
                    ports:
                      - mode: ingress
                        target: 80
                        protocol: tcp
                networks:
                  default:
                    name: demo_default
                """, r.out());
        assertEquals("web\n", run(compose("config", "--services")).out());
        assertTrue(run(compose("config", "--hash", "web")).out().matches("web [0-9a-f]{64}\n"));
        assertEquals("", run(compose("config", "-q")).out());
    }

    @Test
    void errorsAreCompose() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  web:\n    image: busybox\n    volumes: [nosuch:/data]\n");
        CliRunner.Result r = run(compose("config"));
        assertEquals(1, r.status());
        assertEquals("service \"web\" refers to undefined volume nosuch: invalid compose project\n", r.err());
        r = run(compose("-p", "Bad", "config"));
        assertEquals("invalid project name \"Bad\": must consist only of lowercase alphanumeric characters, hyphens, and underscores"
                + " as well as start with a letter or number\n", r.err());
        Path empty = Files.createTempDirectory("compose-empty");
        try {
            r = run("compose", "--project-directory", empty.toString(), "config");
            assertEquals(1, r.status());
            assertEquals("no configuration file provided: not found\n", r.err());
        } finally {
            Files.delete(empty);
        }
        r = run(compose("-f", dir.resolve("nosuch.yml").toString(), "config"));
        assertEquals("open " + dir.resolve("nosuch.yml") + ": no such file or directory\n", r.err());
        r = run("compose", "nosuch");
        assertEquals("berth: unknown command: berth compose nosuch\n\nRun 'berth compose --help' for more information\n", r.err());
        r = run("compose", "up", "--force-recreate", "--bogus");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("unknown flag: --bogus\n"), r.err());
    }

    @Test
    void helpListsTheCommands() {
        CliRunner.Result r = run("compose", "--help");
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("Usage:  berth compose [OPTIONS] COMMAND\n"), r.out());
        for (String c : new String[] {"config", "down", "exec", "logs", "ps", "run", "up", "version"}) {
            assertTrue(r.out().contains("\n  " + c + " "), c);
        }
        assertTrue(run("compose", "up", "--help").out().contains("  -d, --detach "));
    }

    @Test
    void configVariablesAndNoInterpolate() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  web:
                    image: "busybox:${TAG:-latest}"
                    environment: {A: "${REQ:?need it}", B: $PLAIN, C: "${ALT:+yes}"}
                    ports: ["${PORT:-8080}:80"]
                """);
        CliRunner.Result r = run(compose("config", "--variables"));
        assertEquals(0, r.status(), r.err());
        assertEquals("""
                NAME                REQUIRED            DEFAULT VALUE       ALTERNATE VALUE
                ALT                 false                                   yes
                PLAIN               false                                   
                PORT                false               8080                
                REQ                 true                                    
                TAG                 false               latest
                """, r.out().replaceAll(" +\n", "\n"), "the table, its cells padded as Go's tabwriter pads them");
        assertTrue(r.out().contains("\nPLAIN               false                                   \n"), r.out());
        r = run(compose("config", "--no-interpolate"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("    image: busybox:${TAG:-latest}\n") && r.out().contains("      - ${PORT:-8080}:80\n"), r.out());
    }
}

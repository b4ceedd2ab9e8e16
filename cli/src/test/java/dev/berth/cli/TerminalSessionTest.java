package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.terminal.DetachKeys;
import dev.berth.cli.terminal.EscapeProxy;
import dev.berth.cli.terminal.Terminal;
import dev.berth.client.FrameWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Interactive sessions on a (fake) terminal: raw mode set and restored, the console size in the
 * create request and in resize requests (at start and on SIGWINCH), detach keys, and stdin copied
 * then half-closed. The requests are the ones docker CLI 28 sent for {@code docker run -it} on a
 * 40x120 pty (captured with {@code script}): create with ConsoleSize [40,120], attach with stdin,
 * wait, start, {@code resize?h=40&w=120}.
 */
class TerminalSessionTest {
    private static final String ID = "c0ffee00".repeat(8);
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    /** A terminal of 40 rows and 120 columns that records what is done to it. */
    static final class FakeTerminal extends Terminal {
        final List<String> calls = new ArrayList<>();
        Runnable onResize;
        int rows = 40;
        int cols = 120;

        @Override
        protected String stty(String... args) {
            String call = String.join(" ", args);
            calls.add(call);
            if (call.equals("size")) return rows + " " + cols + "\n";
            if (call.equals("-g")) return "saved-state\n";
            return "";
        }

        @Override
        public boolean onResize(Runnable r) {
            onResize = r;
            return true;
        }
    }

    private static ReplayDaemon.Exchange exchange(String method, String path, List<List<String>> query, String response) {
        return new ReplayDaemon.Exchange(method, path, query, new byte[0], response.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String http(int status, String reason, String body) {
        return "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body;
    }

    private static List<ReplayDaemon.Exchange> runExchanges(String attachOutput) {
        String c = "/containers/" + ID;
        List<ReplayDaemon.Exchange> x = new ArrayList<>();
        x.add(exchange("POST", "/containers/create", List.of(), http(201, "Created", "{\"Id\":\"" + ID + "\",\"Warnings\":[]}\n")));
        x.add(exchange("POST", c + "/attach", List.of(List.of("stderr", "1"), List.of("stdin", "1"), List.of("stdout", "1"),
                List.of("stream", "1")), "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n" + attachOutput));
        x.add(exchange("POST", c + "/wait", List.of(List.of("condition", "next-exit")),
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "1e\r\n{\"Error\":null,\"StatusCode\":7}\n\r\n0\r\n\r\n"));
        x.add(exchange("POST", c + "/start", List.of(), "HTTP/1.1 204 No Content\r\n\r\n"));
        for (int i = 0; i < 3; i++) {
            x.add(exchange("POST", c + "/resize", List.of(List.of("h", "40"), List.of("w", "120")),
                    "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
            x.add(exchange("POST", c + "/resize", List.of(List.of("h", "50"), List.of("w", "200")),
                    "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        }
        return x;
    }

    private static ReplayDaemon.ReplayHijack lastHijack(List<Object> hijacks) {
        return (ReplayDaemon.ReplayHijack) hijacks.get(hijacks.size() - 1);
    }

    @Test
    void runItOnATerminal() throws Exception {
        ReplayDaemon daemon = new ReplayDaemon(runExchanges("hello from tty\r\nexit\r\n"));
        FakeTerminal term = new FakeTerminal();
        CliRunner.Result r = new CliRunner(new FakeTransport(), NOW).transport(daemon).terminal(true, true).terminal(term)
                .stdin("exit\n").run("run", "-it", "busybox", "sh");
        assertEquals("hello from tty\r\nexit\r\n", r.out());
        assertEquals("", r.err());
        assertEquals(7, r.status(), "the container's exit status");

        List<String> requests = new ArrayList<>();
        for (ReplayDaemon.Sent s : daemon.sent()) requests.add(s.method() + " " + s.path() + " " + s.query());
        assertEquals(List.of("POST /containers/create []",
                "POST /containers/" + ID + "/attach [[stderr, 1], [stdin, 1], [stdout, 1], [stream, 1]]",
                "POST /containers/" + ID + "/wait [[condition, next-exit]]",
                "POST /containers/" + ID + "/start []",
                "POST /containers/" + ID + "/resize [[h, 40], [w, 120]]"), requests);
        String create = new String(daemon.sent().get(0).body(), StandardCharsets.UTF_8);
        assertTrue(create.contains("\"Tty\":true,\"OpenStdin\":true,\"StdinOnce\":true"), create);
        assertTrue(create.contains("\"ConsoleSize\":[40,120]"), create);
        assertTrue(term.calls.contains("raw -echo"), term.calls.toString());
        assertTrue(term.calls.lastIndexOf("saved-state") > term.calls.lastIndexOf("raw -echo"), "restored: " + term.calls);

        // SIGWINCH: the new size goes to the daemon
        assertNotNull(term.onResize);
        term.rows = 50;
        term.cols = 200;
        term.onResize.run();
        ReplayDaemon.Sent resize = daemon.sent().get(daemon.sent().size() - 1);
        assertEquals("/containers/" + ID + "/resize", resize.path());
        assertEquals(List.of(List.of("h", "50"), List.of("w", "200")), resize.query());
    }

    @Test
    void detachKeysEndTheSessionAndAreNotSent() throws Exception {
        ReplayDaemon daemon = new ReplayDaemon(runExchanges("never shown"));
        FakeTerminal term = new FakeTerminal();
        CliRunner.Result r = new CliRunner(new FakeTransport(), NOW).transport(daemon).terminal(true, true).terminal(term)
                .stdin("ls\n\u0010\u0011more").run("run", "-it", "busybox", "sh");
        assertEquals(0, r.status(), "detaching leaves the container running, with status 0 as docker");
        assertEquals("", r.out());
        assertTrue(term.calls.lastIndexOf("saved-state") > term.calls.lastIndexOf("raw -echo"), "restored: " + term.calls);
    }

    @Test
    void customDetachKeys() throws Exception {
        List<ReplayDaemon.Exchange> x = runExchanges("never shown");
        ReplayDaemon.Exchange attach = x.get(1);
        List<List<String>> query = new ArrayList<>(List.of(List.of("detachKeys", "ctrl-x,b")));
        query.addAll(attach.query());
        x.set(1, new ReplayDaemon.Exchange(attach.method(), attach.path(), query, attach.body(), attach.response()));
        ReplayDaemon daemon = new ReplayDaemon(x);
        CliRunner.Result r = new CliRunner(new FakeTransport(), NOW).transport(daemon).terminal(true, true)
                .terminal(new FakeTerminal()).stdin("a\u0018b").run("run", "-it", "--detach-keys", "ctrl-x,b", "busybox");
        assertEquals(0, r.status(), r.err());
        assertTrue(daemon.sent().get(1).query().contains(List.of("detachKeys", "ctrl-x,b")));
    }

    @Test
    void withoutATtyStdinIsCopiedThenHalfClosedAndOutputDemultiplexed() throws Exception {
        String frames = new String(FrameWriter.frame(1, "out\n"), StandardCharsets.ISO_8859_1)
                + new String(FrameWriter.frame(2, "err\n"), StandardCharsets.ISO_8859_1);
        List<ReplayDaemon.Exchange> x = runExchanges(frames);
        ReplayDaemon daemon = new ReplayDaemon(x);
        CliRunner.Result r = new CliRunner(new FakeTransport(), NOW).transport(daemon).stdin("piped input")
                .run("run", "-i", "busybox", "cat");
        assertEquals("out\n", r.out());
        assertEquals("err\n", r.err());
        assertEquals(7, r.status());
    }

    @Test
    void itNeedsATerminalForStdin() {
        CliRunner.Result r = new CliRunner(new FakeTransport(), NOW).transport(new ReplayDaemon(List.of()))
                .run("run", "-it", "busybox");
        assertEquals("the input device is not a TTY\n", r.err());
        assertEquals(1, r.status());
    }

    @Test
    void escapeProxyHoldsPartialSequences() throws IOException {
        byte[] keys = DetachKeys.parse("ctrl-p,ctrl-q");
        assertArrayEquals(new byte[] {16, 17}, keys);
        EscapeProxy p = new EscapeProxy(new ByteArrayInputStream("a\u0010b\u0010".getBytes(StandardCharsets.UTF_8)), keys);
        assertEquals("a\u0010b\u0010", new String(p.readAllBytes(), StandardCharsets.UTF_8),
                "a lone ctrl-p passes on, a held one at the end of the input too");
        EscapeProxy d = new EscapeProxy(new ByteArrayInputStream("xy\u0010\u0011zz".getBytes(StandardCharsets.UTF_8)), keys);
        byte[] buf = new byte[10];
        assertEquals(2, d.read(buf, 0, 10));
        try {
            d.read(buf, 0, 10);
            throw new AssertionError("expected a detach");
        } catch (EscapeProxy.Detached e) {
            assertEquals("read escape sequence", e.getMessage());
        }
        assertArrayEquals(new byte[] {24, 127, 'a'}, DetachKeys.parse("ctrl-x,DEL,a"));
        assertEquals("Unknown character: 'ctrl-1'",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> DetachKeys.parse("ctrl-1")).getMessage());
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}

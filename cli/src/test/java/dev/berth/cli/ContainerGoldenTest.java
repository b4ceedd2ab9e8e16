package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cli.cp.TarEntry;
import dev.berth.cli.cp.TarReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Container commands compared with the real docker CLI 28.2.2. Each case of
 * {@code golden/containers/cases.txt} ({@code name|args[@@stdin]}) was run with docker against
 * {@code fake-daemon.py.txt} by {@code capture.py.txt}, which recorded docker's stdout, stderr
 * ("docker" replaced by "berth"), exit status, and every request it sent with the daemon's raw answer
 * ({@code NAME.req}). berth runs the same arguments against a {@link ReplayDaemon} giving the same
 * answers; its output and status must be docker's, and its requests docker's: same methods, paths,
 * queries and bodies (JSON byte for byte; tar archives entry by entry).
 */
class ContainerGoldenTest {
    private static final String DIR = "golden/containers/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** docker sends these in parallel, so its recorded order is arbitrary: compared as sets. */
    private static final Set<String> UNORDERED = Set.of("pause", "unpause", "stop", "stop-missing", "kill-stopped",
            "rm-force-missing", "stats-json", "stats-missing", "update-pids", "start", "start-missing");

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String line : text("cases.txt").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int bar = line.indexOf('|');
            String rest = line.substring(bar + 1);
            int at = rest.indexOf("@@");
            out.add(Arguments.of(line.substring(0, bar), at < 0 ? rest : rest.substring(0, at),
                    at < 0 ? "" : rest.substring(at + 2)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: berth {1}")
    @MethodSource("cases")
    void matchesDocker(String name, String args, String stdin, @TempDir Path dir) throws Exception {
        copyFixtures(dir);
        String d = dir.toString();
        List<ReplayDaemon.Exchange> recorded = ReplayDaemon.load(resource(name + ".req"));
        ReplayDaemon daemon = new ReplayDaemon(recorded);
        long at = JSON.readTree(text("captured-at.json")).get(name).asLong();
        CliRunner runner = new CliRunner(new FakeTransport(), Instant.ofEpochSecond(at)).transport(daemon);
        if (stdin.equals("@TAR@")) runner.stdin(bytes("in.tar"));
        else runner.stdin(stdin.replace("\\n", "\n"));
        CliRunner.Result r = runner.run(CliRunner.words(args.replace("@DIR@", d)));

        assertAll(
                () -> assertEquals(text(name + ".out").replace("@DIR@", d), r.out(), "stdout"),
                () -> assertEquals(text(name + ".err").replace("@DIR@", d), r.err(), "stderr"),
                () -> assertEquals(Integer.parseInt(text(name + ".rc").strip()), r.status(), "exit status"),
                () -> assertRequests(name, recorded, daemon.sent(), d));
        if (exists(name + ".file")) {
            String file = name.equals("export-file") ? "export.tar" : name.equals("cp-follow") ? "copied2.txt" : "copied.txt";
            assertArrayEquals(bytes(name + ".file"), Files.readAllBytes(dir.resolve(file)), "copied file");
        }
    }

    private static void assertRequests(String name, List<ReplayDaemon.Exchange> recorded, List<ReplayDaemon.Sent> sent,
                                       String dir) throws IOException {
        List<String> expected = new ArrayList<>();
        for (ReplayDaemon.Exchange e : recorded) {
            if (e.method().equals("GET") && e.path().equals("/info")) continue; // docker's swarm check in inspect
            expected.add(describe(e.method(), e.path(), e.query().toString(), body(e.path(), e.body(), dir, true)));
        }
        List<String> actual = new ArrayList<>();
        for (ReplayDaemon.Sent s : sent) {
            actual.add(describe(s.method(), s.path(), s.query().toString(), body(s.path(), s.body(), dir, false)));
        }
        if (UNORDERED.contains(name)) {
            expected.sort(null);
            actual.sort(null);
        }
        assertEquals(String.join("\n", expected), String.join("\n", actual), "requests");
    }

    private static String describe(String method, String path, String query, String body) {
        return method + " " + path + " " + query + (body.isEmpty() ? "" : "\n    " + body);
    }

    /** JSON as sent (with the fixture directory put back); tar archives as their entries; other bodies as text. */
    private static String body(String path, byte[] body, String dir, boolean recorded) throws IOException {
        if (body.length == 0) return "";
        if (path.endsWith("/archive")) return tarListing(body);
        String text = new String(body, StandardCharsets.UTF_8);
        if (recorded) {
            // docker ran in the fixture directory; berth resolves ./rel against its own working directory
            text = text.replace("/tmp/cap/dir", "@DIR@");
            text = text.replace("@DIR@/rel", System.getProperty("user.dir") + "/rel").replace("@DIR@", dir);
        }
        return text;
    }

    private static String tarListing(byte[] tar) throws IOException {
        StringBuilder sb = new StringBuilder();
        TarReader r = new TarReader(new ByteArrayInputStream(tar));
        for (TarEntry e; (e = r.next()) != null; ) {
            byte[] content = r.content().readAllBytes();
            sb.append(e.name()).append(' ').append(e.type()).append(' ').append(Integer.toOctalString(e.mode()))
                    .append(' ').append(e.size()).append(' ').append(new String(content, StandardCharsets.UTF_8)).append("; ");
        }
        return sb.toString();
    }

    private static void copyFixtures(Path dir) throws IOException, URISyntaxException {
        Path src = Path.of(ContainerGoldenTest.class.getResource(DIR + "dir").toURI());
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = dir.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }

    private static InputStream resource(String name) {
        InputStream in = ContainerGoldenTest.class.getResourceAsStream(DIR + name);
        if (in == null) throw new IllegalStateException("missing resource " + DIR + name);
        return in;
    }

    private static boolean exists(String name) {
        return ContainerGoldenTest.class.getResource(DIR + name) != null;
    }

    private static byte[] bytes(String name) throws IOException {
        try (InputStream in = resource(name)) {
            return in.readAllBytes();
        }
    }

    private static String text(String name) throws IOException {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static JsonNode json(String s) throws IOException {
        return JSON.readTree(s);
    }
}

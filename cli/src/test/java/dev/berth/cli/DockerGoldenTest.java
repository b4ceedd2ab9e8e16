package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Byte-for-byte comparison with the real docker CLI 28.2.2: each case in {@code golden/cases.txt}
 * was run with docker against a fake daemon serving {@code golden/routes.json} (see
 * {@code fake-daemon.py.txt}), with TZ=UTC; its stdout, stderr ("docker" replaced by "berth") and
 * exit status are the expected results. berth runs the same arguments against the same answers.
 */
class DockerGoldenTest {
    private static final String DIR = "golden/";

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (BufferedReader r = reader("cases.txt")) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                int bar = line.indexOf('|');
                out.add(Arguments.of(line.substring(0, bar), line.substring(bar + 1)));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: berth {1}")
    @MethodSource("cases")
    void matchesDocker(String name, String commandLine) throws IOException {
        Instant capturedAt = Instant.ofEpochSecond(Long.parseLong(text("captured-at").strip()));
        CliRunner.Result r = new CliRunner(FakeTransport.fromResource(DIR + "routes.json"), capturedAt)
                .run(CliRunner.words(commandLine));
        assertAll(
                () -> assertEquals(text(name + ".out"), r.out(), "stdout"),
                () -> assertEquals(text(name + ".err"), r.err(), "stderr"),
                () -> assertEquals(Integer.parseInt(text(name + ".rc").strip()), r.status(), "exit status"));
    }

    private static BufferedReader reader(String name) {
        InputStream in = DockerGoldenTest.class.getResourceAsStream(DIR + name);
        if (in == null) throw new IllegalStateException("missing resource " + DIR + name);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static String text(String name) throws IOException {
        try (InputStream in = DockerGoldenTest.class.getResourceAsStream(DIR + name)) {
            if (in == null) throw new IllegalStateException("missing resource " + DIR + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

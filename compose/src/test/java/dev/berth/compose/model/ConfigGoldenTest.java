package dev.berth.compose.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests of loading: each directory under {@code config/} is a project (compose files, maybe {@code .env}),
 * with {@code args} (the command line's {@code -f -p --profile --env-file}, and {@code VAR=value} for the process
 * environment), and the expected {@code config} output ({@code expected.yaml}) or error ({@code expected.err}).
 * The project directory is printed as {@code /PROJECT}. {@code -Dgolden.update=true} rewrites the expectations.
 */
class ConfigGoldenTest {
    static Stream<String> cases() throws IOException, URISyntaxException {
        Path root = Path.of(ConfigGoldenTest.class.getResource("/config").toURI());
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void config(String name) throws Exception {
        Path dir = Path.of(ConfigGoldenTest.class.getResource("/config/" + name).toURI());
        List<String> args = Files.exists(dir.resolve("args")) ? List.of(Files.readString(dir.resolve("args")).strip().split("\\s+")) : List.of();
        List<String> files = new ArrayList<>();
        List<String> profiles = new ArrayList<>();
        List<String> envFiles = new ArrayList<>();
        List<String> services = new ArrayList<>();
        Map<String, String> env = new HashMap<>();
        String project = null;
        String projectDir = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "" -> { }
                case "-f" -> files.add(args.get(++i));
                case "-p" -> project = args.get(++i);
                case "--profile" -> profiles.add(args.get(++i));
                case "--env-file" -> envFiles.add(args.get(++i));
                case "--project-directory" -> projectDir = args.get(++i);
                default -> {
                    if (a.contains("=")) env.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
                    else services.add(a);
                }
            }
        }
        List<String> warnings = new ArrayList<>();
        String actual;
        Path expectedFile;
        try {
            Project p = ProjectLoader.load(new ProjectLoader.Options(dir, files, project, projectDir, envFiles, profiles, env::get, services),
                    warnings::add);
            actual = ConfigWriter.yaml(p.model());
            expectedFile = dir.resolve("expected.yaml");
        } catch (ComposeException e) {
            actual = e.getMessage() + "\n";
            expectedFile = dir.resolve("expected.err");
        }
        for (String w : warnings) actual = actual + "# WARN " + w + "\n";
        actual = actual.replace(dir.toString(), "/PROJECT");
        if (Boolean.getBoolean("golden.update")) {
            Path src = Path.of("src/test/resources/config", name);
            Files.deleteIfExists(src.resolve("expected.yaml"));
            Files.deleteIfExists(src.resolve("expected.err"));
            Files.writeString(src.resolve(expectedFile.getFileName()), actual);
            return;
        }
        String expected = Files.exists(expectedFile) ? Files.readString(expectedFile) : "(no " + expectedFile.getFileName() + ")";
        assertEquals(expected, actual, name);
    }
}

package dev.berth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The training run of the CLI's AOT cache ({@code scripts/setup}: {@code java -XX:AOTCacheOutput=... AotTraining}):
 * typical commands in one JVM against a throwaway daemon ({@code BERTH_HOST}), so that the classes of both the docker
 * commands and {@code berth compose} (YAML, the model, the planner) start from the cache. Nothing here pulls, builds or
 * creates anything (the compose commands run with {@code --dry-run}).
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("berth-aot-project");
        try {
            Path file = dir.resolve("compose.yaml");
            Files.writeString(file, """
                    services:
                      web:
                        image: busybox:latest
                        command: ["httpd", "-f", "-p", "80"]
                        ports: ["127.0.0.1:8080:80"]
                        environment: {GREETING: "${GREETING:-hello}"}
                        volumes: [data:/data, ./site:/www:ro]
                        depends_on:
                          db: {condition: service_healthy}
                      db:
                        image: busybox:latest
                        healthcheck: {test: ["CMD", "true"], interval: 1s}
                    volumes:
                      data:
                    """);
            String project = dir.toString();
            for (List<String> argv : List.of(List.of("images"), List.of("ps", "-a"),
                    List.of("compose", "--project-directory", project, "config"),
                    List.of("compose", "--project-directory", project, "ps", "-a"),
                    List.of("compose", "--project-directory", project, "up", "-d", "--dry-run", "--pull", "never"),
                    List.of("compose", "--project-directory", project, "down", "--dry-run"))) {
                run(argv);
            }
        } finally {
            Files.deleteIfExists(dir.resolve("compose.yaml"));
            Files.deleteIfExists(dir);
        }
        System.exit(0);
    }

    private static void run(List<String> argv) {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        Streams streams = new Streams(InputStream.nullInputStream(), sink, sink, false, false);
        new Berth(streams, System::getenv, new DefaultClientFactory(), Instant::now, null).run(argv.toArray(String[]::new));
    }
}

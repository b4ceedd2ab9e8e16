package dev.berth.engine.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dockerd's removeDockerfile: the Dockerfile and .dockerignore leave the context only when .dockerignore excludes them. */
class RemoveIgnoredTest {
    @TempDir
    Path dir;

    private Set<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void cliDockerfileFromOutsideTheContextIsRemoved() throws IOException {
        Files.writeString(dir.resolve(".dockerignore"), "*.log\n.dockerignore\n.dockerfile.0123456789abcdef0123\n");
        Files.writeString(dir.resolve(".dockerfile.0123456789abcdef0123"), "FROM scratch\n");
        Files.writeString(dir.resolve("app.txt"), "x");
        BuildService.removeIgnored(dir, ".dockerfile.0123456789abcdef0123");
        assertEquals(Set.of("app.txt"), names());
    }

    @Test
    void keptWhenNotExcludedOrWithoutDockerignore() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\n");
        BuildService.removeIgnored(dir, "Dockerfile");
        assertEquals(Set.of("Dockerfile"), names());
        Files.writeString(dir.resolve(".dockerignore"), "*.log\n");
        BuildService.removeIgnored(dir, "./Dockerfile");
        assertEquals(Set.of("Dockerfile", ".dockerignore"), names());
    }

    @Test
    void excludedDockerfileInASubdirectoryAndDockerignoreAreRemoved() throws IOException {
        Files.createDirectories(dir.resolve("build"));
        Files.writeString(dir.resolve("build/Dockerfile"), "FROM scratch\n");
        Files.writeString(dir.resolve("build/other"), "x");
        Files.writeString(dir.resolve(".dockerignore"), "**/Dockerfile\n.dockerignore\n");
        BuildService.removeIgnored(dir, "build/Dockerfile");
        assertEquals(Set.of("build"), names());
        assertEquals(Set.of("other"), Files.list(dir.resolve("build")).map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }

    @Test
    void aDockerfilePathOutsideTheContextRemovesNothingOutside() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(outside.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(ctx.resolve(".dockerignore"), "**\n");
        BuildService.removeIgnored(ctx, "../outside/Dockerfile");
        assertEquals(true, Files.exists(outside.resolve("Dockerfile")));
    }
}

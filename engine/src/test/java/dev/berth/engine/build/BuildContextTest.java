package dev.berth.engine.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.archive.LayerWriter;
import dev.berth.common.EngineException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The context's index answers as the unpacked files do: the same sources, the same checksums. */
class BuildContextTest {
    private static final List<List<String>> PATTERNS = List.of(List.of("."), List.of("a.txt"), List.of("sub"), List.of("sub/deep"),
            List.of("*.txt"), List.of("s*"), List.of("sub/*"), List.of("hard"), List.of("empty"), List.of("setuid"),
            List.of("a.txt", "sub"), List.of("./sub/../a.txt"), List.of("*"));

    @TempDir Path dir;
    Path src;

    @BeforeEach
    void tree() throws Exception {
        src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "a");
        Files.writeString(src.resolve("b.sh"), "#!/bin/sh\n");
        Files.setAttribute(src.resolve("b.sh"), "unix:mode", 0755);
        Files.createDirectories(src.resolve("sub/deep"));
        Files.setAttribute(src.resolve("sub"), "unix:mode", 0750);
        Files.writeString(src.resolve("sub/c"), "c".repeat(100_000));
        Files.writeString(src.resolve("sub/deep/d"), "d");
        Files.createSymbolicLink(src.resolve("link"), Path.of("a.txt"));
        Files.createSymbolicLink(src.resolve("sub/dirlink"), Path.of("deep"));
        Files.createLink(src.resolve("hard"), src.resolve("sub/deep/d"));
        Files.writeString(src.resolve("setuid"), "s");
        Files.setAttribute(src.resolve("setuid"), "unix:mode", 04711);
        Files.createDirectories(src.resolve("empty"));
        Files.writeString(src.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(src.resolve(".dockerignore"), ".dockerignore\n");
    }

    private BuildContext receive(byte[] tar, String name) throws Exception {
        return BuildContext.receive(new ByteArrayInputStream(tar), Files.createDirectories(dir.resolve(name)));
    }

    private void sameAsTheFiles(BuildContext ctx) throws Exception {
        for (List<String> patterns : PATTERNS) {
            List<Copier.Hashed> indexed = ctx.sources(patterns);
            assertNotNull(indexed, patterns.toString());
            List<Copier.Source> onDisk = Copier.match(ctx.files(), patterns, false);
            assertEquals(onDisk.stream().map(Copier.Source::name).toList(), indexed.stream().map(Copier.Hashed::name).toList(), patterns.toString());
            assertEquals(Copier.checksum(onDisk), Copier.checksum(indexed), patterns.toString());
        }
    }

    @Test
    void theIndexOfWhatTheCliSendsHashesAsTheFiles() throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        LayerWriter.forDirectory().write(src, tar);
        try (BuildContext ctx = receive(tar.toByteArray(), "cli")) {
            assertArrayEquals("FROM scratch\n".getBytes(), ctx.read("Dockerfile").orElseThrow());
            assertTrue(ctx.read("nothing").isEmpty());
            assertTrue(ctx.read("sub").isEmpty(), "a directory is no file");
            assertNull(ctx.sources(List.of("link")), "a link is followed on disk");
            ctx.remove(".dockerignore");
            assertTrue(ctx.read(".dockerignore").isEmpty());
            sameAsTheFiles(ctx);
            assertFalse(Files.exists(ctx.files().resolve(".dockerignore")), "removed from the files too");
            var missing = assertThrows(EngineException.InvalidArgument.class, () -> ctx.sources(List.of("nope")));
            assertTrue(missing.getMessage().contains("file not found in build context"), missing.getMessage());
        }
    }

    @Test
    void directoriesTheArchiveOnlyImpliesHashAsTheUnpackerMakesThem() throws Exception {
        Path list = Files.writeString(dir.resolve("list"), "a.txt\nsub/c\nsub/deep/d\nhard\nsetuid\nb.sh\n");
        Path tar = dir.resolve("implied.tar");
        Process p = new ProcessBuilder("tar", "--no-recursion", "-cf", tar.toString(), "-C", src.toString(), "-T", list.toString())
                .inheritIO().start();
        assertEquals(0, p.waitFor());
        try (BuildContext ctx = receive(Files.readAllBytes(tar), "implied")) {
            for (List<String> patterns : List.of(List.of("."), List.of("sub"), List.of("s*"), List.of("hard"), List.of("*"))) {
                List<Copier.Hashed> indexed = ctx.sources(patterns);
                assertNotNull(indexed, patterns.toString());
                List<Copier.Source> onDisk = Copier.match(ctx.files(), patterns, false);
                assertEquals(Copier.checksum(onDisk), Copier.checksum(indexed), patterns.toString());
            }
        }
    }
}

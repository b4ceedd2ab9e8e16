package dev.berth.engine.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.EngineException;
import dev.berth.oci.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopierTest {
    @TempDir Path dir;

    @Test
    void sourcesMatchAsDockerMatchesThem() throws Exception {
        Path ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("a.txt"), "a");
        Files.writeString(ctx.resolve("b.txt"), "b");
        Files.createDirectories(ctx.resolve("d/e"));
        Files.writeString(ctx.resolve("d/e/f.conf"), "f");
        assertEquals(List.of("a.txt", "b.txt"), Copier.match(ctx, List.of("*.txt"), false).stream().map(Copier.Source::name).toList());
        assertEquals(List.of("d/e/f.conf"), Copier.match(ctx, List.of("d/*/*.conf"), false).stream().map(Copier.Source::name).toList());
        assertEquals(List.of("a.txt"), Copier.match(ctx, List.of("../../a.txt"), false).stream().map(Copier.Source::name).toList(),
                "a path cannot leave the context");
        var missing = assertThrows(EngineException.InvalidArgument.class, () -> Copier.match(ctx, List.of("nope"), false));
        assertTrue(missing.getMessage().contains("file not found in build context"), missing.getMessage());
        assertThrows(EngineException.InvalidArgument.class, () -> Copier.match(ctx, List.of("*.none"), false));
    }

    @Test
    void theChecksumFollowsContentAndModeButNotTimes() throws Exception {
        Path ctx = Files.createDirectories(dir.resolve("sum"));
        Path f = Files.writeString(ctx.resolve("f"), "one");
        List<Copier.Source> src = List.of(new Copier.Source("f", f));
        String first = Copier.checksum(src);
        assertTrue(first.startsWith("file:"), first);
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
        assertEquals(first, Copier.checksum(src), "times do not count");
        Files.setAttribute(f, "unix:mode", 0600);
        String moded = Copier.checksum(src);
        assertNotEquals(first, moded, "modes count");
        Files.writeString(f, "two");
        assertNotEquals(moded, Copier.checksum(src), "contents count");
        assertTrue(Copier.checksum(List.of(new Copier.Source(".", ctx))).startsWith("dir:"));
    }

    @Test
    void severalSourcesNeedADirectoryDestination() {
        var sources = List.of(new Copier.Source("a", dir), new Copier.Source("b", dir));
        var e = assertThrows(EngineException.InvalidArgument.class, () -> Copier.plan(sources, "/dest", "/", 3, false));
        assertEquals("When using COPY with more than one source file, the destination must be a directory and end with a /", e.getMessage());
        assertEquals("/work/sub", Copier.plan(sources, "sub/", "/work", 3, false).dest(), "relative to WORKDIR");
        assertTrue(Copier.plan(List.of(sources.getFirst()), ".", "/work", 3, false).destIsDir());
    }

    @Test
    void theCacheKeepsAStepsImageAcrossInstances() {
        BuildCache cache = new BuildCache(dir.resolve("cache"));
        Digest parent = Digest.of(new byte[] {1});
        Digest image = Digest.of(new byte[] {2});
        cache.put(parent, "/bin/sh -c make", image);
        assertEquals(image, new BuildCache(dir.resolve("cache")).get(parent, "/bin/sh -c make"));
        assertEquals(null, cache.get(parent, "/bin/sh -c make install"));
        assertEquals(null, cache.get(null, "/bin/sh -c make"), "on scratch it is another step");
        assertEquals(1, cache.clear());
        assertEquals(null, cache.get(parent, "/bin/sh -c make"));
    }
}

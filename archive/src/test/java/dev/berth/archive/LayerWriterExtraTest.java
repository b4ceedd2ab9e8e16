package dev.berth.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extra files written in place of the tree's entries of the same names, at the end (a Dockerfile from outside a build context). */
class LayerWriterExtraTest {
    @TempDir Path tmp;

    @Test
    void extraFilesReplaceTopLevelEntriesAndComeLast() throws IOException {
        Files.writeString(tmp.resolve(".dockerignore"), "old");
        Files.createDirectories(tmp.resolve("d"));
        Files.writeString(tmp.resolve("d/.dockerignore"), "nested");
        Files.writeString(tmp.resolve("z"), "zz");
        Map<String, byte[]> extra = new LinkedHashMap<>();
        extra.put(".dockerfile.x", new byte[0]);
        extra.put(".dockerignore", "new".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LayerWriter.forDirectory().write(tmp, extra, bytes);
        Map<String, String> contents = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                if (extra.containsKey(e.getName())) assertEquals(0600, e.getMode() & 07777, e.getName());
                contents.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of("d/", "d/.dockerignore", "z", ".dockerfile.x", ".dockerignore"), List.copyOf(contents.keySet()));
        assertEquals("new", contents.get(".dockerignore"));
        assertEquals("nested", contents.get("d/.dockerignore"));
    }
}

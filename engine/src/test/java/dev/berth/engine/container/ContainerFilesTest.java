package dev.berth.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.EngineException;
import dev.berth.common.linux.Libc;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ContainerFiles}: paths that try to leave the container root, docker cp's rules, docker diff. Needs root (whiteouts, trusted xattrs). */
class ContainerFilesTest {
    @TempDir
    Path tmp;
    Path root;
    Path host;

    /** A container root with hostile links, next to a "host" directory they aim at. */
    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(tmp.resolve("rootfs"));
        host = Files.createDirectories(tmp.resolve("host"));
        Files.writeString(host.resolve("secret"), "host only\n");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.createDirectories(root.resolve("tmp"));
        Files.createSymbolicLink(root.resolve("x"), Path.of("/"));                                      // ln -s / /x
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../../../.." + host));          // ../../ escape
        Files.createSymbolicLink(root.resolve("abs"), host.resolve("secret"));                          // absolute host path
        Files.createSymbolicLink(root.resolve("tmp/hop"), Path.of("../x/etc"));
    }

    @Test
    void pathsResolveInsideTheRootWhateverTheLinksSay() {
        assertEquals(root.resolve("etc/passwd"), ContainerFiles.resolve(root, "/x/etc/passwd").host());
        assertEquals(root.resolve("etc/passwd"), ContainerFiles.resolve(root, "../../../etc/passwd").host());
        assertEquals(root.resolve("etc/passwd"), ContainerFiles.resolve(root, "/tmp/hop/passwd").host());
        assertTrue(ContainerFiles.resolve(root, "/up/secret").host().startsWith(root));
        assertEquals(root.resolve(host.toString().substring(1)).resolve("secret"), ContainerFiles.resolve(root, "/abs/").host());
        assertEquals(root, ContainerFiles.resolve(root, "/x/").host());
        // without a trailing slash the last component is the link itself
        assertEquals(root.resolve("x"), ContainerFiles.resolve(root, "/x").host());
        assertEquals("x", ContainerFiles.resolve(root, "/x/").baseName());
        assertEquals(".", ContainerFiles.resolve(root, "/etc/.").baseName());
        assertEquals("/", ContainerFiles.resolve(root, "/").baseName());
        assertEquals(".", ContainerFiles.resolve(root, "/.").baseName());
        assertEquals(root, ContainerFiles.resolve(root, "/.").host());
        assertEquals("/a/c", ContainerFiles.clean("//a/./b/../c/"));
    }

    @Test
    void statReportsLinksResolvedInTheContainerAndGoModes() throws IOException {
        PathStat link = ContainerFiles.stat(root, "/x");
        assertEquals("x", link.name());
        assertEquals("/", link.linkTarget());
        assertEquals(1L << 27 | 0777, link.mode());
        assertEquals("/etc", ContainerFiles.stat(root, "/tmp/hop").linkTarget());
        assertTrue(ContainerFiles.stat(root, "/abs").linkTarget().startsWith("/"));
        PathStat dir = ContainerFiles.stat(root, "/etc/");
        assertEquals(1L << 31, dir.mode() & (1L << 31));
        assertThrows(NoSuchFileException.class, () -> ContainerFiles.stat(root, "/up/secret"));
        assertThrows(NoSuchFileException.class, () -> ContainerFiles.stat(root, "/abs/"));
    }

    @Test
    void archivesNameTheResourceAsAskedAndNeverReadTheHost() throws IOException {
        assertEquals(List.of("passwd"), names(archive("/x/etc/passwd")));
        assertEquals(List.of("etc/", "etc/passwd"), names(archive("/x/etc")));
        assertEquals(List.of("./", "./passwd"), names(archive("/etc/.")));
        assertEquals(List.of("x"), names(archive("/x")), "a link is archived as a link");
        assertEquals(List.of("/", "/abs", "/etc/", "/etc/passwd"), names(archive("/")).subList(0, 4));
        assertEquals(List.of("./", "./abs", "./etc/", "./etc/passwd"), names(archive("/.")).subList(0, 4));
        assertThrows(NoSuchFileException.class, () -> archive("/up/secret"));
        assertThrows(NoSuchFileException.class, () -> archive("/abs/"));
    }

    @Test
    void extractionThroughEscapingLinksLandsInTheContainer() throws IOException {
        byte[] tar = tar("probe.txt", "probe\n");
        ContainerFiles.extract(root, "/x/tmp", new ByteArrayInputStream(tar), false, null);
        assertThrows(NoSuchFileException.class, () -> ContainerFiles.extract(root, "/up", new ByteArrayInputStream(tar), false, null),
                "/up leads to a directory the container does not have");
        Files.createDirectories(root.resolve(host.toString().substring(1)));
        ContainerFiles.extract(root, "/up", new ByteArrayInputStream(tar), false, null);
        assertEquals("probe\n", Files.readString(root.resolve("tmp/probe.txt")));
        assertFalse(Files.exists(host.resolve("probe.txt")));
        assertTrue(Files.exists(root.resolve(host.toString().substring(1)).resolve("probe.txt")));

        assertThrows(NoSuchFileException.class, () -> ContainerFiles.extract(root, "/nope", new ByteArrayInputStream(tar), false, null));
        EngineException notDir = assertThrows(EngineException.InvalidArgument.class,
                () -> ContainerFiles.extract(root, "/etc/passwd", new ByteArrayInputStream(tar), false, null));
        assertEquals("extraction point is not a directory", notDir.getMessage());
        EngineException evil = assertThrows(EngineException.InvalidArgument.class,
                () -> ContainerFiles.extract(root, "/tmp", new ByteArrayInputStream(tar("../../evil", "x")), false, null));
        assertEquals("archive entry '../../evil' has a '..' component, which would leave the destination directory;"
                + " refusing the archive", evil.getMessage());
        assertFalse(Files.exists(tmp.resolve("evil")));

        Files.createDirectories(root.resolve("tmp/d"));
        EngineException overwrite = assertThrows(EngineException.InvalidArgument.class,
                () -> ContainerFiles.extract(root, "/tmp", new ByteArrayInputStream(tar("d", "file")), true, null));
        assertEquals("cannot overwrite directory \"/d\" with non-directory \"/\"", overwrite.getMessage());
        ContainerFiles.extract(root, "/tmp", new ByteArrayInputStream(tar("owned", "x")), false, new int[] {1234, 5678});
        assertEquals(1234, Files.getAttribute(root.resolve("tmp/owned"), "unix:uid"));
        assertEquals(5678, Files.getAttribute(root.resolve("tmp/owned"), "unix:gid"));
    }

    @Test
    void changesFollowDockersRulesForOverlayUpperDirs() throws IOException {
        Path lower = Files.createDirectories(tmp.resolve("lower"));
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        for (String d : List.of("etc", "gone-dir/sub", "opaque", "same", "usr/lib")) Files.createDirectories(lower.resolve(d));
        for (String f : List.of("etc/group", "etc/passwd", "opaque/old", "same/f", "usr/lib/x")) Files.writeString(lower.resolve(f), f);

        Files.createDirectories(upper.resolve("etc"));
        Libc.mknod(upper.resolve("etc/group"), Libc.S_IFCHR, 0);                   // rm /etc/group
        Files.writeString(upper.resolve("etc/passwd"), "changed");                 // echo >> /etc/passwd
        Libc.mknod(upper.resolve("gone-dir"), Libc.S_IFCHR, 0);                   // rm -r /gone-dir
        Files.createDirectories(upper.resolve("opaque"));                          // rm -r /opaque; mkdir /opaque
        Libc.lsetxattr(upper.resolve("opaque"), "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(upper.resolve("opaque/new"), "n");
        Files.createDirectories(upper.resolve("new/deeper"));                      // mkdir -p /new/deeper
        Files.createDirectories(upper.resolve("usr/lib"));                         // touch /usr/lib/y: usr copied up unchanged
        Files.setLastModifiedTime(upper.resolve("usr"), Files.getLastModifiedTime(lower.resolve("usr")));
        Files.setAttribute(upper.resolve("usr"), "unix:mode", Files.getAttribute(lower.resolve("usr"), "unix:mode"));
        Files.writeString(upper.resolve("usr/lib/y"), "y");
        Files.writeString(upper.resolve("etc/hostname"), "");                      // the runtime's mount points: hidden
        Files.createDirectories(upper.resolve("proc"));
        Files.createDirectories(upper.resolve("dev"));                             // a scratch image: the runtime made /dev
        Files.writeString(upper.resolve("dev/console"), "");

        List<String> got = ContainerFiles.changes(upper, List.of(lower)).stream()
                .map(c -> c.kind().name().charAt(0) + " " + c.path()).toList();
        assertEquals(List.of("M /etc", "D /etc/group", "M /etc/passwd", "D /gone-dir", "A /new", "A /new/deeper",
                "D /opaque", "A /opaque/new", "M /usr/lib", "A /usr/lib/y"), got);
        assertEquals(List.of(), ContainerFiles.changes(tmp.resolve("never-started"), List.of(lower)));

        ByteArrayOutputStream layer = new ByteArrayOutputStream();
        ContainerFiles.writeLayer(upper, layer);
        assertEquals(List.of("etc/", "etc/.wh.group", "etc/passwd", ".wh.gone-dir", "new/", "new/deeper/", "opaque/",
                "opaque/.wh..wh..opq", "opaque/new", "usr/", "usr/lib/", "usr/lib/y"), names(layer.toByteArray()),
                "OCI whiteouts, without the runtime's mount points");
    }

    private byte[] archive(String path) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ContainerFiles.archive(root, path, out);
        return out.toByteArray();
    }

    private static List<String> names(byte[] tar) throws IOException {
        List<String> out = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) out.add(e.getName());
        }
        return out;
    }

    private static byte[] tar(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(data.length);
            e.setMode(0100644);
            out.putArchiveEntry(e);
            out.write(data);
            out.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}

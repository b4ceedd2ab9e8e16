package dev.berth.common.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real system calls; needs root (the build machines and CI are root), and fails without it. */
class LibcTest {
    @TempDir Path dir;

    @BeforeAll
    static void requireRoot() throws IOException {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assertEquals(0, uid, "LibcTest needs root (mknod, lchown, mount)");
    }

    @Test
    void makedevRoundTripsLargeNumbers() {
        for (int[] mm : new int[][] {{0, 0}, {1, 3}, {8, 1}, {259, 65536}, {4095, 255}, {4096, 1 << 20}}) {
            long dev = Libc.makedev(mm[0], mm[1]);
            assertEquals(mm[0], Libc.major(dev));
            assertEquals(mm[1], Libc.minor(dev));
        }
        assertEquals(0x0103L, Libc.makedev(1, 3)); // /dev/null
    }

    @Test
    void mknodCreatesDevicesAndFifos() throws IOException {
        Path chr = dir.resolve("null");
        Libc.mknod(chr, Libc.S_IFCHR | 0666, Libc.makedev(1, 3));
        assertEquals(Libc.S_IFCHR, mode(chr) & Libc.S_IFMT);
        assertEquals(Libc.makedev(1, 3), ((Number) Files.getAttribute(chr, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).longValue());

        Path blk = dir.resolve("blk");
        Libc.mknod(blk, Libc.S_IFBLK | 0600, Libc.makedev(259, 70000));
        assertEquals(Libc.S_IFBLK, mode(blk) & Libc.S_IFMT);
        long rdev = ((Number) Files.getAttribute(blk, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).longValue();
        assertEquals(259, Libc.major(rdev));
        assertEquals(70000, Libc.minor(rdev));

        Path fifo = dir.resolve("fifo");
        Libc.mknod(fifo, Libc.S_IFIFO | 0644, 0);
        assertEquals(Libc.S_IFIFO, mode(fifo) & Libc.S_IFMT);
    }

    @Test
    void failuresNameTheCallThePathAndTheErrno() {
        Path existing = dir.resolve("x");
        ErrnoException e = assertThrows(ErrnoException.class, () -> {
            Files.writeString(existing, "x");
            Libc.mknod(existing, Libc.S_IFIFO | 0644, 0);
        });
        assertEquals(Libc.EEXIST, e.errno());
        assertEquals("EEXIST", e.errnoName());
        assertEquals("mknod " + existing + ": EEXIST (File exists)", e.getMessage());

        ErrnoException missing = assertThrows(ErrnoException.class,
                () -> Libc.lchown(dir.resolve("nope/nope"), 0, 0));
        assertEquals(Libc.ENOENT, missing.errno());
    }

    @Test
    void xattrsOnFilesAndOnSymlinksThemselves() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "data");
        byte[] binary = {0, 1, 2, (byte) 0xff, 0, 'x'};
        Libc.lsetxattr(file, "user.berth.test", binary);
        Libc.lsetxattr(file, "trusted.berth", "y".getBytes(StandardCharsets.UTF_8));
        Libc.lsetxattr(file, "user.empty", new byte[0]);
        assertArrayEquals(binary, Libc.lgetxattr(file, "user.berth.test").orElseThrow());
        assertArrayEquals(new byte[0], Libc.lgetxattr(file, "user.empty").orElseThrow());
        assertTrue(Libc.lgetxattr(file, "user.absent").isEmpty());
        assertTrue(Libc.llistxattr(file).containsAll(java.util.List.of("user.berth.test", "trusted.berth", "user.empty")));

        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, file.getFileName());
        Libc.lsetxattr(link, "trusted.onlink", new byte[] {7});
        assertArrayEquals(new byte[] {7}, Libc.lgetxattr(link, "trusted.onlink").orElseThrow());
        assertTrue(Libc.lgetxattr(file, "trusted.onlink").isEmpty(), "the link's target must not change");
        assertFalse(Libc.llistxattr(link).contains("user.berth.test"));

        ErrnoException e = assertThrows(ErrnoException.class, () -> Libc.llistxattr(dir.resolve("absent")));
        assertEquals(Libc.ENOENT, e.errno());
    }

    @Test
    void lchownChangesTheLinkNotItsTarget() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "data");
        Path link = Files.createSymbolicLink(dir.resolve("l"), file.getFileName());
        Libc.lchown(link, 1234, 5678);
        assertEquals(1234, Files.getAttribute(link, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(5678, Files.getAttribute(link, "unix:gid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(0, Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        Libc.lchown(file, -1, 42);
        assertEquals(0, Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(42, Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void lutimensSetsTimesOfFifosAndLinksWithoutOpeningThem() throws IOException {
        Path fifo = dir.resolve("fifo");
        Libc.mknod(fifo, Libc.S_IFIFO | 0644, 0);
        FileTime m = FileTime.from(Instant.ofEpochSecond(1_000_000_000L, 123_456_789));
        FileTime a = FileTime.from(Instant.ofEpochSecond(1_500_000_000L));
        Libc.lutimens(fifo, a, m); // an open() of the fifo would block forever here
        assertEquals(m, Files.getLastModifiedTime(fifo, LinkOption.NOFOLLOW_LINKS));
        assertEquals(a, Files.getAttribute(fifo, "lastAccessTime", LinkOption.NOFOLLOW_LINKS));

        Path link = Files.createSymbolicLink(dir.resolve("l"), fifo.getFileName());
        FileTime old = FileTime.from(Instant.ofEpochSecond(86_400));
        Libc.lutimens(link, old, old);
        assertEquals(old, Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS));
        assertEquals(m, Files.getLastModifiedTime(fifo, LinkOption.NOFOLLOW_LINKS), "target unchanged");
        FileTime before1970 = FileTime.from(Instant.ofEpochSecond(-86_400, 500));
        Libc.lutimens(link, before1970, before1970);
        assertEquals(before1970, Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void symlinkTextIsKeptExactly() throws IOException {
        for (String text : new String[] {"a//b/", "./abs//x/", "b/../c", "caf\u00e9", " spaces "}) {
            Path link = dir.resolve("l" + text.hashCode());
            Libc.symlink(text, link);
            assertEquals(text, Libc.readlink(link));
            assertTrue(Files.isSymbolicLink(link));
        }
        String longText = "x/".repeat(2000);
        Libc.symlink(longText, dir.resolve("long"));
        assertEquals(longText, Libc.readlink(dir.resolve("long")));
        ErrnoException e = assertThrows(ErrnoException.class, () -> Libc.readlink(dir));
        assertEquals(Libc.EINVAL, e.errno());
    }

    @Test
    void mountsAndUnmountsATmpfs() throws IOException {
        Path target = Files.createDirectory(dir.resolve("mnt"));
        Libc.mount("berth-test", target, "tmpfs", Libc.MS_NOSUID | Libc.MS_NODEV, "size=1m,mode=0700");
        try {
            Files.writeString(target.resolve("inside"), "x");
            assertTrue(Files.readString(Path.of("/proc/self/mounts")).contains(target.toString()));
        } finally {
            Libc.umount2(target, 0);
        }
        assertFalse(Files.exists(target.resolve("inside")), "the file lived in the tmpfs");
        ErrnoException e = assertThrows(ErrnoException.class, () -> Libc.umount2(target, 0));
        assertEquals(Libc.EINVAL, e.errno(), "not a mount point any more");
        ErrnoException bad = assertThrows(ErrnoException.class,
                () -> Libc.mount("none", target, "no-such-fs", 0, null));
        assertTrue(bad.getMessage().startsWith("mount no-such-fs on " + target + ": ENODEV"), bad.getMessage());
    }

    @Test
    void setnsJoinsANamespaceOnAPlatformThread() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                Libc.setns(Path.of("/proc/self/ns/uts"), Libc.CLONE_NEWUTS); // our own namespace: harmless
                ErrnoException e = assertThrows(ErrnoException.class,
                        () -> Libc.setns(Path.of("/proc/self/ns/uts"), Libc.CLONE_NEWNET));
                assertEquals(Libc.EINVAL, e.errno(), "type mismatch");
                ErrnoException notNs = assertThrows(ErrnoException.class,
                        () -> Libc.setns(Path.of("/proc/self/status"), 0));
                assertEquals(Libc.EINVAL, notNs.errno());
            } catch (Throwable x) {
                failure.set(x);
            }
        });
        t.join();
        if (failure.get() != null) throw new AssertionError(failure.get());
    }

    @Test
    void strerrorAndUnknownErrnos() {
        assertEquals("No such file or directory", Libc.strerror(Libc.ENOENT));
        assertEquals("errno 4000", Errno.name(4000));
        assertEquals("ENODATA", Errno.name(Libc.ENODATA));
        assertEquals("EOPNOTSUPP", Errno.name(Libc.EOPNOTSUPP));
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }
}

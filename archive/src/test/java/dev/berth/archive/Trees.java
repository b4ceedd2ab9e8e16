package dev.berth.archive;

import dev.berth.common.linux.Libc;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test fixtures: a tree with every kind of file and attribute a layer can carry, and small tar builders. */
final class Trees {
    /** A v2 file capability granting cap_net_raw (effective, permitted): binary, with NUL bytes. */
    static final byte[] CAP_NET_RAW = {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private Trees() {}

    /** Fills {@code root} with dirs, files, links, devices, fifo, a socket, odd owners/modes/names, xattrs and set times. */
    static void rich(Path root) throws IOException {
        dir(root, "bin", 0755);
        file(root, "bin/su", "setuid root", 04755, 0, 0);
        file(root, "bin/busybox", "busybox binary", 0755, 0, 0);
        Libc.symlink("busybox", root.resolve("bin/sh"));
        file(root, "bin/ping", "ping", 0755, 0, 0);
        Libc.lsetxattr(root.resolve("bin/ping"), "security.capability", CAP_NET_RAW);
        dir(root, "tmp", 01777);
        dir(root, "srv", 02775);
        Libc.lchown(root.resolve("srv"), 0, 50);
        dir(root, "etc", 0755);
        file(root, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", 0644, 0, 0);
        Libc.lsetxattr(root.resolve("etc/passwd"), "user.note", "hello".getBytes(StandardCharsets.UTF_8));
        Libc.lsetxattr(root.resolve("etc/passwd"), "trusted.berth", new byte[] {'x', 0, 'y', (byte) 0xff, '\n'});
        Libc.lsetxattr(root.resolve("etc"), "user.dir", "1".getBytes(StandardCharsets.UTF_8));
        dir(root, "home", 0755);
        dir(root, "home/user", 0700);
        Libc.lchown(root.resolve("home/user"), 1000, 1000);
        file(root, "home/user/.profile", "export PS1='$ '\n", 0600, 1000, 1000);
        dir(root, "big", 0755);
        file(root, "big/owner", "large ids need PAX", 0640, 3_000_000, (int) 4_000_000_000L);
        file(root, "empty", "", 0, 0, 0);
        dir(root, "data", 0755);
        byte[] random = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(random);
        Files.write(root.resolve("data/big.bin"), random);
        Libc.symlink("usr/lib", root.resolve("lib64"));
        Libc.symlink("/nonexistent/absolute/target", root.resolve("abs"));
        Libc.symlink("nowhere/else/", root.resolve("dangling"));
        Libc.symlink("usr//lib/", root.resolve("trail"));
        Libc.symlink("t/".repeat(80) + "end", root.resolve("longlink"));
        Libc.lchown(root.resolve("dangling"), 1000, 1001);
        dir(root, "usr", 0755);
        dir(root, "usr/bin", 0755);
        file(root, "usr/bin/a", "three names", 0755, 0, 0);
        Files.createLink(root.resolve("usr/bin/b"), root.resolve("usr/bin/a"));
        Files.createLink(root.resolve("usr/bin/c"), root.resolve("usr/bin/a"));
        Files.createLink(root.resolve("bin/hl"), root.resolve("usr/bin/a"));
        dir(root, "usr/lib", 0755);
        dir(root, "dev", 0755);
        Libc.mknod(root.resolve("dev/null"), Libc.S_IFCHR | 0666, Libc.makedev(1, 3));
        Libc.mknod(root.resolve("dev/big"), Libc.S_IFBLK | 0660, Libc.makedev(259, 300_000));
        Libc.lchown(root.resolve("dev/big"), 0, 6);
        dir(root, "run", 0755);
        Libc.mknod(root.resolve("run/fifo"), Libc.S_IFIFO | 0620, 0);
        String deep = "deep/" + "d123456789/".repeat(12);
        Files.createDirectories(root.resolve(deep));
        file(root, deep + "file-with-a-path-longer-than-256-bytes", "deep", 0644, 0, 0);
        String mid = "mid/" + "m".repeat(90) + "/";
        Files.createDirectories(root.resolve(mid));
        file(root, mid + "n".repeat(60), "ustar prefix split", 0644, 0, 0);
        file(root, "c".repeat(200), "a 200-byte name", 0644, 0, 0);
        dir(root, "unicode", 0755);
        file(root, "unicode/café ☕.txt", "non-ASCII", 0644, 0, 0);
        dir(root, "locked", 0500);
        file(root, "locked/inside", "in a read-only dir", 0400, 0, 0);
        try (ServerSocketChannel s = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(root.resolve("sock")));
        }
        setTimes(root);
    }

    /** Gives every path a distinct mtime (with nanoseconds), directories after their contents. */
    static void setTimes(Path root) throws IOException {
        List<Path> all = new ArrayList<>();
        try (var s = Files.walk(root)) {
            s.filter(p -> !p.equals(root)).sorted(java.util.Comparator.reverseOrder()).forEach(all::add);
        }
        long t = 1_500_000_000L;
        for (Path p : all) {
            t += 3_600;
            FileTime time = FileTime.from(Instant.ofEpochSecond(t, 987_654_321));
            Libc.lutimens(p, time, time);
        }
    }

    static void dir(Path root, String rel, int mode) throws IOException {
        Path p = Files.createDirectories(root.resolve(rel));
        Files.setAttribute(p, "unix:mode", mode);
    }

    static void file(Path root, String rel, String content, int mode, int uid, int gid) throws IOException {
        Path p = root.resolve(rel);
        Files.writeString(p, content);
        Libc.lchown(p, uid, gid);
        Files.setAttribute(p, "unix:mode", mode);
    }

    static byte[] tar(Path dir, LayerWriter writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(dir, out);
        return out.toByteArray();
    }

    /** Builds a tar from entries through our own {@link TarWriter}, which writes any name it is given. */
    static final class Builder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final TarWriter tar = new TarWriter(out);
        private final FileTime time = FileTime.from(Instant.ofEpochSecond(1_600_000_000L));

        Builder dir(String name) throws IOException {
            tar.putEntry(new TarEntry(name, TarEntry.Type.DIRECTORY, 0755, 0, 0, 0, time, null, "", 0, 0, Map.of()));
            return this;
        }

        Builder file(String name, String content) throws IOException {
            return file(name, content, Map.of());
        }

        Builder file(String name, String content, Map<String, byte[]> xattrs) throws IOException {
            byte[] b = content.getBytes(StandardCharsets.UTF_8);
            tar.putEntry(new TarEntry(name, TarEntry.Type.REGULAR, 0644, 0, 0, b.length, time, null, "", 0, 0, xattrs));
            tar.write(b, 0, b.length);
            return this;
        }

        Builder symlink(String name, String target) throws IOException {
            tar.putEntry(new TarEntry(name, TarEntry.Type.SYMLINK, 0777, 0, 0, 0, time, null, target, 0, 0, Map.of()));
            return this;
        }

        Builder hardLink(String name, String target) throws IOException {
            tar.putEntry(new TarEntry(name, TarEntry.Type.HARD_LINK, 0644, 0, 0, 0, time, null, target, 0, 0, Map.of()));
            return this;
        }

        /** Content for the entry just put. */
        Builder tarWrite(byte[] content) throws IOException {
            tar.write(content, 0, content.length);
            return this;
        }

        Builder entry(TarEntry e) throws IOException {
            tar.putEntry(e);
            return this;
        }

        byte[] bytes() throws IOException {
            tar.finish();
            return out.toByteArray();
        }

        ByteArrayInputStream stream() throws IOException {
            return new ByteArrayInputStream(bytes());
        }
    }

    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}

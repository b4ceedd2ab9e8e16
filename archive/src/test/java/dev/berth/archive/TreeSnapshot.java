package dev.berth.archive;

import dev.berth.common.linux.Libc;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every attribute of every file in a tree, by relative path, for comparing trees in tests: type,
 * mode, owner, content hash, link text, device number, xattrs, which names share an inode, and
 * times (whole seconds, or to the nanosecond).
 */
record TreeSnapshot(Map<String, Node> nodes) {

    record Node(String type, String mode, int uid, int gid, String content, String link, String dev,
                Map<String, String> xattrs, String inodeGroup, String mtime) {}

    static TreeSnapshot of(Path root, boolean nanoTimes) throws IOException {
        return of(root, nanoTimes, rel -> false);
    }

    /** A snapshot leaving out (and not walking) the relative paths {@code skip} accepts. */
    static TreeSnapshot of(Path root, boolean nanoTimes, java.util.function.Predicate<String> skip) throws IOException {
        Map<String, Node> nodes = new TreeMap<>();
        Map<String, String> firstByInode = new HashMap<>();
        walk(root, "", nodes, firstByInode, nanoTimes, skip);
        return new TreeSnapshot(nodes);
    }

    /** The same snapshot with the named paths left out. */
    TreeSnapshot without(String... paths) {
        Map<String, Node> copy = new TreeMap<>(nodes);
        for (String p : paths) copy.remove(p);
        return new TreeSnapshot(copy);
    }

    private static void walk(Path dir, String rel, Map<String, Node> out, Map<String, String> firstByInode,
                             boolean nanoTimes, java.util.function.Predicate<String> skip) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(children::add);
        }
        children.sort(null);
        for (Path p : children) {
            String name = rel + p.getFileName();
            if (skip.test(name)) continue;
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,ino,dev,rdev,nlink,lastModifiedTime",
                    LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            int type = mode & Libc.S_IFMT;
            String typeName = switch (type) {
                case Libc.S_IFDIR -> "dir";
                case Libc.S_IFREG -> "file";
                case Libc.S_IFLNK -> "symlink";
                case Libc.S_IFCHR -> "char";
                case Libc.S_IFBLK -> "block";
                case Libc.S_IFIFO -> "fifo";
                default -> "other " + Integer.toOctalString(type);
            };
            String group = null;
            if (type != Libc.S_IFDIR && ((Number) a.get("nlink")).longValue() > 1) {
                group = firstByInode.computeIfAbsent(a.get("dev") + ":" + a.get("ino"), k -> name);
            }
            Map<String, String> xattrs = new TreeMap<>();
            for (String key : Libc.llistxattr(p)) {
                xattrs.put(key, HexFormat.of().formatHex(Libc.lgetxattr(p, key).orElseThrow()));
            }
            FileTime t = (FileTime) a.get("lastModifiedTime");
            String mtime = nanoTimes ? t.toInstant().toString() : Long.toString(t.toInstant().getEpochSecond());
            long rdev = ((Number) a.get("rdev")).longValue();
            out.put(name, new Node(typeName, Integer.toOctalString(mode & 07777), (Integer) a.get("uid"),
                    (Integer) a.get("gid"), type == Libc.S_IFREG ? sha256(p) : null,
                    type == Libc.S_IFLNK ? Libc.readlink(p) : null,
                    type == Libc.S_IFCHR || type == Libc.S_IFBLK ? Libc.major(rdev) + "," + Libc.minor(rdev) : null,
                    xattrs, group, mtime));
            if (type == Libc.S_IFDIR) walk(p, name + "/", out, firstByInode, nanoTimes, skip);
        }
    }

    static String sha256(Path p) throws IOException {
        MessageDigest md = Sha256InputStream.sha256();
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}

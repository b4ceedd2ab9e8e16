package dev.berth.cli.command;

import dev.berth.api.ContainerPathStat;
import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.Flags;
import dev.berth.cli.Invocation;
import dev.berth.cli.cp.LocalArchive;
import dev.berth.cli.format.Units;
import dev.berth.client.ArchiveResponse;
import dev.berth.common.EngineException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code berth cp}: copies between a container and the local file system through the archive API,
 * with docker's path rules ({@code moby/go-archive} copy.go): a destination directory receives the
 * source by its name; a missing destination takes the source's content under its own name; a
 * trailing {@code /} asserts a directory. {@code -} streams a tar on stdin or stdout.
 */
public final class CopyCommand implements BerthCommand {
    static final Flags FLAGS = new Flags()
            .bool("a", "archive", "Archive mode (copy all uid/gid information)")
            .bool("L", "follow-link", "Always follow symbol link in SRC_PATH")
            .bool("q", "quiet",
                    "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached")
            .args(2);

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(CliContext ctx, Invocation in) throws Exception {
        String source = in.args().get(0);
        String destination = in.args().get(1);
        if (source.isEmpty()) throw new CliException("source can not be empty");
        if (destination.isEmpty()) throw new CliException("destination can not be empty");
        boolean quiet = in.given("quiet") ? in.bool("quiet") : !ctx.streams().outIsTerminal();
        String[] src = split(source);
        String[] dst = split(destination);
        if (src[0] != null && dst[0] != null) throw new CliException("copying between containers is not supported");
        if (src[0] != null) return fromContainer(ctx, src[0], src[1], dst[1], in.bool("follow-link"), quiet);
        if (dst[0] != null) return toContainer(ctx, dst[0], src[1], dst[1], in.bool("follow-link"), in.bool("archive"), quiet);
        throw new CliException("must specify at least one container source");
    }

    /** {@code splitCpArg}: {container or null, path}. */
    static String[] split(String arg) {
        if (arg.startsWith("/")) return new String[] {null, arg};
        int colon = arg.indexOf(':');
        if (colon < 0 || arg.startsWith(".")) return new String[] {null, arg};
        return new String[] {arg.substring(0, colon), arg.substring(colon + 1)};
    }

    private int fromContainer(CliContext ctx, String container, String srcPath, String dstPath, boolean followLink,
                              boolean quiet) throws IOException {
        if (!dstPath.equals("-")) dstPath = resolveLocal(ctx, dstPath);
        validateOutputPath(dstPath);
        String rebaseName = "";
        if (followLink) {
            try {
                ContainerPathStat st = ctx.client().statContainerPath(container, srcPath);
                if (st.isSymlink()) {
                    String target = st.linkTarget();
                    if (!target.startsWith("/")) {
                        target = LocalArchive.clean(LocalArchive.splitPathDirEntry(srcPath)[0] + "/" + target);
                    }
                    String[] r = rebaseName(srcPath, target);
                    srcPath = r[0];
                    rebaseName = r[1];
                }
            } catch (EngineException e) {
                // docker copies the path as given when it cannot stat it
            }
        }
        try (ArchiveResponse archive = ctx.client().getArchive(container, srcPath)) {
            if (dstPath.equals("-")) {
                archive.tar().transferTo(ctx.out());
                ctx.out().flush();
                return 0;
            }
            Counting content = new Counting(archive.tar());
            String srcBase = LocalArchive.splitPathDirEntry(srcPath)[1];
            String firstOld = null;
            String firstNew = null;
            if (!rebaseName.isEmpty()) {
                firstOld = srcBase;
                firstNew = rebaseName;
                srcBase = rebaseName;
            }
            Object[] dstInfo = destinationInfo(dstPath);
            String dstInfoPath = (String) dstInfo[0];
            boolean dstExists = (Boolean) dstInfo[1];
            boolean dstIsDir = (Boolean) dstInfo[2];
            String[] dirBase = LocalArchive.splitPathDirEntry(dstInfoPath);
            String extractTo;
            String oldBase = null;
            String newBase = null;
            boolean srcIsDir = archive.stat().isDirectory();
            if (dstExists && dstIsDir) {
                extractTo = dstInfoPath;
            } else if (dstExists && srcIsDir) {
                throw new CliException("cannot copy directory");
            } else if (dstExists || srcIsDir || !LocalArchive.assertsDirectory(dstInfoPath)) {
                extractTo = dirBase[0];
                oldBase = srcBase;
                newBase = dirBase[1];
            } else {
                throw new CliException("no such directory");
            }
            InputStream tar = firstOld == null ? content : new Renaming(content, firstOld, firstNew);
            try {
                LocalArchive.untar(tar, Path.of(extractTo), oldBase, newBase);
            } catch (IOException e) {
                throw new CliException(e.getMessage());
            }
            if (!quiet) ctx.err().println("Successfully copied " + Units.humanSize(content.count, 3) + " to " + dstPath);
            return 0;
        }
    }

    private int toContainer(CliContext ctx, String container, String srcPath, String dstPath, boolean followLink,
                            boolean copyUidGid, boolean quiet) throws Exception {
        if (!srcPath.equals("-")) srcPath = resolveLocal(ctx, srcPath);
        String dstInfoPath = dstPath;
        ContainerPathStat stat = null;
        try {
            stat = ctx.client().statContainerPath(container, dstPath);
            if (stat.isSymlink()) {
                String target = stat.linkTarget();
                if (!target.startsWith("/")) {
                    target = LocalArchive.clean(LocalArchive.splitPathDirEntry(dstPath)[0] + "/" + target);
                }
                dstInfoPath = target;
                stat = null;
                stat = ctx.client().statContainerPath(container, target);
            }
        } catch (EngineException e) {
            stat = null;
        }
        if (stat != null) {
            if ((stat.mode() & ContainerPathStat.MODE_DEVICE) != 0) {
                throw new CliException("destination \"" + container + ":" + dstPath
                        + "\" must be a directory or a regular file: got a device");
            }
            if ((stat.mode() & ContainerPathStat.MODE_IRREGULAR) != 0) {
                throw new CliException("destination \"" + container + ":" + dstPath
                        + "\" must be a directory or a regular file: got an irregular file");
            }
        }
        boolean dstExists = stat != null;
        boolean dstIsDir = stat != null && stat.isDirectory();
        if (srcPath.equals("-")) {
            if (!dstIsDir) throw new CliException("destination \"" + container + ":" + dstPath + "\" must be a directory");
            ctx.client().putArchive(container, dstInfoPath, ctx.in(), false, copyUidGid);
            return 0;
        }
        String[] resolved = resolveHostSource(srcPath, followLink);
        String resolvedPath = resolved[0];
        String rebaseName = resolved[1];
        boolean srcIsDir;
        try {
            srcIsDir = Files.readAttributes(Path.of(resolvedPath), java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).isDirectory();
        } catch (NoSuchFileException e) {
            throw new CliException("lstat " + resolvedPath + ": no such file or directory");
        }
        String srcBase = LocalArchive.splitPathDirEntry(resolvedPath)[1];
        if (!rebaseName.isEmpty()) srcBase = rebaseName;
        String[] dirBase = LocalArchive.splitPathDirEntry(dstInfoPath);
        String putPath;
        String oldBase = null;
        String newBase = null;
        if (dstExists && dstIsDir) {
            putPath = dstInfoPath;
        } else if (dstExists && srcIsDir) {
            throw new CliException("cannot copy directory");
        } else if (dstExists || srcIsDir || !LocalArchive.assertsDirectory(dstInfoPath)) {
            putPath = dirBase[0];
            oldBase = srcBase;
            newBase = dirBase[1];
        } else {
            throw new CliException("no such directory");
        }
        PipedInputStream pipe = new PipedInputStream(64 * 1024);
        PipedOutputStream sink = new PipedOutputStream(pipe);
        IOException[] failure = new IOException[1];
        String tarPath = resolvedPath;
        String ob = oldBase;
        String nb = newBase;
        Thread writer = new Thread("berth-cp-tar") {
            @Override
            public void run() {
                try (OutputStream out = sink) {
                    LocalArchive.tar(tarPath, rebaseName, ob, nb, out);
                } catch (IOException e) {
                    failure[0] = e;
                }
            }
        };
        writer.setDaemon(true);
        writer.start();
        Counting content = new Counting(pipe);
        try {
            ctx.client().putArchive(container, putPath, content, false, copyUidGid);
        } finally {
            pipe.close();
            writer.join();
        }
        if (failure[0] != null && !(failure[0].getMessage() != null && failure[0].getMessage().contains("Pipe closed"))) {
            throw new CliException(failure[0].getMessage());
        }
        if (!quiet) {
            ctx.err().println("Successfully copied " + Units.humanSize(content.count, 3) + " to " + container + ":" + dstInfoPath);
        }
        return 0;
    }

    /** {@code resolveLocalPath}: absolute, keeping a trailing {@code /} or {@code /.}. */
    private static String resolveLocal(CliContext ctx, String path) {
        String abs = path.startsWith("/") ? LocalArchive.clean(path)
                : LocalArchive.clean(ctx.cwd().toString() + "/" + path);
        return LocalArchive.preserveTrailingDotOrSeparator(abs, path);
    }

    /** {@code command.ValidateOutputPath}. */
    private static void validateOutputPath(String path) {
        String dir = LocalArchive.splitPathDirEntry(LocalArchive.clean(path))[0];
        if (!dir.isEmpty() && !dir.equals(".") && !Files.exists(Path.of(dir))) {
            throw new CliException("invalid output path: directory \"" + dir + "\" does not exist");
        }
        Path p = Path.of(path);
        if (Files.exists(p) && !Files.isDirectory(p) && !Files.isRegularFile(p)) {
            throw new CliException("invalid output path: \"" + path + "\" must be a directory or a regular file: got a device");
        }
    }

    /** {@code CopyInfoDestinationPath}: {path, exists, isDir}, following symlinks at the destination. */
    private static Object[] destinationInfo(String path) {
        String original = path;
        for (int n = 0; ; n++) {
            Path p = Path.of(path);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) break;
            if (!Files.isSymbolicLink(p)) return new Object[] {path, true, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)};
            if (n > 10) throw new CliException("too many symlinks in " + original);
            try {
                String target = Files.readSymbolicLink(p).toString();
                path = target.startsWith("/") ? target
                        : LocalArchive.clean(LocalArchive.splitPathDirEntry(path)[0] + "/" + target);
            } catch (IOException e) {
                throw new CliException(e.getMessage());
            }
        }
        String parent = LocalArchive.splitPathDirEntry(path)[0];
        Path pp = Path.of(parent);
        if (!Files.exists(pp)) throw new CliException("stat " + parent + ": no such file or directory");
        if (!Files.isDirectory(pp)) throw new CliException("not a directory");
        return new Object[] {path, false, false};
    }

    /** {@code ResolveHostSourcePath}: {resolved path, rebase name}. */
    private static String[] resolveHostSource(String path, boolean followLink) throws IOException {
        if (followLink) {
            String resolved;
            try {
                resolved = Path.of(path).toRealPath().toString();
            } catch (NoSuchFileException e) {
                throw new CliException("lstat " + e.getFile() + ": no such file or directory");
            }
            return rebaseName(path, resolved);
        }
        String[] dirBase = LocalArchive.splitPathDirEntry(path);
        String dir;
        try {
            dir = Path.of(dirBase[0]).toRealPath().toString();
        } catch (NoSuchFileException e) {
            throw new CliException("lstat " + e.getFile() + ": no such file or directory");
        }
        String resolved = (dir.equals("/") ? "" : dir) + "/" + dirBase[1];
        String rebase = "";
        if (LocalArchive.hasTrailingSeparator(path) && !LocalArchive.base(path).equals(LocalArchive.base(resolved))) {
            rebase = LocalArchive.base(path);
        }
        return new String[] {resolved, rebase};
    }

    /** {@code GetRebaseName}: {resolved path, rebase name}. */
    private static String[] rebaseName(String path, String resolved) {
        if (LocalArchive.specifiesCurrentDir(path) && !LocalArchive.specifiesCurrentDir(resolved)) resolved += "/.";
        if (LocalArchive.hasTrailingSeparator(path) && !LocalArchive.hasTrailingSeparator(resolved)) resolved += "/";
        String rebase = LocalArchive.base(path).equals(LocalArchive.base(resolved)) ? "" : LocalArchive.base(path);
        return new String[] {resolved, rebase};
    }

    /** Counts the bytes read, for "Successfully copied". */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }

    /** {@code RebaseArchiveEntries} before extraction: a tar with one name part replaced. */
    private static final class Renaming extends InputStream {
        private final PipedInputStream in;

        Renaming(InputStream tar, String oldBase, String newBase) throws IOException {
            in = new PipedInputStream(64 * 1024);
            PipedOutputStream out = new PipedOutputStream(in);
            Thread t = new Thread("berth-cp-rebase") {
                @Override
                public void run() {
                    try (OutputStream o = out; dev.berth.cli.cp.TarWriter w = new dev.berth.cli.cp.TarWriter(o)) {
                        dev.berth.cli.cp.TarReader r = new dev.berth.cli.cp.TarReader(tar);
                        for (dev.berth.cli.cp.TarEntry e; (e = r.next()) != null; ) {
                            String name = replaceFirst(e.name(), oldBase, newBase);
                            String link = e.type() == dev.berth.cli.cp.TarEntry.HARDLINK
                                    ? replaceFirst(e.linkName(), oldBase, newBase) : e.linkName();
                            w.header(e.withName(name, link));
                            if (e.type() == dev.berth.cli.cp.TarEntry.FILE) w.content(r.content());
                        }
                    } catch (IOException e) {
                        // the reader sees the pipe end early
                    }
                }
            };
            t.setDaemon(true);
            t.start();
        }

        private static String replaceFirst(String s, String old, String rep) {
            int i = s.indexOf(old);
            return i < 0 ? s : s.substring(0, i) + rep + s.substring(i + old.length());
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}

package dev.berth.engine.build;

import dev.berth.archive.LayerUnpacker;
import dev.berth.archive.LayerWriter;
import dev.berth.common.EngineException;
import dev.berth.engine.container.ContainerService;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * COPY and ADD as Docker's classic builder does them: sources matched in the context (or another image's root
 * filesystem) with Go's {@code filepath.Match} wildcards, a directory's contents copied into the destination, a file
 * to the destination (or into it when it ends with {@code /} or is a directory), missing parent directories made
 * ({@code 0755}), everything owned by {@code --chown} (root by default), {@code --chmod} applied, times and links
 * kept; ADD unpacks a local tar archive. Files are carried by the safe tar codec, so nothing is written outside the
 * container's root however its links point.
 */
final class Copier {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private Copier() {}

    /** What a COPY's checksum covers of one source: its name, then each path at and below it, in walk order. */
    interface Hashed {
        String name();

        boolean isDirectory();

        void hash(MessageDigest all, byte[] buf) throws IOException;
    }

    /** A source: its name as the Dockerfile matched it (relative to its root) and its file on the host. */
    record Source(String name, Path path) implements Hashed {
        @Override
        public boolean isDirectory() {
            return Files.isDirectory(path, NOFOLLOW);
        }

        @Override
        public void hash(MessageDigest all, byte[] buf) throws IOException {
            try (Stream<Path> tree = Files.walk(path)) {
                for (Path p : tree.sorted().toList()) {
                    Map<String, Object> a = Files.readAttributes(p, "unix:mode,size,isRegularFile,isSymbolicLink", NOFOLLOW);
                    update(all, path.relativize(p) + "\0" + Integer.toOctalString((Integer) a.get("mode")) + "\0");
                    if ((Boolean) a.get("isSymbolicLink")) {
                        update(all, "-> " + Files.readSymbolicLink(p) + "\n");
                    } else if ((Boolean) a.get("isRegularFile")) {
                        update(all, a.get("size") + " " + fileHash(p, buf) + "\n");
                    } else {
                        update(all, "\n");
                    }
                }
            }
        }
    }

    /**
     * The sources of {@code patterns} under {@code root}, in order; a pattern without wildcards must exist.
     *
     * @throws EngineException.InvalidArgument Docker's "file not found in build context" for a missing source
     */
    static List<Source> match(Path root, List<String> patterns, boolean add) throws IOException {
        List<Source> out = new ArrayList<>();
        for (String pattern : patterns) {
            String clean = Path.of("/").resolve(pattern).normalize().toString().substring(1);
            if (!hasWildcards(clean)) {
                Path p = clean.isEmpty() ? root : ContainerService.resolveInRoot(root, clean);
                if (!Files.exists(p, NOFOLLOW)) throw notFound(clean);
                out.add(new Source(clean.isEmpty() ? "." : clean, p));
                continue;
            }
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + clean.replace("{", "\\{").replace("}", "\\}"));
            List<Source> found = new ArrayList<>();
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted().toList()) {
                    if (p.equals(root)) continue;
                    Path rel = root.relativize(p);
                    if (m.matches(rel)) found.add(new Source(rel.toString(), p));
                }
            }
            if (found.isEmpty()) throw notFound(clean);
            out.addAll(found);
        }
        return out;
    }

    /**
     * ADD of a URL, fetched by the daemon as Docker's classic builder does: the file is named after the URL's last
     * path segment, has mode 0600 and the server's Last-Modified time; a failed fetch fails the step.
     */
    static Source download(String url, Path dir) throws IOException {
        java.net.URI uri = java.net.URI.create(url);
        String path = uri.getPath() == null ? "" : uri.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.equals("..") || name.equals(".")) name = "__unnamed__";
        Path file = dir.resolve("url-" + Integer.toHexString(url.hashCode())).resolve(name);
        Files.createDirectories(file.getParent());
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NORMAL).connectTimeout(java.time.Duration.ofSeconds(30)).build()) {
            java.net.http.HttpResponse<Path> r = http.send(java.net.http.HttpRequest.newBuilder(uri).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofFile(file));
            if (r.statusCode() / 100 != 2) {
                throw new EngineException.InvalidArgument("failed to GET " + url + " with status " + r.statusCode());
            }
            Files.setPosixFilePermissions(file, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            r.headers().firstValue("Last-Modified").ifPresent(lm -> {
                try {
                    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(
                            java.time.ZonedDateTime.parse(lm, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
                } catch (IOException | java.time.DateTimeException ignored) {
                    // the download's own time stays
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url, e);
        } catch (IllegalArgumentException e) {
            throw new EngineException.InvalidArgument("invalid URL " + url + ": " + e.getMessage());
        }
        return new Source(name, file);
    }

    static boolean hasWildcards(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    static EngineException notFound(String name) {
        return new EngineException.InvalidArgument("COPY failed: file not found in build context or excluded by .dockerignore: stat "
                + name + ": file does not exist");
    }

    /**
     * The part of a COPY's cache key that stands for its sources ({@code file:<sha256>}, {@code dir:...},
     * {@code multi:...}, as Docker's history text): names, types, permission bits, sizes, contents and link targets
     * of everything copied. Owners and times are left out: the copy gets {@code --chown}'s owner, and times do not
     * make a build differ.
     */
    static String checksum(List<? extends Hashed> sources) throws IOException {
        MessageDigest all = sha256();
        byte[] buf = new byte[64 * 1024];
        for (Hashed s : sources) {
            update(all, "source " + s.name() + "\n");
            s.hash(all, buf);
        }
        String kind = sources.size() > 1 ? "multi" : sources.getFirst().isDirectory() ? "dir" : "file";
        return kind + ":" + HexFormat.of().formatHex(all.digest());
    }

    private static String fileHash(Path p, byte[] buf) throws IOException {
        MessageDigest d = sha256();
        try (InputStream in = Files.newInputStream(p, NOFOLLOW)) {
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    static void update(MessageDigest d, String s) {
        d.update(s.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Where each source goes.
     *
     * @param dest    the destination as written (relative to {@code workdir} unless absolute)
     * @throws EngineException.InvalidArgument several sources and a destination that is not a directory
     */
    static Plan plan(List<Source> sources, String dest, String workdir, int line, boolean add) {
        boolean destIsDir = dest.endsWith("/") || dest.equals(".") || dest.endsWith("/.");
        String abs = Path.of("/").resolve(workdir).resolve(dest).normalize().toString();
        if (sources.size() > 1 && !destIsDir) {
            throw new EngineException.InvalidArgument("When using " + (add ? "ADD" : "COPY")
                    + " with more than one source file, the destination must be a directory and end with a /");
        }
        return new Plan(sources, abs, destIsDir, add);
    }

    record Plan(List<Source> sources, String dest, boolean destIsDir, boolean add) {
        /** Copies into the container root filesystem {@code rootfs}. */
        void apply(Path rootfs, int[] owner, String chmod) throws IOException {
            Integer mode = chmod == null ? null : parseMode(chmod);
            for (Source s : sources) {
                if (Files.isDirectory(s.path(), NOFOLLOW)) {
                    mkdirs(rootfs, dest, owner);
                    copyTree(s.path(), ContainerService.resolveInRoot(rootfs, dest), null, owner, mode);
                } else if (add && isArchive(s.path())) {
                    mkdirs(rootfs, dest, owner);
                    try (InputStream in = decompressed(s.path())) {
                        LayerUnpacker.extracting(new LayerUnpacker.Extraction(false, null)).unpack(in, ContainerService.resolveInRoot(rootfs, dest));
                    }
                } else {
                    boolean intoDir = destIsDir || Files.isDirectory(ContainerService.resolveInRoot(rootfs, dest));
                    String target = intoDir ? dest + "/" + Path.of(s.name()).getFileName() : dest;
                    Path t = Path.of(target);
                    String parent = t.getParent() == null ? "/" : t.getParent().toString();
                    mkdirs(rootfs, parent, owner);
                    copyTree(s.path(), ContainerService.resolveInRoot(rootfs, parent), t.getFileName().toString(), owner, mode);
                }
            }
        }
    }

    /**
     * Copies {@code src} (a file, link or tree) to {@code dir/name} through the safe tar codec; with a null
     * {@code name}, what the directory {@code src} holds into {@code dir} (in one archive: hard links stay links).
     */
    private static void copyTree(Path src, Path dir, String name, int[] owner, Integer mode) throws IOException {
        AtomicReference<IOException> failed = new AtomicReference<>();
        try (PipedInputStream in = new PipedInputStream(256 * 1024)) {
            PipedOutputStream pipe = new PipedOutputStream(in);
            Thread writer = Thread.ofVirtual().start(() -> {
                try (pipe) {
                    if (name == null) LayerWriter.forDirectory().write(src, pipe);
                    else LayerWriter.forDirectory().writeTree(src, name, pipe);
                } catch (IOException e) {
                    failed.set(e);
                }
            });
            LayerUnpacker.extracting(new LayerUnpacker.Extraction(false, owner)).unpack(in, dir);
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (failed.get() != null) throw failed.get();
        if (mode == null) return;
        if (name != null) {
            chmod(dir.resolve(name), mode);
            return;
        }
        try (Stream<Path> children = Files.list(src)) {
            for (Path child : children.toList()) chmod(dir.resolve(child.getFileName().toString()), mode);
        }
    }

    private static void chmod(Path top, int mode) throws IOException {
        try (Stream<Path> tree = Files.walk(top)) {
            for (Path p : tree.toList()) {
                if (!Files.isSymbolicLink(p)) Files.setAttribute(p, "unix:mode", mode, NOFOLLOW);
            }
        }
    }

    private static int parseMode(String chmod) {
        try {
            int m = Integer.parseInt(chmod, 8);
            if (m < 0 || m > 07777) throw new NumberFormatException();
            return m;
        } catch (NumberFormatException e) {
            throw new EngineException.InvalidArgument("invalid chmod parameter: " + chmod + " (an octal mode such as 0755)");
        }
    }

    /**
     * Makes the missing directories of {@code path} in the root filesystem ({@code 0755}, owned by {@code owner});
     * true when it made any.
     */
    static boolean mkdirs(Path rootfs, String path, int[] owner) throws IOException {
        boolean made = false;
        StringBuilder prefix = new StringBuilder();
        for (Path part : Path.of("/").resolve(path).normalize()) {
            prefix.append('/').append(part);
            Path p = ContainerService.resolveInRoot(rootfs, prefix.toString());
            if (Files.isDirectory(p)) continue;
            if (Files.exists(p, NOFOLLOW)) {
                throw new EngineException.InvalidArgument("cannot copy to " + path + ": " + prefix + " is not a directory");
            }
            Files.createDirectory(p);
            Files.setPosixFilePermissions(p, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
            Files.setAttribute(p, "unix:uid", owner[0], NOFOLLOW);
            Files.setAttribute(p, "unix:gid", owner[1], NOFOLLOW);
            made = true;
        }
        return made;
    }

    /** A tar, maybe gzip-compressed (what ADD unpacks; other files are copied as they are). */
    private static boolean isArchive(Path p) throws IOException {
        if (!Files.isRegularFile(p, NOFOLLOW)) return false;
        byte[] head = new byte[512];
        int n;
        try (InputStream in = decompressed(p)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException notGzip) {
            return false;
        }
        return n >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    }

    private static InputStream decompressed(Path p) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(p, NOFOLLOW), 64 * 1024);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return gzip ? new GZIPInputStream(in) : in;
    }
}

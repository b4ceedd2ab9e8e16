package dev.berth.engine.build;

import dev.berth.archive.LayerUnpacker;
import dev.berth.archive.TarIndex;
import dev.berth.common.EngineException;
import dev.berth.engine.container.ContainerService;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * A build's context, kept as the tar it came as (spooled to one file) with its {@link TarIndex}: the Dockerfile is
 * read and COPY sources are matched and hashed from the index, and the tar is unpacked into a directory only when a
 * step needs the files (a COPY that misses the cache, a RUN that binds the context). A fully cached rebuild thus costs
 * one pass over the context, not the creation of each of its files.
 *
 * <p>The index answers only what it can answer exactly as the unpacked directory would: a path through a symbolic
 * link, or an archive naming a path twice, sends the caller to the files ({@link #files}).
 */
final class BuildContext implements AutoCloseable {
    private final Path dir;
    private final Path spool;
    private final TarIndex index;
    /** Every directory the index implies (explicit or above an entry), with its mode on disk (type bits included). */
    private final Map<String, Integer> dirModes = new HashMap<>();
    private final int rootMode;
    private final Set<String> removed = new HashSet<>();
    /** The index answers as the files would: no entry below a non-directory, every hard link to a regular file. */
    private final boolean exact;
    private boolean unpacked;

    private BuildContext(Path dir, Path spool, TarIndex index) throws IOException {
        this.dir = dir;
        this.spool = spool;
        this.index = index;
        this.rootMode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        for (TarIndex.Entry e : index.entries().values()) {
            if (e.type() == TarIndex.Type.DIRECTORY) dirModes.put(e.path(), 040000 | e.mode());
        }
        for (TarIndex.Entry e : index.entries().values()) {
            for (int slash = e.path().lastIndexOf('/'); slash > 0; slash = e.path().lastIndexOf('/', slash - 1)) {
                dirModes.putIfAbsent(e.path().substring(0, slash), 040755); // made by the unpacker with mode 0755
            }
        }
        boolean ok = !index.ambiguous();
        for (TarIndex.Entry e : index.entries().values()) {
            for (int slash = e.path().lastIndexOf('/'); slash > 0; slash = e.path().lastIndexOf('/', slash - 1)) {
                TarIndex.Entry above = index.entries().get(e.path().substring(0, slash));
                if (above != null && above.type() != TarIndex.Type.DIRECTORY) ok = false;
            }
            if (e.type() == TarIndex.Type.HARD_LINK) {
                TarIndex.Entry to = index.entries().get(clean(e.linkName()));
                if (to == null || to.type() != TarIndex.Type.REGULAR) ok = false;
            }
        }
        this.exact = ok;
    }

    /** Receives a context (a tar, maybe gzip-compressed) into {@code dir}, an empty directory, without unpacking it. */
    static BuildContext receive(InputStream tar, Path dir) throws IOException {
        BufferedInputStream in = new BufferedInputStream(tar, 64 * 1024);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        InputStream plain = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 64 * 1024) : in;
        Path files = Files.createDirectories(dir.resolve("files"));
        Path spool = dir.resolve("context.tar");
        TarIndex index;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(spool, StandardOpenOption.CREATE_NEW), 256 * 1024)) {
            index = TarIndex.read(plain, out);
        }
        return new BuildContext(files, spool, index);
    }

    /** The context unpacked (once), without what {@link #remove} took out. */
    synchronized Path files() {
        if (!unpacked) {
            try (InputStream in = Files.newInputStream(spool)) {
                LayerUnpacker.extracting(new LayerUnpacker.Extraction(false, null)).unpack(in, dir);
                for (String name : removed) dev.berth.common.AtomicFiles.deleteTree(ContainerService.resolveInRoot(dir, name));
            } catch (IOException e) {
                throw new EngineException.Unavailable("cannot unpack the build context: " + e.getMessage(), e);
            }
            unpacked = true;
        }
        return dir;
    }

    /** A regular file's content, or empty when there is none at {@code name}. */
    synchronized Optional<byte[]> read(String name) throws IOException {
        Optional<TarIndex.Entry> e = exact ? exact(name) : null;
        if (e == null) {
            Path p = ContainerService.resolveInRoot(files(), name);
            return Files.isRegularFile(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
        }
        if (e.isEmpty() || e.get().type() != TarIndex.Type.REGULAR) return Optional.empty();
        if (e.get().size() > Integer.MAX_VALUE - 16) throw new EngineException.InvalidArgument(name + " is too large");
        ByteBuffer b = ByteBuffer.allocate((int) e.get().size());
        try (FileChannel ch = FileChannel.open(spool)) {
            while (b.hasRemaining()) {
                if (ch.read(b, e.get().contentOffset() + b.position()) < 0) throw new IOException("the spooled context is short");
            }
        }
        return Optional.of(b.array());
    }

    /** Takes a file or directory out of the context (dockerd's removal of an ignored Dockerfile). */
    synchronized void remove(String name) {
        String clean = clean(name);
        if (clean.isEmpty()) return;
        removed.add(clean);
        if (unpacked) dev.berth.common.AtomicFiles.deleteTree(ContainerService.resolveInRoot(dir, clean));
    }

    /**
     * COPY's sources for {@code patterns} as {@link Copier#match} would find them in the unpacked context, to be
     * hashed from the index; null when the index cannot tell (a link on the way, a path named twice).
     *
     * @throws EngineException.InvalidArgument a source that is not there
     */
    synchronized List<Copier.Hashed> sources(List<String> patterns) {
        if (!exact) return null;
        List<Copier.Hashed> out = new ArrayList<>();
        for (String pattern : patterns) {
            String clean = clean(pattern);
            if (!Copier.hasWildcards(clean)) {
                Optional<TarIndex.Entry> e = exact(clean);
                if (e == null || (e.isPresent() && e.get().type() == TarIndex.Type.SYMLINK)) return null; // followed on disk
                if (!clean.isEmpty() && e.isEmpty() && !dirModes.containsKey(clean)) throw Copier.notFound(clean);
                out.add(new Indexed(clean.isEmpty() ? "." : clean, clean));
                continue;
            }
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + clean.replace("{", "\\{").replace("}", "\\}"));
            List<Path> found = new ArrayList<>();
            for (String p : allPaths()) {
                if (m.matches(Path.of(p))) found.add(Path.of(p));
            }
            if (found.isEmpty()) throw Copier.notFound(clean);
            found.stream().sorted().forEach(p -> out.add(new Indexed(p.toString(), p.toString())));
        }
        return out;
    }

    @Override
    public void close() {
        dev.berth.common.AtomicFiles.deleteTree(dir.getParent());
    }

    /** Every path there is (entries and implied directories), minus the removed ones. */
    private Set<String> allPaths() {
        Set<String> all = new HashSet<>(dirModes.keySet());
        all.addAll(index.entries().keySet());
        all.removeIf(this::isRemoved);
        return all;
    }

    /**
     * The entry at {@code clean}: empty when nothing (or a directory only implied) is there, null when the way there
     * passes a symbolic link, which the files must answer.
     */
    private Optional<TarIndex.Entry> exact(String name) {
        String clean = clean(name);
        if (clean.isEmpty()) return Optional.empty();
        for (int slash = clean.indexOf('/'); slash > 0; slash = clean.indexOf('/', slash + 1)) {
            TarIndex.Entry above = index.entries().get(clean.substring(0, slash));
            if (above != null && above.type() != TarIndex.Type.DIRECTORY) return null;
        }
        if (isRemoved(clean)) return Optional.empty();
        return Optional.ofNullable(index.entries().get(clean));
    }

    private boolean isRemoved(String path) {
        for (String r : removed) {
            if (path.equals(r) || path.startsWith(r + "/")) return true;
        }
        return false;
    }

    private static String clean(String name) {
        return Path.of("/").resolve(name).normalize().toString().substring(1);
    }

    /** A source matched in the index: hashed as {@link Copier#checksum} hashes the same files on disk. */
    private final class Indexed implements Copier.Hashed {
        private final String name;
        private final String path;

        Indexed(String name, String path) {
            this.name = name;
            this.path = path;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean isDirectory() {
            return path.isEmpty() || dirModes.containsKey(path) && !index.entries().containsKey(path)
                    || index.entries().get(path).type() == TarIndex.Type.DIRECTORY;
        }

        @Override
        public void hash(MessageDigest all, byte[] buf) {
            List<Path> tree = new ArrayList<>();
            tree.add(Path.of(""));
            if (isDirectory()) {
                for (String p : allPaths()) {
                    if (path.isEmpty() || p.startsWith(path + "/")) tree.add(Path.of(path.isEmpty() ? p : p.substring(path.length() + 1)));
                }
            }
            tree.sort(null);
            for (Path rel : tree) {
                String full = rel.toString().isEmpty() ? path : path.isEmpty() ? rel.toString() : path + "/" + rel;
                TarIndex.Entry e = full.isEmpty() ? null : index.entries().get(full);
                if (e != null && e.type() == TarIndex.Type.HARD_LINK) e = index.entries().get(clean(e.linkName()));
                int mode = e == null ? (full.isEmpty() ? rootMode : dirModes.get(full)) : switch (e.type()) {
                    case REGULAR, HARD_LINK -> 0100000 | e.mode();
                    case DIRECTORY -> 040000 | e.mode();
                    case SYMLINK -> 0120777;
                    case FIFO -> 010000 | e.mode();
                    case CHAR_DEVICE -> 020000 | e.mode();
                    case BLOCK_DEVICE -> 060000 | e.mode();
                };
                Copier.update(all, rel + "\0" + Integer.toOctalString(mode) + "\0");
                if (e != null && e.type() == TarIndex.Type.SYMLINK) {
                    Copier.update(all, "-> " + e.linkName() + "\n");
                } else if (e != null && e.type() == TarIndex.Type.REGULAR) {
                    Copier.update(all, e.size() + " " + e.sha256() + "\n");
                } else {
                    Copier.update(all, "\n");
                }
            }
        }
    }
}

package dev.berth.archive;

import dev.berth.common.EngineException;
import dev.berth.common.linux.ErrnoException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Unpacks an uncompressed layer tar into a directory, safely for hostile input: no entry can write,
 * link, change or remove anything outside the directory ({@code ..} components and entries under a
 * symbolic link are refused, absolute names are taken relative to the root, hard links must point
 * at an existing non-directory inside it). Owners (numeric), modes with setuid/setgid/sticky, times
 * (directories last), xattrs ({@code SCHILY.xattr.*}), devices, fifos, hard and symbolic links are
 * kept; {@code trusted.overlay.*} xattrs in the archive are dropped.
 *
 * <p>Whiteouts are either {@linkplain #forOverlayLower() turned into overlayfs form} (the directory
 * becomes an overlay lower dir; the root must be empty) or {@linkplain #flattening() applied} (named
 * files are deleted, for building one flat root file system by unpacking layers in order).
 *
 * <p>The whole stream is read, trailing padding included, and hashed: the result's digest is the
 * layer's diff id. Errors are {@link EngineException}s: {@code InvalidArgument} naming the entry for
 * a bad or hostile archive, {@code Unavailable} when the stream or the disk fails. On error the root
 * holds a partial tree; unpack into a scratch directory and delete it on failure.
 */
public final class LayerUnpacker {

    /** Apply whiteouts (delete what they name) instead of turning them into overlayfs whiteouts. */
    private final boolean flatten;
    /** Extraction into a live tree ({@code docker cp}); null for layers. */
    private final Extraction extraction;

    /**
     * How {@link #extracting} treats what is already there and who owns what it writes.
     *
     * @param noOverwriteDirNonDir refuse to replace a directory with a non-directory and vice versa
     * @param owner {uid, gid} every entry is given instead of the archive's owners; null keeps the archive's
     */
    public record Extraction(boolean noOverwriteDirNonDir, int[] owner) {}

    private LayerUnpacker(boolean flatten, Extraction extraction) {
        this.flatten = flatten;
        this.extraction = extraction;
    }

    /** Unpacks into an empty directory, turning whiteouts into overlayfs whiteouts and opaque xattrs. */
    public static LayerUnpacker forOverlayLower() {
        return new LayerUnpacker(false, null);
    }

    /** Unpacks over an existing tree, deleting what the layer's whiteouts name (the layers below are in the tree). */
    public static LayerUnpacker flattening() {
        return new LayerUnpacker(true, null);
    }

    /**
     * Extracts an archive into an existing directory, as {@code docker cp} does: like {@link #flattening()},
     * with Docker's {@code noOverwriteDirNonDir} check and optional owners (see {@link Extraction}).
     */
    public static LayerUnpacker extracting(Extraction extraction) {
        return new LayerUnpacker(true, extraction);
    }

    /** Reads {@code uncompressedTar} to its end and unpacks it into {@code root}, an existing directory. */
    public UnpackResult unpack(InputStream uncompressedTar, Path root) {
        if (extraction == null) return unpackLayer(uncompressedTar, root);
        try {
            return unpackLayer(uncompressedTar, root);
        } catch (EngineException.InvalidArgument e) { // the messages speak of layers; a copy is no layer
            String m = e.getMessage().replace("layer entry", "archive entry").replace("layer tar", "tar archive")
                    .replace("unpack layer", "extract archive").replace("the layer root", "the destination directory")
                    .replace("in the layer", "in the archive").replace("refusing the layer", "refusing the archive");
            throw new EngineException.InvalidArgument(m, e);
        }
    }

    private UnpackResult unpackLayer(InputStream uncompressedTar, Path root) {
        Path base = checkRoot(root);
        Sha256InputStream in = new Sha256InputStream(new BufferedInputStream(uncompressedTar, 128 * 1024));
        TarReader reader = new TarReader(in);
        UnpackRun run = new UnpackRun(new RootedTree(base), flatten, extraction);
        String entryName = "";
        try {
            TarEntry entry;
            while ((entry = reader.next()) != null) {
                entryName = entry.name();
                run.apply(entry, reader.content());
            }
            entryName = "";
            run.finish();
            in.drain();
        } catch (EngineException e) {
            throw e;
        } catch (IOException e) {
            throw writeFailure(entryName, base, e);
        } catch (InvalidPathException e) {
            throw new EngineException.InvalidArgument("layer entry '" + TarReader.printable(entryName)
                    + "' has a name this system cannot use: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new EngineException.InvalidArgument("cannot unpack layer entry '" + TarReader.printable(entryName)
                    + "' (at byte " + reader.offset() + "): " + e, e);
        }
        return new UnpackResult(in.hex(), in.count(), run.contentBytes());
    }

    private Path checkRoot(Path root) {
        try {
            Path real = root.toRealPath(); // the caller's own path: links in it are trusted
            if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                throw new EngineException.FailedPrecondition("cannot unpack a layer into " + root + ": not a directory");
            }
            if (!flatten) {
                try (Stream<Path> s = Files.list(real)) {
                    if (s.findAny().isPresent()) {
                        throw new EngineException.FailedPrecondition("cannot unpack a layer for overlayfs into "
                                + root + ": the directory is not empty");
                    }
                }
            }
            return real;
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot use " + root + " to unpack a layer: " + e.getMessage(), e);
        }
    }

    /** A disk that is full, read-only or failing is the system's problem; anything else was asked for by the archive. */
    private static EngineException writeFailure(String entry, Path root, IOException e) {
        String where = entry.isEmpty() ? "" : " entry '" + TarReader.printable(entry) + "'";
        String msg = String.valueOf(e.getMessage());
        boolean system = (e instanceof ErrnoException x && (x.errno() == 5 || x.errno() == 12 || x.errno() == 28
                || x.errno() == 30 || x.errno() == 122))
                || Stream.of("No space left on device", "Disk quota exceeded", "Read-only file system",
                        "Input/output error").anyMatch(msg::contains);
        if (system) {
            return new EngineException.Unavailable("cannot unpack layer" + where + " into " + root + ": " + msg, e);
        }
        return new EngineException.InvalidArgument("cannot unpack layer" + where + ": " + msg, e);
    }
}

package dev.berth.snapshot.overlay;

import dev.berth.archive.LayerUnpacker;
import dev.berth.archive.UnpackResult;
import dev.berth.common.AtomicFiles;
import dev.berth.common.EngineException;
import dev.berth.oci.Digest;
import dev.berth.oci.OciJson;
import dev.berth.snapshot.Layer;
import dev.berth.snapshot.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@link LayerStore} whose layers are directories ready to be overlayfs lower dirs.
 *
 * <p>Layout: {@code <root>/<chain id hex>/diff/} (the unpacked layer, whiteouts in overlayfs form)
 * and {@code <root>/<chain id hex>/layer.json} (diff id, parent, size). A register unpacks into
 * {@code <root>/tmp/<random>/}, writes and syncs {@code layer.json}, then renames the whole
 * directory into place: a layer directory exists complete or not at all, whenever the daemon
 * dies. {@link #recover()} deletes what is left in {@code tmp/}. Removal renames a layer into
 * {@code tmp/} before deleting it, so a half-deleted layer is never visible either.
 */
public final class OverlayLayerStore implements LayerStore {
    private static final Pattern HEX = Pattern.compile("[a-f0-9]{64}");
    private static final String METADATA = "layer.json";
    private static final int MAX_CHAIN = 1000;

    private final Path root;
    private final Path tmp;
    private final ConcurrentHashMap<Digest, Object> registering = new ConcurrentHashMap<>();

    /** What {@code layer.json} holds. */
    private record LayerJson(Digest chainId, Digest diffId, Digest parent, long size) {}

    /** Opens (creating if needed) a store under {@code root}. */
    public OverlayLayerStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot create the layer store at " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Layer register(Optional<Digest> parent, Digest diffId, InputStream uncompressedTar) {
        Digest chainId = LayerStore.chainId(parent, diffId);
        Optional<Layer> existing = get(chainId);
        if (existing.isPresent()) return existing.get();
        if (parent.isPresent() && get(parent.get()).isEmpty()) {
            throw new EngineException.NotFound("cannot register layer " + diffId + ": its parent layer " + parent.get()
                    + " is not in the layer store");
        }
        Object lock = registering.computeIfAbsent(chainId, k -> new Object());
        synchronized (lock) { // one unpack per chain id in this process; the rename below covers other processes
            try {
                existing = get(chainId);
                if (existing.isPresent()) return existing.get();
                return unpack(chainId, parent, diffId, uncompressedTar);
            } finally {
                registering.remove(chainId, lock);
            }
        }
    }

    private Layer unpack(Digest chainId, Optional<Digest> parent, Digest diffId, InputStream tar) {
        Path work;
        try {
            work = Files.createTempDirectory(tmp, "register-");
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot create a scratch directory in " + tmp + ": " + e.getMessage(), e);
        }
        try {
            Path diff = Files.createDirectory(work.resolve("diff"));
            UnpackResult result = LayerUnpacker.forOverlayLower().unpack(tar, diff);
            Digest actual = new Digest(result.sha256Hex());
            if (!actual.equals(diffId)) {
                throw new EngineException.InvalidArgument("layer content does not match its diff id: expected " + diffId
                        + ", the " + result.tarBytes() + " bytes read hash to " + actual);
            }
            AtomicFiles.write(work.resolve(METADATA),
                    OciJson.write(new LayerJson(chainId, diffId, parent.orElse(null), result.contentBytes())));
            AtomicFiles.syncDirectory(work);
            Path target = layerDir(chainId);
            try {
                Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Optional<Layer> raced = get(chainId); // another process registered it first: same content, use theirs
                if (raced.isPresent()) return raced.get();
                throw e;
            }
            AtomicFiles.syncDirectory(root);
            return new Layer(chainId, diffId, parent, result.contentBytes(), target.resolve("diff"));
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot store layer " + diffId + " in " + root + ": " + e.getMessage(), e);
        } finally {
            if (Files.exists(work)) deleteQuietly(work);
        }
    }

    @Override
    public Optional<Layer> get(Digest chainId) {
        Path dir = layerDir(chainId);
        Path json = dir.resolve(METADATA);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(json);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot read " + json + ": " + e.getMessage(), e);
        }
        LayerJson meta;
        try {
            meta = OciJson.read(bytes, LayerJson.class, "layer metadata");
        } catch (EngineException.InvalidArgument e) {
            throw damaged(json, dir, e.getMessage(), e);
        }
        if (meta.diffId() == null || !chainId.equals(meta.chainId())
                || !chainId.equals(LayerStore.chainId(Optional.ofNullable(meta.parent()), meta.diffId()))) {
            throw damaged(json, dir, "its chain id, diff id and parent do not agree", null);
        }
        return Optional.of(new Layer(chainId, meta.diffId(), Optional.ofNullable(meta.parent()), meta.size(),
                dir.resolve("diff")));
    }

    @Override
    public List<Layer> list() {
        List<Layer> layers = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.sorted().toList()) {
                String name = d.getFileName().toString();
                if (HEX.matcher(name).matches()) get(new Digest(name)).ifPresent(layers::add);
            }
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot list layers in " + root + ": " + e.getMessage(), e);
        }
        return List.copyOf(layers);
    }

    @Override
    public void remove(Digest chainId) {
        if (get(chainId).isEmpty()) return;
        for (Layer l : list()) {
            if (l.parent().equals(Optional.of(chainId))) {
                throw new EngineException.FailedPrecondition("cannot remove layer " + chainId + ": layer " + l.chainId()
                        + " is built on it; remove that one first");
            }
        }
        Path doomed;
        try {
            doomed = Files.createTempDirectory(tmp, "remove-").resolve("layer");
            Files.move(layerDir(chainId), doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return; // removed meanwhile
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot remove layer " + chainId + ": " + e.getMessage(), e);
        }
        AtomicFiles.syncDirectory(root);
        deleteQuietly(doomed.getParent()); // if this fails, recover() finishes it
    }

    @Override
    public void recover() {
        try (Stream<Path> leftovers = Files.list(tmp)) {
            for (Path p : leftovers.toList()) AtomicFiles.deleteTree(p);
        } catch (IOException | UncheckedIOException e) {
            throw new EngineException.Unavailable("cannot clean " + tmp + ": " + e.getMessage(), e);
        }
    }

    /**
     * The diff dirs of {@code chainId} and all layers below it, top first, for an overlay mount.
     *
     * @throws EngineException.NotFound if the layer or one below it is missing
     */
    public OverlayChain chain(Digest chainId) {
        List<Path> dirs = new ArrayList<>();
        Optional<Digest> next = Optional.of(chainId);
        while (next.isPresent()) {
            Digest id = next.get();
            Layer layer = get(id).orElseThrow(() -> new EngineException.NotFound("layer " + id
                    + (id.equals(chainId) ? "" : " (below " + chainId + ")") + " is not in the layer store"));
            dirs.add(layer.diffDir());
            if (dirs.size() > MAX_CHAIN) throw damaged(layerDir(chainId), layerDir(chainId), "its chain does not end", null);
            next = layer.parent();
        }
        return new OverlayChain(dirs);
    }

    private Path layerDir(Digest chainId) {
        return root.resolve(chainId.hex());
    }

    private static EngineException damaged(Path file, Path dir, String why, Throwable cause) {
        return new EngineException.DataCorruption("layer metadata " + file + " is damaged (" + why + "); remove "
                + dir + " and pull the images that use it again", cause);
    }

    private static void deleteQuietly(Path p) {
        try {
            AtomicFiles.deleteTree(p);
        } catch (UncheckedIOException ignored) {
            // left in tmp/: recover() deletes it at the next start
        }
    }
}

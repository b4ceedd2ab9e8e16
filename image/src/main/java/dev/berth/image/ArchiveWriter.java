package dev.berth.image;

import dev.berth.common.EngineException;
import dev.berth.content.Provider;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Descriptor.Platform;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageRef;
import dev.berth.oci.Index;
import dev.berth.oci.Manifest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.OciJson;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes {@code docker save} archives that Docker 20.10, Docker 25+ and OCI tools all read, laid
 * out as Docker 25 does:
 * <pre>
 * blobs/sha256/&lt;config-hex&gt;     the config bytes, verbatim (so the image id survives)
 * blobs/sha256/&lt;diff-id-hex&gt;    each layer as an uncompressed tar (stored gzip/zstd blobs are
 *                               decompressed on the fly and checked against the diff id)
 * blobs/sha256/&lt;manifest-hex&gt;   an OCI manifest per image
 * index.json                    OCI index: one descriptor per name (io.containerd.image.name,
 *                               org.opencontainers.image.ref.name), one bare one per unnamed image
 * manifest.json                 docker-archive: Config, RepoTags, Layers per image
 * oci-layout                    {"imageLayoutVersion":"1.0.0"}
 * repositories                  legacy name → tag → top layer, when anything is named
 * </pre>
 * Entries come in lexical order with fixed owner, modes and time 0, so the same images and names
 * always give the same bytes.
 */
final class ArchiveWriter {
    static final String REPOSITORIES = "repositories";
    private static final String OCI_LAYOUT_CONTENT = "{\"imageLayoutVersion\":\"1.0.0\"}";

    /** One image to save and the names to save it under. */
    record SavedImage(Image image, List<ImageRef> tags) {}

    /** What goes into one {@code blobs/sha256/<hex>} file. */
    private sealed interface Blob {
        long size();
    }

    private record Bytes(byte[] bytes) implements Blob {
        public long size() { return bytes.length; }
    }

    private record StoredBlob(Descriptor descriptor) implements Blob {
        public long size() { return descriptor.size(); }
    }

    private record LayerTar(ImageLayer layer, long size) implements Blob {}

    private final Provider content;

    ArchiveWriter(Provider content) {
        this.content = content;
    }

    void write(List<SavedImage> images, OutputStream out) throws IOException {
        TreeMap<String, Blob> blobs = new TreeMap<>();
        List<Map<String, Object>> manifest = new ArrayList<>();
        Map<String, Map<String, String>> repositories = new TreeMap<>();
        List<Descriptor> index = new ArrayList<>();

        for (SavedImage saved : images) {
            Image image = saved.image();
            blobs.put(image.id().hex(), new StoredBlob(image.configBlob()));
            List<String> layerPaths = new ArrayList<>();
            List<Descriptor> layerDescriptors = new ArrayList<>();
            for (ImageLayer layer : image.layers()) {
                Blob blob = blobs.computeIfAbsent(layer.diffId().hex(), k -> new LayerTar(layer, tarSize(layer)));
                layerPaths.add(blobPath(layer.diffId()));
                layerDescriptors.add(new Descriptor(MediaTypes.OCI_LAYER, layer.diffId(), blob.size()));
            }
            Platform platform = platform(image.config());
            byte[] ociManifest = OciJson.write(new Manifest(2, MediaTypes.OCI_MANIFEST,
                    new Descriptor(MediaTypes.OCI_CONFIG, image.id(), image.configBlob().size()), layerDescriptors, null));
            Digest manifestDigest = Digest.of(ociManifest);
            blobs.put(manifestDigest.hex(), new Bytes(ociManifest));

            Map<String, Object> item = new LinkedHashMap<>();
            item.put("Config", blobPath(image.id()));
            item.put("RepoTags", saved.tags().isEmpty() ? null : saved.tags().stream().map(ImageRef::familiar).toList());
            item.put("Layers", layerPaths);
            manifest.add(item);

            Descriptor manifestDescriptor = new Descriptor(MediaTypes.OCI_MANIFEST, manifestDigest, ociManifest.length,
                    null, null, platform);
            if (saved.tags().isEmpty()) index.add(manifestDescriptor);
            for (ImageRef tag : saved.tags()) {
                index.add(manifestDescriptor.withAnnotations(Map.of(
                        OciLayoutReader.CONTAINERD_NAME, tag.toString(), OciLayoutReader.OCI_REF_NAME, tag.tag())));
                if (!image.layers().isEmpty()) {
                    repositories.computeIfAbsent(tag.familiarName(), k -> new TreeMap<>())
                            .put(tag.tag(), image.layers().getLast().diffId().hex());
                }
            }
        }

        TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosing(out), StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        directory(tar, "blobs/");
        directory(tar, "blobs/sha256/");
        for (var e : blobs.entrySet()) {
            String name = "blobs/sha256/" + e.getKey();
            switch (e.getValue()) {
                case Bytes b -> file(tar, name, b.bytes());
                case StoredBlob s -> {
                    try (InputStream in = content.open(s.descriptor())) {
                        copy(tar, name, s.size(), in);
                    }
                }
                case LayerTar l -> layer(tar, name, l);
            }
        }
        file(tar, OciLayoutReader.INDEX, OciJson.write(new Index(2, MediaTypes.OCI_INDEX, index, null)));
        file(tar, DockerArchiveReader.MANIFEST, withNewline(OciJson.write(manifest)));
        file(tar, OciLayoutReader.LAYOUT, OCI_LAYOUT_CONTENT.getBytes(StandardCharsets.UTF_8));
        if (!repositories.isEmpty()) file(tar, REPOSITORIES, withNewline(OciJson.write(repositories)));
        tar.finish();
        tar.flush();
    }

    private long tarSize(ImageLayer layer) {
        return layer.tarSize() >= 0 ? layer.tarSize() : LayerUnpacker.tarSize(content, layer);
    }

    /** Streams a layer as its uncompressed tar and proves it is the tar its diff id names. */
    private void layer(TarArchiveOutputStream tar, String name, LayerTar l) throws IOException {
        ImageLayer layer = l.layer();
        Compression compression = Compression.ofLayerMediaType(layer.blob().mediaType());
        try (InputStream raw = content.open(layer.blob()); InputStream in = compression.decompress(raw)) {
            CountingInputStream counting = new CountingInputStream(in);
            tar.putArchiveEntry(entry(name, l.size()));
            long copied = counting.transferTo(new BoundedOutput(tar, l.size(), name));
            if (copied != l.size() || !counting.digest().equals(layer.diffId())) {
                throw new EngineException.DataCorruption("layer blob " + layer.blob().digest()
                        + " does not decompress to its diff id " + layer.diffId() + " (got " + counting.digest() + ", "
                        + copied + " bytes); the stored image is damaged, remove and load or pull it again", null);
            }
            tar.closeArchiveEntry();
        }
    }

    private static void copy(TarArchiveOutputStream tar, String name, long size, InputStream in) throws IOException {
        tar.putArchiveEntry(entry(name, size));
        long copied = in.transferTo(new BoundedOutput(tar, size, name));
        if (copied != size) {
            throw new EngineException.DataCorruption("blob " + name + " has " + copied + " bytes, expected " + size, null);
        }
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        tar.putArchiveEntry(entry(name, bytes.length));
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_DIR);
        normalise(e, 040755);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String name, long size) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        normalise(e, 0100644);
        return e;
    }

    private static void normalise(TarArchiveEntry e, int mode) {
        e.setMode(mode);
        e.setModTime(0);
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("");
        e.setGroupName("");
    }

    private static String blobPath(Digest d) {
        return "blobs/sha256/" + d.hex();
    }

    private static Platform platform(ImageConfig c) {
        String arch = c.architecture() == null || c.architecture().isEmpty() ? "amd64" : c.architecture();
        String os = c.os() == null || c.os().isEmpty() ? "linux" : c.os();
        return new Platform(arch, os, c.osVersion(), c.variant());
    }

    private static byte[] withNewline(byte[] json) {
        byte[] b = java.util.Arrays.copyOf(json, json.length + 1);
        b[json.length] = '\n';
        return b;
    }

    /** Refuses to write past a tar entry's declared size, with a message that names the blob. */
    private static final class BoundedOutput extends FilterOutputStream {
        private final long limit;
        private final String name;
        private long written;

        BoundedOutput(OutputStream out, long limit, String name) {
            super(out);
            this.limit = limit;
            this.name = name;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (written + len > limit) {
                throw new EngineException.DataCorruption(name + " is larger than the " + limit
                        + " bytes recorded for it; the stored image is damaged", null);
            }
            written += len;
            out.write(b, off, len);
        }

        @Override
        public void close() {
            // the tar stream stays open for the next entry
        }
    }

    /** Lets the tar stream finish without closing the caller's stream. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}

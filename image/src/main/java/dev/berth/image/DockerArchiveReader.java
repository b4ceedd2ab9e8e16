package dev.berth.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.common.EngineException;
import dev.berth.content.ContentStore;
import dev.berth.content.Info;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageRef;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The images of a docker-archive ({@code docker save}): {@code manifest.json} lists, per image, its
 * config file, tags and layer files. Docker 20.10 writes {@code <hex>.json} and {@code <id>/layer.tar};
 * Docker 25+ writes {@code blobs/sha256/<hex>} for both; other tools use other names, so paths are
 * taken as the manifest gives them. A layer file is a tar (its digest must be the diff id, checked
 * here), gzip or zstd (checked when it is unpacked), or bzip2 or xz (decompressed into a plain blob
 * here, which checks it).
 */
final class DockerArchiveReader {
    static final String MANIFEST = "manifest.json";

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ManifestItem(@JsonProperty("Config") String config, @JsonProperty("RepoTags") List<String> repoTags,
                        @JsonProperty("Layers") List<String> layers) {}

    private final SpooledArchive archive;
    private final ContentStore content;

    DockerArchiveReader(SpooledArchive archive, ContentStore content) {
        this.archive = archive;
        this.content = content;
    }

    static boolean accepts(SpooledArchive archive) {
        return archive.metadata(MANIFEST).isPresent();
    }

    List<ImageCandidate> read() {
        ManifestItem[] items = OciJson.read(archive.metadata(MANIFEST).orElseThrow(), ManifestItem[].class, MANIFEST);
        if (items == null) throw new EngineException.InvalidArgument("invalid manifest.json: manifest cannot be null");
        List<ImageCandidate> images = new ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            ManifestItem item = items[i];
            String what = "manifest.json entry " + (i + 1);
            if (item == null || item.config() == null || item.config().isEmpty()) {
                throw new EngineException.InvalidArgument("invalid manifest.json: " + what + " has no Config");
            }
            images.add(read(item, what));
        }
        return images;
    }

    private ImageCandidate read(ManifestItem item, String what) {
        SpooledArchive.File configFile = archive.file(item.config()).orElseThrow(() -> missing(item.config(), what));
        byte[] configBytes = content.readAll(configFile.digest(), OciJson.MAX_DOCUMENT_BYTES);
        String configWhat = "image config " + item.config();
        ImageConfig config = ImageCandidate.parseConfig(configBytes, configWhat);
        List<String> layerPaths = item.layers() == null ? List.of() : item.layers();
        ImageCandidate.checkLayerCount(config, layerPaths.size(), configWhat);

        List<ImageCandidate.Layer> layers = new ArrayList<>();
        for (int i = 0; i < layerPaths.size(); i++) {
            String path = layerPaths.get(i);
            if (path == null) throw new EngineException.InvalidArgument("invalid manifest.json: " + what + " has a null layer");
            SpooledArchive.File file = archive.file(path).orElseThrow(() -> missing(path, what));
            layers.add(layer(path, file, config.diffIds().get(i)));
        }
        List<ImageRef> tags = new ArrayList<>();
        for (String tag : item.repoTags() == null ? List.<String>of() : item.repoTags()) {
            ImageRef ref = parseTag(tag);
            if (!tags.contains(ref)) tags.add(ref);
        }
        Descriptor configBlob = new Descriptor(MediaTypes.DOCKER_CONFIG, configFile.digest(), configFile.size());
        return new ImageCandidate(configBlob, config, layers, tags);
    }

    private ImageCandidate.Layer layer(String path, SpooledArchive.File file, Digest diffId) {
        Compression compression = Compression.detect(head(file.digest()));
        return switch (compression) {
            case NONE -> {
                if (!file.digest().equals(diffId)) {
                    throw new EngineException.InvalidArgument("invalid archive: layer " + path + " does not match the image"
                            + " config: its content is " + file.digest() + " but the config's diff id is " + diffId);
                }
                yield new ImageCandidate.Layer(new Descriptor(MediaTypes.OCI_LAYER, file.digest(), file.size()), diffId);
            }
            case GZIP, ZSTD -> new ImageCandidate.Layer(
                    new Descriptor(compression.ociLayerMediaType(), file.digest(), file.size()), diffId);
            case BZIP2, XZ -> {
                try (InputStream in = compression.decompress(content.open(file.digest()))) {
                    Info plain = content.write(in, -1, diffId);
                    yield new ImageCandidate.Layer(new Descriptor(MediaTypes.OCI_LAYER, diffId, plain.size()), diffId);
                } catch (EngineException.InvalidArgument e) {
                    throw new EngineException.InvalidArgument("invalid archive: layer " + path
                            + " does not decompress to the config's diff id " + diffId, e);
                } catch (IOException e) {
                    throw new EngineException.InvalidArgument("invalid archive: cannot decompress layer " + path
                            + ": " + e.getMessage(), e);
                }
            }
        };
    }

    private byte[] head(Digest blob) {
        try (InputStream in = content.open(blob)) {
            return in.readNBytes(Compression.MAGIC_LENGTH);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ImageRef parseTag(String tag) {
        ImageRef ref;
        try {
            ref = ImageRef.parseNamed(tag);
        } catch (EngineException.InvalidArgument e) {
            throw new EngineException.InvalidArgument("invalid tag \"" + tag + "\" in manifest.json: " + e.getMessage(), e);
        }
        if (ref.tag() == null || ref.digest() != null) {
            throw new EngineException.InvalidArgument("invalid tag \"" + tag + "\" in manifest.json: want name:tag");
        }
        return ref;
    }

    private static EngineException.InvalidArgument missing(String path, String what) {
        return new EngineException.InvalidArgument("invalid archive: " + path + " (named by " + what
                + ") is missing from the archive");
    }
}

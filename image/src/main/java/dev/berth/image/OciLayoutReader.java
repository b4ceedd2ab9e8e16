package dev.berth.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.berth.common.EngineException;
import dev.berth.content.ContentStore;
import dev.berth.content.Info;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Descriptor.Platform;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageRef;
import dev.berth.oci.Index;
import dev.berth.oci.Manifest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.OciJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The images of an OCI image layout archive: {@code oci-layout}, {@code index.json} and
 * {@code blobs/sha256/<hex>} (whose digests {@link ArchiveSpool} has checked). Each manifest named
 * by the index becomes an image; a nested index contributes the manifest for this machine's
 * platform; attestation manifests are skipped. Names come from the descriptor's
 * {@code io.containerd.image.name} annotation, or from {@code org.opencontainers.image.ref.name}
 * when that is a whole reference (a bare tag such as {@code latest} names nothing).
 */
final class OciLayoutReader {
    static final String INDEX = "index.json";
    static final String LAYOUT = "oci-layout";
    static final String CONTAINERD_NAME = "io.containerd.image.name";
    static final String OCI_REF_NAME = "org.opencontainers.image.ref.name";
    private static final String REFERENCE_TYPE = "vnd.docker.reference.type";
    private static final int MAX_INDEX_DEPTH = 4;

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Layout(String imageLayoutVersion) {}

    private final SpooledArchive archive;
    private final ContentStore content;
    private final Platform platform;

    OciLayoutReader(SpooledArchive archive, ContentStore content, Platform platform) {
        this.archive = archive;
        this.content = content;
        this.platform = platform;
    }

    static boolean accepts(SpooledArchive archive) {
        return archive.metadata(INDEX).isPresent();
    }

    List<ImageCandidate> read() {
        archive.metadata(LAYOUT).ifPresent(bytes -> {
            Layout layout = OciJson.read(bytes, Layout.class, LAYOUT);
            String v = layout == null ? null : layout.imageLayoutVersion();
            if (v == null || !v.startsWith("1.")) {
                throw new EngineException.InvalidArgument("unsupported OCI layout version " + v + " in oci-layout (want 1.0.0)");
            }
        });
        Index index = OciJson.read(archive.metadata(INDEX).orElseThrow(), Index.class, INDEX);
        if (index == null) throw new EngineException.InvalidArgument("invalid index.json: it is null");
        Map<Digest, ImageCandidate> images = new LinkedHashMap<>();
        for (Descriptor d : index.manifests()) {
            if (isAttestation(d)) continue;
            Optional<ImageRef> name = name(d);
            ImageCandidate image = image(manifestFor(d, 0), "manifest " + d.digest());
            images.merge(image.id(), image.withMoreTags(name.stream().toList()),
                    (a, b) -> a.withMoreTags(b.tags()));
        }
        return List.copyOf(images.values());
    }

    /** Follows nested indexes down to the image manifest for this platform. */
    private Descriptor manifestFor(Descriptor d, int depth) {
        if (MediaTypes.isManifest(d.mediaType())) return d;
        if (!MediaTypes.isIndex(d.mediaType())) {
            throw new EngineException.InvalidArgument("unsupported media type " + d.mediaType() + " for " + d.digest()
                    + " in the OCI layout (want an image manifest or index)");
        }
        if (depth >= MAX_INDEX_DEPTH) {
            throw new EngineException.InvalidArgument("invalid OCI layout: indexes nested deeper than " + MAX_INDEX_DEPTH);
        }
        Index nested = OciJson.read(blob(d), Index.class, "index " + d.digest());
        List<Descriptor> candidates = nested.manifests().stream().filter(m -> !isAttestation(m)).toList();
        Descriptor chosen = candidates.stream().filter(m -> matches(m.platform())).findFirst()
                .or(() -> candidates.size() == 1 && candidates.getFirst().platform() == null
                        ? Optional.of(candidates.getFirst()) : Optional.empty())
                .orElseThrow(() -> new EngineException.InvalidArgument("index " + d.digest()
                        + " has no image for " + platform.os() + "/" + platform.architecture()));
        return manifestFor(chosen, depth + 1);
    }

    private ImageCandidate image(Descriptor manifestDescriptor, String what) {
        Manifest manifest = OciJson.read(blob(manifestDescriptor), Manifest.class, what);
        if (manifest == null) throw new EngineException.InvalidArgument("invalid " + what + ": it is null");
        Descriptor configDescriptor = manifest.config();
        byte[] configBytes = blob(configDescriptor);
        String configWhat = "image config " + configDescriptor.digest();
        ImageConfig config = ImageCandidate.parseConfig(configBytes, configWhat);
        ImageCandidate.checkLayerCount(config, manifest.layers().size(), configWhat);
        List<ImageCandidate.Layer> layers = new ArrayList<>();
        for (int i = 0; i < manifest.layers().size(); i++) {
            Descriptor layer = manifest.layers().get(i);
            checkLayerMediaType(layer);
            checkBlob(layer);
            layers.add(new ImageCandidate.Layer(layer, config.diffIds().get(i)));
        }
        return new ImageCandidate(configDescriptor, config, layers, List.of());
    }

    private Optional<ImageRef> name(Descriptor d) {
        String containerd = d.annotations().get(CONTAINERD_NAME);
        if (containerd != null && !containerd.isEmpty()) return tagged(containerd);
        String refName = d.annotations().get(OCI_REF_NAME);
        if (refName != null && (refName.contains("/") || refName.contains(":") || refName.contains("@"))) {
            return tagged(refName);
        }
        return Optional.empty();
    }

    /** The tagged name of a reference; a digest-only reference gives no tag. */
    private static Optional<ImageRef> tagged(String name) {
        try {
            ImageRef ref = ImageRef.parse(name);
            if (ref.tag() == null) return Optional.empty();
            return Optional.of(new ImageRef(ref.domain(), ref.path(), ref.tag(), null));
        } catch (EngineException.InvalidArgument e) {
            throw new EngineException.InvalidArgument("invalid image name \"" + name + "\" in index.json: "
                    + e.getMessage(), e);
        }
    }

    private boolean matches(Platform p) {
        return p != null && platform.os().equals(p.os()) && platform.architecture().equals(p.architecture())
                && (p.variant() == null || platform.variant() == null || p.variant().equals(platform.variant()));
    }

    private static boolean isAttestation(Descriptor d) {
        return d.annotations().containsKey(REFERENCE_TYPE)
                || (d.platform() != null && "unknown".equals(d.platform().os()));
    }

    /** Accepts the layer media types berth can unpack: plain, gzip and zstd tars, Docker's and OCI's. */
    static void checkLayerMediaType(Descriptor layer) {
        String t = layer.mediaType();
        boolean ok = MediaTypes.OCI_LAYER.equals(t) || MediaTypes.OCI_LAYER_GZIP.equals(t)
                || MediaTypes.OCI_LAYER_ZSTD.equals(t) || MediaTypes.DOCKER_LAYER.equals(t)
                || MediaTypes.DOCKER_LAYER_GZIP.equals(t) || MediaTypes.DOCKER_FOREIGN_LAYER_GZIP.equals(t)
                || "application/vnd.oci.image.layer.nondistributable.v1.tar".equals(t)
                || "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip".equals(t)
                || "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd".equals(t);
        if (!ok) {
            throw new EngineException.InvalidArgument("unsupported layer media type " + t + " for " + layer.digest());
        }
    }

    /** A blob the layout names must be in the archive (or already stored) with the size its descriptor says. */
    private void checkBlob(Descriptor d) {
        Info info = content.info(d.digest()).orElseThrow(() -> new EngineException.InvalidArgument(
                "invalid archive: blob " + d.digest() + " (" + d.mediaType() + ") is missing from the archive"));
        if (info.size() != d.size()) {
            throw new EngineException.InvalidArgument("invalid archive: blob " + d.digest() + " has " + info.size()
                    + " bytes but its descriptor says " + d.size());
        }
    }

    private byte[] blob(Descriptor d) {
        checkBlob(d);
        return content.readAll(d.digest(), OciJson.MAX_DOCUMENT_BYTES);
    }
}

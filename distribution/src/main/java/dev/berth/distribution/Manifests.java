package dev.berth.distribution;

import dev.berth.common.EngineException;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Descriptor.Platform;
import dev.berth.oci.Digest;
import dev.berth.oci.Index;
import dev.berth.oci.Manifest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.OciJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Manifest documents as they travel: recognising their type, choosing a platform, making one to push. */
final class Manifests {
    static final String SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
    static final String SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    /** What a pull accepts, as dockerd and containerd send it. */
    static final String ACCEPT = String.join(", ", MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST,
            MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX);

    private Manifests() {}

    /** A fetched manifest or index: its bytes, its digest (computed) and its media type. */
    record Fetched(byte[] bytes, Digest digest, String mediaType) {}

    /**
     * The media type of a document: the {@code Content-Type} the registry sent when it is one we
     * know, else the document's own {@code mediaType}, else its shape.
     */
    static String mediaType(String contentType, byte[] bytes, String what) {
        String ct = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (known(ct)) return ct;
        com.fasterxml.jackson.databind.JsonNode json;
        try {
            json = Session.json(bytes);
        } catch (IOException e) {
            throw new EngineException.InvalidArgument("invalid " + what + ": not JSON: " + firstLine(e.getMessage()), e);
        }
        if (json == null || !json.isObject()) throw new EngineException.InvalidArgument("invalid " + what + ": not a JSON object");
        String mt = json.path("mediaType").asText("");
        if (known(mt)) return mt;
        if (json.path("schemaVersion").asInt() == 1) return SCHEMA1;
        if (json.has("manifests")) return MediaTypes.OCI_INDEX;
        if (json.has("config")) return MediaTypes.OCI_MANIFEST;
        throw new EngineException.InvalidArgument("invalid " + what + ": unknown media type " + (mt.isEmpty() ? ct : mt));
    }

    private static boolean known(String mt) {
        return MediaTypes.isIndex(mt) || MediaTypes.isManifest(mt) || mt.equals(SCHEMA1) || mt.equals(SCHEMA1_SIGNED);
    }

    static Index index(Fetched f, String what) {
        return OciJson.read(f.bytes(), Index.class, what);
    }

    static Manifest manifest(Fetched f, String what) {
        if (f.mediaType().equals(SCHEMA1) || f.mediaType().equals(SCHEMA1_SIGNED)) {
            throw new EngineException.InvalidArgument(what + " is a Docker image manifest schema 1, which is no longer supported;"
                    + " push the image again with a recent client");
        }
        Manifest m = OciJson.read(f.bytes(), Manifest.class, what);
        for (Descriptor l : m.layers()) {
            String mt = l.mediaType();
            if (mt != null && !mt.contains("layer") && !mt.contains("rootfs")) {
                throw new EngineException.InvalidArgument(what + " has a layer of media type " + mt + ", which is not an image layer");
            }
        }
        return m;
    }

    /** dockerd's platform matcher: same os and architecture, and the variant when one is asked for. */
    static Descriptor choose(Index index, Platform want) {
        String wantVariant = normalVariant(want.architecture(), want.variant());
        Descriptor fallback = null;
        for (Descriptor d : index.manifests()) {
            Platform p = d.platform();
            if (p == null || !MediaTypes.isManifest(d.mediaType() == null ? MediaTypes.OCI_MANIFEST : d.mediaType())) continue;
            if (!want.os().equals(p.os()) || !want.architecture().equals(p.architecture())) continue;
            String variant = normalVariant(p.architecture(), p.variant());
            if (wantVariant == null || wantVariant.equals(variant)) {
                if (wantVariant != null || variant == null) return d;
                if (fallback == null) fallback = d;
            }
        }
        if (fallback != null) return fallback;
        throw new EngineException.NotFound("no matching manifest for " + want.os() + "/" + want.architecture()
                + (wantVariant == null ? "" : "/" + wantVariant) + " in the manifest list entries");
    }

    private static String normalVariant(String arch, String variant) {
        if (variant == null || variant.isEmpty()) return null;
        if (arch.equals("arm64") && variant.equals("v8")) return null;
        return variant;
    }

    /**
     * The manifest to push for an image: Docker schema 2 (as dockerd pushes), or an OCI manifest
     * when a layer is zstd, which schema 2 cannot say.
     */
    static Fetched forPush(Descriptor config, List<Descriptor> layers) {
        boolean oci = layers.stream().anyMatch(l -> MediaTypes.isZstdLayer(l.mediaType()));
        List<Descriptor> out = new ArrayList<>();
        for (Descriptor l : layers) {
            String mt = l.mediaType();
            String type;
            if (MediaTypes.isZstdLayer(mt)) type = MediaTypes.OCI_LAYER_ZSTD;
            else if (MediaTypes.isGzipLayer(mt)) type = oci ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.DOCKER_LAYER_GZIP;
            else type = oci ? MediaTypes.OCI_LAYER : MediaTypes.DOCKER_LAYER;
            out.add(new Descriptor(type, l.digest(), l.size()));
        }
        String type = oci ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST;
        Descriptor cfg = new Descriptor(oci ? MediaTypes.OCI_CONFIG : MediaTypes.DOCKER_CONFIG, config.digest(), config.size());
        byte[] bytes = OciJson.write(new Manifest(2, type, cfg, out, null));
        return new Fetched(bytes, Digest.of(bytes), type);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

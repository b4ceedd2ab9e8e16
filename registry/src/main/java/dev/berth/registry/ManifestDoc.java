package dev.berth.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A manifest as the registry checks it before storing it: an image manifest (OCI or Docker schema2) or an index
 * (OCI index or Docker manifest list), with what it references. The bytes themselves are stored as they came.
 *
 * @param mediaType    the manifest's type: its {@code mediaType} field, else the request's Content-Type, else
 *                     guessed from its shape (as the CNCF registry does for OCI documents without one)
 * @param blobs        an image manifest's config and layers (empty for an index)
 * @param manifests    an index's manifests (empty for an image manifest)
 * @param subject      the {@code subject} descriptor's digest, or null
 * @param artifactType what the referrers API reports: {@code artifactType}, else an image manifest's config type
 * @param annotations  the manifest's annotations (for the referrers API), never null
 */
record ManifestDoc(String mediaType, List<Ref> blobs, List<Ref> manifests, Digest subject, String artifactType,
                   ObjectNode annotations) {

    /** A descriptor's digest and size; {@code external} for foreign layers (with {@code urls}) that need not be here. */
    record Ref(Digest digest, long size, String mediaType, boolean external, JsonNode platform) {}

    static final Set<String> TYPES = Set.of(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST);

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    boolean isIndex() {
        return MediaTypes.isIndex(mediaType);
    }

    /** The manifest type without parameters, lower case; empty for none. */
    static String baseType(String contentType) {
        if (contentType == null) return "";
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Checks a pushed manifest's structure.
     *
     * @throws RegistryError MANIFEST_INVALID saying what is wrong
     */
    static ManifestDoc parse(String contentType, byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("manifest is not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw invalid("manifest is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) throw invalid("manifest is not a JSON object");
        JsonNode version = root.get("schemaVersion");
        if (version == null || !version.isIntegralNumber()) throw invalid("manifest has no schemaVersion");
        if (version.asInt() == 1) throw invalid("schema 1 manifests are not supported; push with a client that sends schema 2");
        if (version.asInt() != 2) throw invalid("unsupported manifest schemaVersion " + version);

        String declared = optionalString(root, "mediaType");
        String type = baseType(contentType);
        if (declared != null) {
            if (TYPES.contains(type) && !type.equals(declared)) {
                throw invalid("manifest mediaType " + declared + " does not match its Content-Type " + type);
            }
            type = declared;
        } else if (!TYPES.contains(type)) {
            type = root.has("manifests") ? MediaTypes.OCI_INDEX : root.has("config") ? MediaTypes.OCI_MANIFEST : type;
        }
        if (!TYPES.contains(type)) {
            throw invalid("unsupported manifest media type '" + Names.shorten(type) + "' (want one of "
                    + String.join(", ", TYPES.stream().sorted().toList()) + ")");
        }

        List<Ref> blobs = new ArrayList<>();
        List<Ref> manifests = new ArrayList<>();
        String artifactType = optionalString(root, "artifactType");
        if (MediaTypes.isIndex(type)) {
            for (JsonNode d : array(root, "manifests")) manifests.add(descriptor(d, "manifests"));
        } else {
            JsonNode config = root.get("config");
            if (config == null) throw invalid("image manifest has no config");
            Ref c = descriptor(config, "config");
            blobs.add(c);
            for (JsonNode d : array(root, "layers")) blobs.add(descriptor(d, "layers"));
            if (artifactType == null || artifactType.isEmpty()) artifactType = c.mediaType();
        }
        Digest subject = null;
        JsonNode s = root.get("subject");
        if (s != null && !s.isNull()) subject = descriptor(s, "subject").digest();
        JsonNode annotations = root.get("annotations");
        if (annotations != null && !annotations.isNull() && !annotations.isObject()) throw invalid("annotations is not an object");
        return new ManifestDoc(type, List.copyOf(blobs), List.copyOf(manifests), subject,
                artifactType == null || artifactType.isEmpty() ? null : artifactType,
                annotations instanceof ObjectNode o ? o : JSON.createObjectNode());
    }

    private static Iterable<JsonNode> array(JsonNode root, String field) {
        JsonNode a = root.get(field);
        if (a == null || a.isNull()) return List.of();
        if (!a.isArray()) throw invalid(field + " is not an array");
        return a;
    }

    private static Ref descriptor(JsonNode d, String where) {
        if (!d.isObject()) throw invalid("a descriptor in " + where + " is not an object");
        String mediaType = optionalString(d, "mediaType");
        if (mediaType == null || mediaType.isEmpty()) throw invalid("a descriptor in " + where + " has no mediaType");
        JsonNode digest = d.get("digest");
        if (digest == null || !digest.isTextual()) throw invalid("a descriptor in " + where + " has no digest");
        if (!Digest.isDigest(digest.asText())) {
            throw invalid("unsupported digest '" + Names.shorten(digest.asText()) + "' in " + where + " (only sha256 is)");
        }
        JsonNode size = d.get("size");
        if (size == null || !size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
            throw invalid("a descriptor in " + where + " has no valid size");
        }
        JsonNode urls = d.get("urls");
        boolean external = urls != null && urls.isArray() && !urls.isEmpty();
        return new Ref(Digest.parse(digest.asText()), size.asLong(), mediaType, external, d.get("platform"));
    }

    private static String optionalString(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw invalid(field + " is not a string");
        return v.asText();
    }

    private static RegistryError invalid(String message) {
        return new RegistryError(ErrorCode.MANIFEST_INVALID, message);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The referrers API's descriptor of this manifest. */
    Map<String, Object> referrerDescriptor(Digest digest, long size) {
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", digest.toString());
        d.put("size", size);
        if (artifactType != null) d.put("artifactType", artifactType);
        if (!annotations.isEmpty()) d.put("annotations", annotations);
        return d;
    }
}

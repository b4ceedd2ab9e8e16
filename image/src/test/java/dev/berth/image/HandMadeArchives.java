package dev.berth.image;

import dev.berth.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Image archives written by hand, byte for byte as Docker 20.10 ({@code <id>/layer.tar}), Docker 25
 * ({@code blobs/sha256/...} plus OCI files) and OCI tools lay them out, independently of berth's own writer.
 */
final class HandMadeArchives {
    private HandMadeArchives() {}

    /** An archive's entries (in tar order), its config bytes and its uncompressed layers. */
    record Archive(Map<String, byte[]> entries, byte[] config, List<byte[]> layers) {
        byte[] archive() {
            return tar(entries);
        }

        Digest id() {
            return Digest.of(config);
        }

        Map<String, byte[]> copyOfEntries() {
            return new LinkedHashMap<>(entries);
        }
    }

    static byte[] tar(Map<String, byte[]> entries) {
        TarBuilder t = new TarBuilder();
        entries.forEach((name, bytes) -> {
            if (bytes == null) t.dir(name); else t.file(name, bytes);
        });
        return t.build();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<byte[]> layers(String seed, int n) {
        List<byte[]> layers = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            layers.add(new TarBuilder().dir("layer" + i).file("layer" + i + "/file", seed + " layer " + i + "\n")
                    .file("layer" + i + "/big", (seed + i).repeat(2000)).build());
        }
        return layers;
    }

    /** A config as Docker writes it (Go field order, container_config, an empty-layer step after layer 1). */
    static byte[] config(List<byte[]> layers) {
        String diffIds = layers.stream().map(l -> "\"" + Digest.of(l) + "\"").collect(Collectors.joining(","));
        StringBuilder history = new StringBuilder();
        for (int i = 1; i <= layers.size(); i++) {
            if (i > 1) history.append(',');
            history.append("{\"created\":\"2024-01-0").append(i).append("T00:00:00Z\",\"created_by\":\"/bin/sh -c #(nop) ADD file:")
                    .append(i).append("\"}");
            if (i == 1) {
                history.append(",{\"created\":\"2024-01-01T00:00:01Z\",\"created_by\":\"/bin/sh -c #(nop)  ENV X=1\","
                        + "\"empty_layer\":true}");
            }
        }
        String containerConfig = "{\"Hostname\":\"abc\",\"Domainname\":\"\",\"User\":\"\",\"AttachStdin\":false,"
                + "\"AttachStdout\":false,\"AttachStderr\":false,\"Tty\":false,\"OpenStdin\":false,\"StdinOnce\":false,"
                + "\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\"X=1\"],"
                + "\"Cmd\":[\"sh\"],\"Image\":\"sha256:0123\",\"Volumes\":null,\"WorkingDir\":\"\",\"Entrypoint\":null,"
                + "\"OnBuild\":null,\"Labels\":{}}";
        return utf8("{\"architecture\":\"amd64\",\"config\":" + containerConfig + ",\"container\":\"abc\","
                + "\"container_config\":" + containerConfig + ",\"created\":\"2024-01-02T00:00:00.123456789Z\","
                + "\"docker_version\":\"20.10.24\",\"history\":[" + history + "],\"os\":\"linux\","
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]}}");
    }

    /** Docker 20.10's {@code docker save}: v1 directories with layer.tar, json and VERSION, config as {@code <hex>.json}. */
    static Archive docker2010(String tag, int n) {
        return docker2010(tag, n, false);
    }

    static Archive docker2010(String tag, int n, boolean gzipLayers) {
        return docker2010(tag, layers(tag, n), gzipLayers);
    }

    /** Docker 20.10's layout around the given uncompressed layers. */
    static Archive docker2010(String tag, List<byte[]> layers, boolean gzipLayers) {
        int n = layers.size();
        byte[] config = config(layers);
        Map<String, byte[]> entries = new TreeMap<>();
        List<String> layerPaths = new ArrayList<>();
        String parent = "";
        for (int i = 0; i < n; i++) {
            String v1 = Digest.of(utf8("v1 " + tag + i)).hex();
            entries.put(v1 + "/VERSION", utf8("1.0"));
            entries.put(v1 + "/json", utf8("{\"id\":\"" + v1 + "\"" + (parent.isEmpty() ? "" : ",\"parent\":\"" + parent + "\"")
                    + ",\"created\":\"1970-01-01T00:00:00Z\",\"container_config\":{\"Cmd\":null}}"));
            entries.put(v1 + "/layer.tar", gzipLayers ? TarBuilder.gzip(layers.get(i)) : layers.get(i));
            layerPaths.add(v1 + "/layer.tar");
            parent = v1;
        }
        String configName = Digest.of(config).hex() + ".json";
        entries.put(configName, config);
        String name = tag.contains(":") ? tag.substring(0, tag.lastIndexOf(':')) : tag;
        String t = tag.contains(":") ? tag.substring(tag.lastIndexOf(':') + 1) : "latest";
        entries.put("manifest.json", utf8("[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"" + tag + "\"],\"Layers\":["
                + layerPaths.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(",")) + "]}]\n"));
        entries.put("repositories", utf8("{\"" + name + "\":{\"" + t + "\":\"" + parent + "\"}}\n"));
        return new Archive(new LinkedHashMap<>(entries), config, layers);
    }

    /**
     * An OCI image layout (no manifest.json), the way containerd and buildx export it.
     *
     * @param annotations of the index.json descriptor
     * @param nested put the manifest behind a multi-platform index (amd64, arm64 and an attestation)
     */
    static Archive oci(Map<String, String> annotations, int n, boolean gzipLayers, boolean nested) {
        List<byte[]> layers = layers("oci" + annotations.hashCode(), n);
        byte[] config = config(layers);
        Map<String, byte[]> blobs = new TreeMap<>();
        StringBuilder layerDescriptors = new StringBuilder();
        for (byte[] layer : layers) {
            byte[] blob = gzipLayers ? TarBuilder.gzip(layer) : layer;
            blobs.put("blobs/sha256/" + Digest.of(blob).hex(), blob);
            if (!layerDescriptors.isEmpty()) layerDescriptors.append(',');
            layerDescriptors.append(descriptor(gzipLayers ? "application/vnd.oci.image.layer.v1.tar+gzip"
                    : "application/vnd.oci.image.layer.v1.tar", blob, ""));
        }
        blobs.put("blobs/sha256/" + Digest.of(config).hex(), config);
        byte[] manifest = utf8("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":" + descriptor("application/vnd.oci.image.config.v1+json", config, "")
                + ",\"layers\":[" + layerDescriptors + "]}");
        blobs.put("blobs/sha256/" + Digest.of(manifest).hex(), manifest);
        String annotationJson = annotations.isEmpty() ? "" : ",\"annotations\":{" + annotations.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"").collect(Collectors.joining(",")) + "}";
        String top;
        if (nested) {
            byte[] other = utf8("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"config\":" + descriptor("application/vnd.oci.image.config.v1+json", utf8("{}"), "")
                    + ",\"layers\":[]}");
            byte[] index = utf8("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                    + descriptor("application/vnd.oci.image.manifest.v1+json", other,
                            ",\"platform\":{\"architecture\":\"" + otherArch() + "\",\"os\":\"linux\"}") + ","
                    + descriptor("application/vnd.oci.image.manifest.v1+json", manifest,
                            ",\"platform\":{\"architecture\":\"" + ImportOptions.hostPlatform().architecture()
                                    + "\",\"os\":\"linux\"}") + ","
                    + descriptor("application/vnd.oci.image.manifest.v1+json", other,
                            ",\"platform\":{\"architecture\":\"unknown\",\"os\":\"unknown\"},\"annotations\":"
                                    + "{\"vnd.docker.reference.type\":\"attestation-manifest\"}") + "]}");
            blobs.put("blobs/sha256/" + Digest.of(index).hex(), index);
            top = descriptor("application/vnd.oci.image.index.v1+json", index, annotationJson);
        } else {
            top = descriptor("application/vnd.oci.image.manifest.v1+json", manifest, annotationJson);
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("oci-layout", utf8("{\"imageLayoutVersion\":\"1.0.0\"}"));
        entries.put("index.json", utf8("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":[" + top + "]}"));
        entries.putAll(blobs);
        return new Archive(entries, config, layers);
    }

    private static String otherArch() {
        return ImportOptions.hostPlatform().architecture().equals("amd64") ? "arm64" : "amd64";
    }

    private static String descriptor(String mediaType, byte[] blob, String extra) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + Digest.of(blob) + "\",\"size\":" + blob.length + extra + "}";
    }
}

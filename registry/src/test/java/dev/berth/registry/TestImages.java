package dev.berth.registry;

import dev.berth.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Blobs and manifests for tests. */
final class TestImages {
    private TestImages() {}

    record Blob(byte[] bytes, Digest digest) {
        static Blob of(String text) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            return new Blob(b, Digest.of(b));
        }
    }

    /** An OCI image manifest of a config and layers, with an optional subject. */
    static byte[] manifest(Blob config, List<Blob> layers, Digest subject, long subjectSize) {
        StringBuilder sb = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",");
        sb.append("\"config\":").append(desc("application/vnd.oci.image.config.v1+json", config)).append(",\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(desc("application/vnd.oci.image.layer.v1.tar+gzip", layers.get(i)));
        }
        sb.append(']');
        if (subject != null) {
            sb.append(",\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"")
                    .append(subject).append("\",\"size\":").append(subjectSize).append('}');
        }
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] manifest(Blob config, Blob... layers) {
        return manifest(config, List.of(layers), null, 0);
    }

    static String desc(String mediaType, Blob b) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + b.digest() + "\",\"size\":" + b.bytes().length + "}";
    }
}

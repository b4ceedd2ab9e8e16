package dev.berth.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** An OCI content descriptor: what a blob is, where to find it, how big it is. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Descriptor(String mediaType, Digest digest, long size, List<String> urls,
                         Map<String, String> annotations, Platform platform) {
    public Descriptor {
        if (digest == null) throw new IllegalArgumentException("descriptor without digest");
        if (size < 0) throw new IllegalArgumentException("descriptor with negative size");
        urls = urls == null ? List.of() : List.copyOf(urls);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, null, null);
    }

    public Descriptor withAnnotations(Map<String, String> a) {
        return new Descriptor(mediaType, digest, size, urls, a, platform);
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Platform(String architecture, String os,
                           @com.fasterxml.jackson.annotation.JsonProperty("os.version") String osVersion,
                           String variant) {
        public static Platform linuxAmd64() {
            return new Platform("amd64", "linux", null, null);
        }
    }
}

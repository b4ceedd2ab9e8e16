package dev.berth.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An image configuration (OCI image config, which Docker's is a superset of). The stored bytes of
 * a config are its identity (the image id is their sha256), so this record is for reading and for
 * writing new configs; a loaded config is never re-serialised.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageConfig(
        String architecture,
        String os,
        @JsonProperty("os.version") String osVersion,
        String variant,
        String created,
        String author,
        String comment,
        String parent,
        String container,
        @JsonProperty("docker_version") String dockerVersion,
        ContainerConfig config,
        @JsonProperty("container_config") ContainerConfig containerConfig,
        RootFs rootfs,
        List<History> history) {

    public ImageConfig {
        history = history == null ? List.of() : List.copyOf(history);
    }

    public List<Digest> diffIds() {
        return rootfs == null ? List.of() : rootfs.diffIds();
    }

    public ImageConfig withConfig(ContainerConfig c) {
        return new ImageConfig(architecture, os, osVersion, variant, created, author, comment, parent, container,
                dockerVersion, c, containerConfig, rootfs, history);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RootFs(String type, @JsonProperty("diff_ids") List<Digest> diffIds) {
        public RootFs {
            diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
        }

        public static RootFs layers(List<Digest> diffIds) {
            return new RootFs("layers", diffIds);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record History(String created, @JsonProperty("created_by") String createdBy, String author,
                          String comment, @JsonProperty("empty_layer") Boolean emptyLayer) {
        public boolean isEmptyLayer() {
            return Boolean.TRUE.equals(emptyLayer);
        }
    }
}

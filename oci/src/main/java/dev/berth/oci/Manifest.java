package dev.berth.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** An image manifest: OCI ({@link MediaTypes#OCI_MANIFEST}) or Docker schema2 ({@link MediaTypes#DOCKER_MANIFEST}). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Manifest(int schemaVersion, String mediaType, Descriptor config, List<Descriptor> layers,
                       Map<String, String> annotations) {
    public Manifest {
        if (schemaVersion != 2) throw new dev.berth.common.EngineException.InvalidArgument(
                "unsupported manifest schemaVersion " + schemaVersion + " (want 2)");
        if (config == null) throw new dev.berth.common.EngineException.InvalidArgument("manifest has no config");
        layers = layers == null ? List.of() : List.copyOf(layers);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }
}

package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** {@code GET /system/df}. Containers, volumes and build cache are generic rows until those subsystems exist. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SystemDf(@JsonProperty("LayersSize") long layersSize,
                       @JsonProperty("Images") List<ImageSummary> images,
                       @JsonProperty("Containers") List<Map<String, Object>> containers,
                       @JsonProperty("Volumes") List<Map<String, Object>> volumes,
                       @JsonProperty("BuildCache") List<Map<String, Object>> buildCache) {}

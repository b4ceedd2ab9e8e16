package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** A volume ({@code GET /volumes/{name}}, an item of {@code GET /volumes}); Labels and Options null when empty, as dockerd sends. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VolumeResource(
        @JsonProperty("CreatedAt") String createdAt,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Mountpoint") String mountpoint,
        @JsonProperty("Name") String name,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Scope") String scope) {

    /** {@code GET /volumes}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ListResponse(@JsonProperty("Volumes") java.util.List<VolumeResource> volumes,
                               @JsonProperty("Warnings") java.util.List<String> warnings) {}

    /** {@code POST /volumes/create}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CreateRequest(@JsonProperty("Name") String name, @JsonProperty("Driver") String driver,
                                @JsonProperty("DriverOpts") Map<String, String> driverOpts,
                                @JsonProperty("Labels") Map<String, String> labels) {}

    /** {@code POST /volumes/prune}: the names removed (null when none) and the bytes freed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PruneReport(@JsonProperty("VolumesDeleted") java.util.List<String> volumesDeleted,
                              @JsonProperty("SpaceReclaimed") long spaceReclaimed) {}
}

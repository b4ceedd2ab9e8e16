package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One item of {@code GET /containers/json}. {@code Names} carry a leading slash ({@code /web});
 * {@code Created} is in Unix seconds; {@code State} is created, running, paused, restarting,
 * removing, exited or dead and {@code Status} the human form ("Up 2 hours", "Exited (3) 5 weeks ago").
 * {@code SizeRw}/{@code SizeRootFs} are present only when asked for with {@code size=1}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerSummary(
        @JsonProperty("Id") String id,
        @JsonProperty("Names") List<String> names,
        @JsonProperty("Image") String image,
        @JsonProperty("ImageID") String imageId,
        @JsonProperty("Command") String command,
        @JsonProperty("Created") long created,
        @JsonProperty("Ports") List<Port> ports,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("SizeRw") Long sizeRw,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("SizeRootFs") Long sizeRootFs,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("State") String state,
        @JsonProperty("Status") String status,
        @JsonProperty("HostConfig") SummaryHostConfig hostConfig,
        @JsonProperty("NetworkSettings") SummaryNetworkSettings networkSettings,
        @JsonProperty("Mounts") List<MountPoint> mounts) {

    /** The one host setting a list shows. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SummaryHostConfig(@JsonProperty("NetworkMode") String networkMode) {}

    /** The networks the container is attached to, by name. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SummaryNetworkSettings(@JsonProperty("Networks") Map<String, EndpointSettings> networks) {}
}

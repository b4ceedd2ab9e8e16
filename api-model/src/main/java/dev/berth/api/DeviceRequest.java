package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** A request for devices from a device driver ({@code HostConfig.DeviceRequests} item, e.g. GPUs); Count -1 is all. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeviceRequest(@JsonProperty("Driver") String driver,
                            @JsonProperty("Count") Integer count,
                            @JsonProperty("DeviceIDs") List<String> deviceIds,
                            @JsonProperty("Capabilities") List<List<String>> capabilities,
                            @JsonProperty("Options") Map<String, String> options) {}

package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code HostConfig.RestartPolicy}: {@code Name} is "", "no", "always", "unless-stopped" or "on-failure". */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestartPolicy(@JsonProperty("Name") String name,
                            @JsonProperty("MaximumRetryCount") Integer maximumRetryCount) {}

package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** The networks a new container joins, by network name or id ({@code "default"} is the daemon's default network). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkingConfig(@JsonProperty("EndpointsConfig") Map<String, EndpointSettings> endpointsConfig) {}

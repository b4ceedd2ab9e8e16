package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code HostConfig.LogConfig}: the logging driver ("" for the daemon's default) and its options. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LogConfig(@JsonProperty("Type") String type, @JsonProperty("Config") Map<String, String> config) {}

package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A per-device block IO weight ({@code BlkioWeightDevice} item), 10 to 1000. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WeightDevice(@JsonProperty("Path") String path, @JsonProperty("Weight") int weight) {}

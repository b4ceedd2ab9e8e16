package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A per-device IO limit ({@code BlkioDeviceReadBps} and friends): bytes or IO operations per second. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ThrottleDevice(@JsonProperty("Path") String path, @JsonProperty("Rate") long rate) {}

package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A container's health check ({@code HealthConfig} in the API): {@code Test} is {@code ["NONE"]},
 * {@code ["CMD", args...]} or {@code ["CMD-SHELL", command]}; durations are in nanoseconds, 0 meaning
 * "inherit". Absent values are null.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HealthConfig(
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Test") List<String> test,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Interval") Long interval,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Timeout") Long timeout,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("StartPeriod") Long startPeriod,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("StartInterval") Long startInterval,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Retries") Integer retries) {}

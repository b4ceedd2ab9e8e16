package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A resource limit ({@code HostConfig.Ulimits} item), e.g. {@code nofile} 1024:2048; -1 means unlimited. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Ulimit(@JsonProperty("Name") String name, @JsonProperty("Hard") long hard,
                     @JsonProperty("Soft") long soft) {}

package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The 201 answer of {@code POST /containers/create}: the new id and warnings (an empty list, not null, when none). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerCreateResponse(@JsonProperty("Id") String id, @JsonProperty("Warnings") List<String> warnings) {}

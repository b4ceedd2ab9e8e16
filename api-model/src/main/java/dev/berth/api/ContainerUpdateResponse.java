package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code POST /containers/{id}/update}: warnings about settings the host could not apply. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerUpdateResponse(@JsonProperty("Warnings") List<String> warnings) {}

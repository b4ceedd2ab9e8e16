package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /containers/{id}/top}: ps column titles and one row of values per process. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerTopResponse(@JsonProperty("Titles") List<String> titles,
                                   @JsonProperty("Processes") List<List<String>> processes) {}

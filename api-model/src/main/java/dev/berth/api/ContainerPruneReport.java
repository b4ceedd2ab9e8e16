package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code POST /containers/prune}: the ids removed (null when none, as dockerd sends) and bytes freed. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerPruneReport(@JsonProperty("ContainersDeleted") List<String> containersDeleted,
                                   @JsonProperty("SpaceReclaimed") long spaceReclaimed) {}

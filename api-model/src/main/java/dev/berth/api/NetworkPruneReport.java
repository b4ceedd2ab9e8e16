package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code POST /networks/prune}: the names removed (null when none, as dockerd sends). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkPruneReport(@JsonProperty("NetworksDeleted") List<String> networksDeleted) {}

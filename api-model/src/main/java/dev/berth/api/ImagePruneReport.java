package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

@JsonIgnoreProperties(ignoreUnknown = true)
public record ImagePruneReport(@JsonProperty("ImagesDeleted") List<ImageDeleteItem> imagesDeleted,
                               @JsonProperty("SpaceReclaimed") long spaceReclaimed) {}

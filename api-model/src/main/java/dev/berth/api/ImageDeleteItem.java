package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One line of an image removal report: either {@code Untagged} or {@code Deleted}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageDeleteItem(@JsonProperty("Untagged") String untagged, @JsonProperty("Deleted") String deleted) {
    public static ImageDeleteItem untagged(String ref) { return new ImageDeleteItem(ref, null); }
    public static ImageDeleteItem deleted(String id) { return new ImageDeleteItem(null, id); }
}

package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** One object of the {@code GET /events} stream (the deprecated status/id/from keys included, as clients read them). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EventMessage(
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("status") String status,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("id") String id,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("from") String from,
        @JsonProperty("Type") String type,
        @JsonProperty("Action") String action,
        @JsonProperty("Actor") Actor actor,
        @JsonProperty("scope") String scope,
        @JsonProperty("time") long time,
        @JsonProperty("timeNano") long timeNano) {

    public record Actor(@JsonProperty("ID") String id, @JsonProperty("Attributes") Map<String, String> attributes) {}
}

package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One message of a JSON progress stream (pull, push, load, import, build). Each is sent followed
 * by {@code \r\n}. An error is sent with both {@code errorDetail} and {@code error}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JsonMessage(
        @JsonProperty("stream") String stream,
        @JsonProperty("status") String status,
        @JsonProperty("progressDetail") ProgressDetail progressDetail,
        @JsonProperty("progress") String progress,
        @JsonProperty("id") String id,
        @JsonProperty("errorDetail") ErrorDetail errorDetail,
        @JsonProperty("error") String error,
        @JsonProperty("aux") Map<String, Object> aux) {

    public static JsonMessage stream(String text) {
        return new JsonMessage(text, null, null, null, null, null, null, null);
    }

    public static JsonMessage status(String status) {
        return new JsonMessage(null, status, null, null, null, null, null, null);
    }

    public static JsonMessage status(String id, String status, ProgressDetail detail, String progress) {
        return new JsonMessage(null, status, detail, progress, id, null, null, null);
    }

    public static JsonMessage aux(Map<String, Object> aux) {
        return new JsonMessage(null, null, null, null, null, null, null, aux);
    }

    public static JsonMessage error(int code, String message) {
        return new JsonMessage(null, null, null, null, null, new ErrorDetail(code == 0 ? null : code, message), message, null);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProgressDetail(@JsonProperty("current") Long current, @JsonProperty("total") Long total) {
        public static final ProgressDetail EMPTY = new ProgressDetail(null, null);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorDetail(@JsonProperty("code") Integer code, @JsonProperty("message") String message) {}
}

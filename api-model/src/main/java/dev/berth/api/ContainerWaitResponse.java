package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /containers/{id}/wait}, sent when the wait condition is met:
 * {@code {"Error":null,"StatusCode":0}} or, when waiting failed, {@code {"Error":{"Message":"..."},"StatusCode":-1}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerWaitResponse(@JsonProperty("Error") WaitError error, @JsonProperty("StatusCode") long statusCode) {

    /** Why waiting failed ({@code ContainerWaitExitError}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WaitError(@JsonProperty("Message") String message) {}
}

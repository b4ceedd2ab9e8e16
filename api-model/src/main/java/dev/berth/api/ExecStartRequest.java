package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code POST /exec/{id}/start}: detached (answered at once) or attached (the
 * connection is hijacked); {@code ConsoleSize} is API 1.42+. Testcontainers sends nulls.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecStartRequest(
        @JsonProperty("Detach") Boolean detach,
        @JsonProperty("Tty") Boolean tty,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("ConsoleSize") List<Integer> consoleSize) {}

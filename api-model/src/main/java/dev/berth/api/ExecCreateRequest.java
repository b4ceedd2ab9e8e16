package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code POST /containers/{id}/exec}, in the order docker sends it. {@code ConsoleSize}
 * ({@code [height, width]}) is API 1.42+ and left out below; {@code Detach} is sent by docker's CLI
 * but has no effect on create. {@code DetachKeys} overrides the key sequence for detaching.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecCreateRequest(
        @JsonProperty("User") String user,
        @JsonProperty("Privileged") Boolean privileged,
        @JsonProperty("Tty") Boolean tty,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("ConsoleSize") List<Integer> consoleSize,
        @JsonProperty("AttachStdin") Boolean attachStdin,
        @JsonProperty("AttachStderr") Boolean attachStderr,
        @JsonProperty("AttachStdout") Boolean attachStdout,
        @JsonProperty("Detach") Boolean detach,
        @JsonProperty("DetachKeys") String detachKeys,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Cmd") List<String> cmd) {}

package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code GET /exec/{id}/json} ({@code ExecInspectResponse}). {@code ExitCode} is null while the
 * process has not finished (the CLI's exit status once it has).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecInspect(
        @JsonProperty("ID") String id,
        @JsonProperty("Running") boolean running,
        @JsonProperty("ExitCode") Integer exitCode,
        @JsonProperty("ProcessConfig") ProcessConfig processConfig,
        @JsonProperty("OpenStdin") boolean openStdin,
        @JsonProperty("OpenStderr") boolean openStderr,
        @JsonProperty("OpenStdout") boolean openStdout,
        @JsonProperty("CanRemove") boolean canRemove,
        @JsonProperty("ContainerID") String containerId,
        @JsonProperty("DetachKeys") String detachKeys,
        @JsonProperty("Pid") int pid) {

    /** The process an exec runs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ProcessConfig(@JsonProperty("tty") boolean tty,
                                @JsonProperty("entrypoint") String entrypoint,
                                @JsonProperty("arguments") List<String> arguments,
                                @JsonProperty("privileged") Boolean privileged,
                                @JsonProperty("user") String user) {}
}

package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code State} of container inspect. {@code Status} is created, running, paused, restarting,
 * removing, exited or dead; times are RFC 3339 with nanoseconds, {@code 0001-01-01T00:00:00Z}
 * meaning never. {@code Health} is present only for containers with a health check.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerState(
        @JsonProperty("Status") String status,
        @JsonProperty("Running") boolean running,
        @JsonProperty("Paused") boolean paused,
        @JsonProperty("Restarting") boolean restarting,
        @JsonProperty("OOMKilled") boolean oomKilled,
        @JsonProperty("Dead") boolean dead,
        @JsonProperty("Pid") int pid,
        @JsonProperty("ExitCode") int exitCode,
        @JsonProperty("Error") String error,
        @JsonProperty("StartedAt") String startedAt,
        @JsonProperty("FinishedAt") String finishedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Health") Health health) {

    /** Health check state: {@code Status} is starting, healthy or unhealthy; the last results, oldest first. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Health(@JsonProperty("Status") String status,
                         @JsonProperty("FailingStreak") int failingStreak,
                         @JsonProperty("Log") List<HealthcheckResult> log) {}

    /** One run of the health check. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HealthcheckResult(@JsonProperty("Start") String start, @JsonProperty("End") String end,
                                    @JsonProperty("ExitCode") int exitCode, @JsonProperty("Output") String output) {}
}

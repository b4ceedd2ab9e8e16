package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /containers/create}: the container configuration ({@code ContainerConfig}
 * fields, inline as the API has them), plus {@code HostConfig} and {@code NetworkingConfig}.
 * Components follow moby's struct order, the order docker sends. Null means absent; fields moby
 * marks {@code omitempty} are left out of JSON when null.
 *
 * <p>{@code ExposedPorts} and {@code Volumes} are sets written as maps to empty objects
 * ({@code {"80/tcp":{}}}); {@code StopTimeout} is in seconds.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerCreateRequest(
        @JsonProperty("Hostname") String hostname,
        @JsonProperty("Domainname") String domainname,
        @JsonProperty("User") String user,
        @JsonProperty("AttachStdin") Boolean attachStdin,
        @JsonProperty("AttachStdout") Boolean attachStdout,
        @JsonProperty("AttachStderr") Boolean attachStderr,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
        @JsonProperty("Tty") Boolean tty,
        @JsonProperty("OpenStdin") Boolean openStdin,
        @JsonProperty("StdinOnce") Boolean stdinOnce,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Healthcheck") HealthConfig healthcheck,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("ArgsEscaped") Boolean argsEscaped,
        @JsonProperty("Image") String image,
        @JsonProperty("Volumes") Map<String, Object> volumes,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("NetworkDisabled") Boolean networkDisabled,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("MacAddress") String macAddress,
        @JsonProperty("OnBuild") List<String> onBuild,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("StopSignal") String stopSignal,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("StopTimeout") Integer stopTimeout,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Shell") List<String> shell,
        @JsonProperty("HostConfig") HostConfig hostConfig,
        @JsonProperty("NetworkingConfig") NetworkingConfig networkingConfig) {}

package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One host side of a published port ({@code HostConfig.PortBindings} and
 * {@code NetworkSettings.Ports} values): an empty {@code HostIp} means all addresses, an empty
 * {@code HostPort} an ephemeral port; a range ("8000-8010") is allowed in requests.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PortBinding(@JsonProperty("HostIp") String hostIp, @JsonProperty("HostPort") String hostPort) {}

package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A port of a listed container ({@code ContainerSummary.Ports} item): published ones have
 * {@code IP} and {@code PublicPort}, exposed-only ones leave both out. {@code Type} is tcp, udp or sctp.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Port(
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("IP") String ip,
        @JsonProperty("PrivatePort") int privatePort,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("PublicPort") int publicPort,
        @JsonProperty("Type") String type) {}

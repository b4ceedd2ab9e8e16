package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Static addresses asked for on one network ({@code EndpointIPAMConfig}); empty values are omitted. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EndpointIpamConfig(
        @JsonProperty("IPv4Address") String ipv4Address,
        @JsonProperty("IPv6Address") String ipv6Address,
        @JsonProperty("LinkLocalIPs") List<String> linkLocalIps) {}

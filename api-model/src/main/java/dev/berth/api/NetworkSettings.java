package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code NetworkSettings} of container inspect. {@code Ports} maps {@code "80/tcp"} to its host
 * bindings, or to null for a port exposed but not published; the top-level address fields describe
 * the default bridge network (empty for other networks), {@code Networks} every attachment by name.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkSettings(
        @JsonProperty("Bridge") String bridge,
        @JsonProperty("SandboxID") String sandboxId,
        @JsonProperty("HairpinMode") boolean hairpinMode,
        @JsonProperty("LinkLocalIPv6Address") String linkLocalIpv6Address,
        @JsonProperty("LinkLocalIPv6PrefixLen") int linkLocalIpv6PrefixLen,
        @JsonProperty("Ports") Map<String, List<PortBinding>> ports,
        @JsonProperty("SandboxKey") String sandboxKey,
        @JsonProperty("SecondaryIPAddresses") List<Object> secondaryIpAddresses,
        @JsonProperty("SecondaryIPv6Addresses") List<Object> secondaryIpv6Addresses,
        @JsonProperty("EndpointID") String endpointId,
        @JsonProperty("Gateway") String gateway,
        @JsonProperty("GlobalIPv6Address") String globalIpv6Address,
        @JsonProperty("GlobalIPv6PrefixLen") int globalIpv6PrefixLen,
        @JsonProperty("IPAddress") String ipAddress,
        @JsonProperty("IPPrefixLen") int ipPrefixLen,
        @JsonProperty("IPv6Gateway") String ipv6Gateway,
        @JsonProperty("MacAddress") String macAddress,
        @JsonProperty("Networks") Map<String, EndpointSettings> networks) {}

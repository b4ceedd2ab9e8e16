package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A network as {@code GET /networks} and {@code GET /networks/{id}} show it. {@code Containers} is
 * filled by inspect only (empty in lists, as dockerd).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkResource(
        @JsonProperty("Name") String name,
        @JsonProperty("Id") String id,
        @JsonProperty("Created") String created,
        @JsonProperty("Scope") String scope,
        @JsonProperty("Driver") String driver,
        @JsonProperty("EnableIPv6") boolean enableIpv6,
        @JsonProperty("IPAM") Ipam ipam,
        @JsonProperty("Internal") boolean internal,
        @JsonProperty("Attachable") boolean attachable,
        @JsonProperty("Ingress") boolean ingress,
        @JsonProperty("ConfigFrom") Map<String, String> configFrom,
        @JsonProperty("ConfigOnly") boolean configOnly,
        @JsonProperty("Containers") Map<String, EndpointResource> containers,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Labels") Map<String, String> labels) {

    /** {@code IPAM}: the driver ({@code default}), its options and the subnets. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Ipam(@JsonProperty("Driver") String driver, @JsonProperty("Options") Map<String, String> options,
                       @JsonProperty("Config") List<IpamConfig> config) {}

    /** One subnet: {@code Subnet}, {@code IPRange}, {@code Gateway} (empty ones left out). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
    public record IpamConfig(@JsonProperty("Subnet") String subnet, @JsonProperty("IPRange") String ipRange,
                             @JsonProperty("Gateway") String gateway) {}

    /** A container on the network: {@code IPv4Address} in CIDR form. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EndpointResource(@JsonProperty("Name") String name, @JsonProperty("EndpointID") String endpointId,
                                   @JsonProperty("MacAddress") String macAddress,
                                   @JsonProperty("IPv4Address") String ipv4Address,
                                   @JsonProperty("IPv6Address") String ipv6Address) {}
}

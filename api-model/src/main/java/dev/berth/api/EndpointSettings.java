package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A container's attachment to one network: what a create request asks for (aliases, links, static
 * addresses) and, in inspect and list answers, what the daemon assigned. {@code GwPriority} and
 * {@code DNSNames} are newer than API 1.41 (docker CLI 28 sends them anyway); a 1.41 daemon ignores them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EndpointSettings(
        @JsonProperty("IPAMConfig") EndpointIpamConfig ipamConfig,
        @JsonProperty("Links") List<String> links,
        @JsonProperty("Aliases") List<String> aliases,
        @JsonProperty("MacAddress") String macAddress,
        @JsonProperty("DriverOpts") Map<String, String> driverOpts,
        @JsonProperty("GwPriority") Integer gwPriority,
        @JsonProperty("NetworkID") String networkId,
        @JsonProperty("EndpointID") String endpointId,
        @JsonProperty("Gateway") String gateway,
        @JsonProperty("IPAddress") String ipAddress,
        @JsonProperty("IPPrefixLen") Integer ipPrefixLen,
        @JsonProperty("IPv6Gateway") String ipv6Gateway,
        @JsonProperty("GlobalIPv6Address") String globalIpv6Address,
        @JsonProperty("GlobalIPv6PrefixLen") Integer globalIpv6PrefixLen,
        @JsonProperty("DNSNames") List<String> dnsNames) {

    /** Settings with only the requested parts (aliases, links, addresses, MAC address, driver options). */
    public static EndpointSettings requested(EndpointIpamConfig ipam, List<String> links, List<String> aliases,
                                             String macAddress, Map<String, String> driverOpts) {
        return new EndpointSettings(ipam, links, aliases, macAddress, driverOpts, null, null, null, null, null, null,
                null, null, null, null);
    }
}

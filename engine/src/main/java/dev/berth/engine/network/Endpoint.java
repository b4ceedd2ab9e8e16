package dev.berth.engine.network;

import java.util.List;

/**
 * A container's attachment to a network while it runs: what CNI gave it.
 *
 * @param ifName     the interface inside the container ({@code eth0}, {@code eth1}...)
 * @param ip         the IPv4 address
 * @param prefixLen  its prefix length
 * @param aliases    the names it answers to on the network (besides its name and short id)
 */
public record Endpoint(String networkId, String networkName, String endpointId, String ifName, String ip, int prefixLen,
                       String gateway, String mac, List<String> aliases) {
    public Endpoint {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }
}

package dev.berth.engine.network;

import java.util.List;

/**
 * What a container asks of one network it is connected to ({@code --network-alias}, {@code --ip};
 * an endpoint's {@code EndpointsConfig} entry).
 *
 * @param aliases     names the container also answers to on that network
 * @param ipv4Address a fixed address in the network's subnet, or null
 */
public record EndpointSpec(List<String> aliases, String ipv4Address, String macAddress) {
    public static final EndpointSpec NONE = new EndpointSpec(List.of(), null);

    public EndpointSpec {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        if (ipv4Address != null && ipv4Address.isEmpty()) ipv4Address = null;
        if (macAddress != null && macAddress.isEmpty()) macAddress = null;
    }

    public EndpointSpec(List<String> aliases, String ipv4Address) {
        this(aliases, ipv4Address, null);
    }

    /** The same with {@code --mac-address}. */
    public EndpointSpec withMacAddress(String mac) {
        return new EndpointSpec(aliases, ipv4Address, mac);
    }
}

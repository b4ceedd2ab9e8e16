package dev.berth.network;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.network.cni.ConfList;
import java.nio.file.Path;
import java.util.List;

/**
 * The CNI configuration list of a berth bridge network: {@code bridge} (with {@code host-local} IPAM
 * keeping its leases under berth's own directory), {@code portmap} for published ports (with SNAT
 * for hairpin traffic), and {@code firewall} so that forwarding works under a DROP policy.
 */
public final class BridgeConf {
    public static final String CNI_VERSION = "1.0.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BridgeConf() {}

    /**
     * @param network  the network's name (also the name of its lease directory)
     * @param bridge   the Linux bridge's name (at most 15 characters)
     * @param subnet   the network's subnet
     * @param gateway  the bridge's address, in the subnet
     * @param ipRange  the part of the subnet containers get addresses from, or null for all of it
     * @param internal no route out and no masquerading ({@code network create --internal})
     * @param ipamDir  where host-local keeps its leases ({@code <dir>/<network>/})
     */
    public static ConfList of(String network, String bridge, Cidr subnet, String gateway, Cidr ipRange,
                              boolean internal, Path ipamDir) {
        ObjectNode range = JSON.createObjectNode();
        range.put("subnet", subnet.toString());
        range.put("gateway", gateway);
        if (ipRange != null) {
            range.put("rangeStart", Cidr.format(Math.max(ipRange.first(), subnet.first())));
            range.put("rangeEnd", Cidr.format(Math.min(ipRange.last(), subnet.last())));
        }
        ObjectNode ipam = JSON.createObjectNode();
        ipam.put("type", "host-local");
        ipam.putArray("ranges").addArray().add(range);
        ArrayNode routes = ipam.putArray("routes");
        if (!internal) routes.addObject().put("dst", "0.0.0.0/0");
        ipam.put("dataDir", ipamDir.toString());

        ObjectNode br = JSON.createObjectNode();
        br.put("type", "bridge");
        br.put("bridge", bridge);
        br.put("isGateway", true);
        br.put("ipMasq", !internal);
        br.put("hairpinMode", true);
        br.set("ipam", ipam);

        ObjectNode portmap = JSON.createObjectNode();
        portmap.put("type", "portmap");
        portmap.putObject("capabilities").put("portMappings", true);
        portmap.put("snat", true);

        ObjectNode firewall = JSON.createObjectNode();
        firewall.put("type", "firewall");
        firewall.put("backend", "iptables");
        return new ConfList(network, CNI_VERSION, List.of(br, portmap, firewall));
    }

    /** The list that brings up {@code lo} in a new namespace (interface name {@code lo}). */
    public static ConfList loopback() {
        ObjectNode lo = JSON.createObjectNode();
        lo.put("type", "loopback");
        return new ConfList("loopback", CNI_VERSION, List.of(lo));
    }
}

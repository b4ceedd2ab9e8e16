package dev.berth.network;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.network.cni.ConfList;
import java.nio.file.Path;
import java.util.List;

/**
 * The CNI configuration list of a berth bridge network: {@code bridge} (with {@code host-local} IPAM
 * keeping its leases under berth's own directory) and, for an interface with published ports,
 * {@code portmap} (with SNAT for hairpin traffic). Masquerading and forwarding are the network's
 * {@link BridgeRules}, not per-container plugin rules: fewer iptables calls per container start.
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
     * @param primary  the container's first interface: it gets the default route (unless internal) and the
     *                 published ports (then portmap runs)
     * @param mac      the interface gets the MAC address of the capability's {@code runtimeConfig.mac}
     *                 ({@code --mac-address}: the tuning plugin sets it)
     */
    public static ConfList of(String network, String bridge, Cidr subnet, String gateway, Cidr ipRange,
                              boolean internal, Path ipamDir, boolean primary, boolean ports, boolean mac) {
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
        if (primary && !internal) routes.addObject().put("dst", "0.0.0.0/0");
        ipam.put("dataDir", ipamDir.toString());

        ObjectNode br = JSON.createObjectNode();
        br.put("type", "bridge");
        br.put("bridge", bridge);
        br.put("isGateway", true);
        br.put("ipMasq", false);
        br.put("hairpinMode", true);
        br.set("ipam", ipam);

        ObjectNode portmap = JSON.createObjectNode();
        portmap.put("type", "portmap");
        portmap.putObject("capabilities").put("portMappings", true);
        portmap.put("snat", true);

        List<ObjectNode> plugins = new java.util.ArrayList<>(List.of(br));
        if (mac) {
            ObjectNode tuning = JSON.createObjectNode();
            tuning.put("type", "tuning");
            tuning.putObject("capabilities").put("mac", true);
            plugins.add(tuning);
        }
        if (ports) plugins.add(portmap);
        return new ConfList(network, CNI_VERSION, List.copyOf(plugins));
    }

}

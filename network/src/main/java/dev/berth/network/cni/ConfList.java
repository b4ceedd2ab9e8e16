package dev.berth.network.cni;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A CNI network configuration list: the network's name, the spec version, and its plugins' configs in order. */
public record ConfList(String name, String cniVersion, List<ObjectNode> plugins) {
    public ConfList {
        plugins = List.copyOf(plugins);
    }
}

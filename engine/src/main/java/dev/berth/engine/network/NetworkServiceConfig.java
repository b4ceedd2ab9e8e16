package dev.berth.engine.network;

import dev.berth.network.Cidr;
import java.nio.file.Path;
import java.util.List;

/**
 * Where and how {@link NetworkService} keeps networks.
 *
 * @param recordsDir    the networks' records: {@code <data-root>/networks}
 * @param stateDir      what lives as long as the host's boot: namespaces, CNI results and leases, running
 *                      containers' endpoints: {@code <exec-root>/network}
 * @param defaultBridge the Linux bridge of the default {@code bridge} network ({@code berthd --bridge})
 * @param defaultBip    its address and subnet ({@code berthd --bip}, e.g. {@code 10.88.0.1/16})
 * @param pool          where user-defined networks get their subnets from, a {@code /24} each
 * @param pluginDirs    where the CNI plugins are
 */
public record NetworkServiceConfig(Path recordsDir, Path stateDir, String defaultBridge, String defaultBip, Cidr pool,
                                   List<Path> pluginDirs) {
    public static final String DEFAULT_BRIDGE = "berth0";
    public static final String DEFAULT_BIP = "10.88.0.1/16";
    public static final String DEFAULT_POOL = "10.89.0.0/16";

    public static NetworkServiceConfig defaults(Path dataRoot, Path execRoot) {
        return new NetworkServiceConfig(dataRoot.resolve("networks"), execRoot.resolve("network"), DEFAULT_BRIDGE,
                DEFAULT_BIP, Cidr.parse(DEFAULT_POOL), List.of(Path.of("/usr/lib/cni"), Path.of("/opt/cni/bin")));
    }

    public NetworkServiceConfig withDefaultBridge(String bridge, String bip) {
        return new NetworkServiceConfig(recordsDir, stateDir, bridge, bip, pool, pluginDirs);
    }

    public NetworkServiceConfig withPool(Cidr p) {
        return new NetworkServiceConfig(recordsDir, stateDir, defaultBridge, defaultBip, p, pluginDirs);
    }
}

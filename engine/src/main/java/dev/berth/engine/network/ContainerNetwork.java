package dev.berth.engine.network;

import java.util.List;

/**
 * A running container's networking: its network namespace, its endpoints and its published ports
 * ({@code <exec-root>/network/containers/<id>.json}, so that a restarted daemon knows them).
 *
 * @param containerName without the leading slash (the name other containers resolve)
 * @param netns         the file holding the namespace (Docker's {@code SandboxKey})
 * @param dns           the container's {@code --dns} servers: where the embedded DNS sends the names that are
 *                      not the networks' (the host's servers when empty)
 */
public record ContainerNetwork(String containerId, String containerName, String netns, List<Endpoint> endpoints,
                               List<PublishedPort> ports, List<String> dns) {
    public ContainerNetwork {
        endpoints = List.copyOf(endpoints);
        ports = List.copyOf(ports);
        dns = dns == null ? List.of() : List.copyOf(dns);
    }

    public Endpoint endpoint(String networkId) {
        for (Endpoint e : endpoints) if (e.networkId().equals(networkId)) return e;
        return null;
    }

    ContainerNetwork withEndpoints(List<Endpoint> e) {
        return new ContainerNetwork(containerId, containerName, netns, e, ports, dns);
    }

    ContainerNetwork withName(String n) {
        return new ContainerNetwork(containerId, n, netns, endpoints, ports, dns);
    }
}

package dev.berth.cli;

import dev.berth.client.DockerClient;
import dev.berth.client.transport.Transports;

/** Opens clients over the client module's socket transport (unix or TCP). */
final class DefaultClientFactory implements ClientFactory {
    @Override
    public DockerClient open(String host) {
        try {
            return new DockerClient(Transports.connect(host), host);
        } catch (IllegalArgumentException e) {
            throw new CliException("unable to parse docker host `" + host + "`: " + e.getMessage());
        }
    }
}

package dev.berth.cli;

import dev.berth.client.DockerClient;

/** Opens a client for a daemon address ({@code unix:///path} or {@code tcp://host:port}). */
@FunctionalInterface
public interface ClientFactory {
    DockerClient open(String host);
}

package dev.berth.engine.network;

/**
 * One {@code -p} binding as asked: {@code hostPort} empty or {@code 0} for an ephemeral port, a
 * number, or a range {@code 8000-8010} (the first free one); {@code hostIp} empty for all addresses.
 */
public record PortRequest(int containerPort, String protocol, String hostIp, String hostPort) {}

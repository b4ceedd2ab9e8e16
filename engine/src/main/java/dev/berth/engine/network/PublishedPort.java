package dev.berth.engine.network;

/**
 * A port published on the host ({@code -p}).
 *
 * @param containerPort the port inside
 * @param protocol      {@code tcp}, {@code udp} or {@code sctp}
 * @param hostIp        the host address, {@code 0.0.0.0} for all
 * @param hostPort      the host port (chosen by berth when the request left it open)
 */
public record PublishedPort(int containerPort, String protocol, String hostIp, int hostPort) {
    /** {@code 80/tcp}, as Docker keys ports. */
    public String key() {
        return containerPort + "/" + protocol;
    }

    public boolean allAddresses() {
        return hostIp.equals("0.0.0.0");
    }
}

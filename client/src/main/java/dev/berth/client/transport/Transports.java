package dev.berth.client.transport;

/** Creates {@link Transport}s. */
public final class Transports {

    private Transports() {}

    /**
     * A transport to the daemon at {@code host}: {@code unix:///path/to/socket}, {@code tcp://host:port} or
     * {@code http://host:port} (port 2375 if omitted). Connections are opened on demand, so an unreachable
     * daemon shows up as a {@link DaemonUnreachableException} from the first request.
     *
     * @throws IllegalArgumentException if {@code host} is not one of those forms
     */
    public static Transport connect(String host) {
        return new SocketTransport(Endpoint.parse(host));
    }
}

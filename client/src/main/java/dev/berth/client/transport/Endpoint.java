package dev.berth.client.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** Where the daemon is: a unix socket path or a TCP host and port, parsed from a {@code DOCKER_HOST}-style string. */
record Endpoint(String uri, Path socketPath, String host, int port) {

    static final int DEFAULT_TCP_PORT = 2375;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    /** Parses {@code unix:///path}, {@code tcp://host:port} or {@code http://host:port}. */
    static Endpoint parse(String address) {
        if (address == null || address.isBlank()) throw new IllegalArgumentException("empty daemon address");
        if (address.startsWith("unix://")) {
            String path = address.substring("unix://".length());
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("unix socket address needs an absolute path: " + address);
            }
            return new Endpoint(address, Path.of(path), null, 0);
        }
        if (address.startsWith("tcp://") || address.startsWith("http://")) {
            URI uri = URI.create(address);
            if (uri.getHost() == null) throw new IllegalArgumentException("no host in daemon address " + address);
            String path = uri.getRawPath();
            if (path != null && !path.isEmpty() && !path.equals("/")) {
                throw new IllegalArgumentException("a path is not supported in daemon address " + address);
            }
            String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
            return new Endpoint(address, null, host, uri.getPort() < 0 ? DEFAULT_TCP_PORT : uri.getPort());
        }
        throw new IllegalArgumentException("unsupported daemon address " + address
                + " (use unix:///path/to/socket or tcp://host:port)");
    }

    /** Opens a blocking connection. */
    SocketChannel open() throws DaemonUnreachableException {
        SocketChannel ch = null;
        try {
            if (socketPath != null) {
                ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(socketPath));
            } else {
                ch = SocketChannel.open();
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.socket().connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            }
            return ch;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new DaemonUnreachableException(uri, e);
        }
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing useful to do
        }
    }
}

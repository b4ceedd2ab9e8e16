package dev.berth.http;

import java.nio.file.Path;
import java.util.Objects;

/** Where the server listens: a unix socket path or a TCP host and port. */
public sealed interface ListenAddress {

    /** A unix domain socket, created with mode 0660. */
    record Unix(Path path) implements ListenAddress {
        public Unix {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return "unix://" + path.toAbsolutePath();
        }
    }

    /** A TCP listener; port 0 picks a free port (see {@link HttpServer#addresses()}). */
    record Tcp(String host, int port) implements ListenAddress {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) throw new IllegalArgumentException("bad TCP port " + port);
        }

        @Override
        public String toString() {
            return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * Parses {@code unix:///run/berth.sock}, {@code /run/berth.sock}, {@code tcp://127.0.0.1:2375} or
     * {@code 127.0.0.1:2375}.
     */
    static ListenAddress parse(String address) {
        Objects.requireNonNull(address, "address");
        if (address.startsWith("unix://")) return new Unix(Path.of(address.substring("unix://".length())));
        if (address.startsWith("/")) return new Unix(Path.of(address));
        String hostPort = address.startsWith("tcp://") ? address.substring("tcp://".length()) : address;
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("listen address needs host:port: " + address);
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        try {
            return new Tcp(host, Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in listen address " + address, e);
        }
    }
}

package dev.berth.engine.network;

import dev.berth.common.EngineException;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host ports berth has published: a port is given to one container at a time (an address-wide
 * binding conflicts with every address), and only if no host process listens on it. An open host
 * port ({@code -p 80}) is one the kernel picks from its ephemeral range, as dockerd's allocator does.
 */
final class PortAllocator {
    private static final String ALL = "0.0.0.0";
    /** {@code tcp/8080} → the host addresses it is published on. */
    private final Map<String, Set<String>> taken = new HashMap<>();

    synchronized PublishedPort allocate(PortRequest r) {
        String ip = r.hostIp() == null || r.hostIp().isEmpty() ? ALL : r.hostIp();
        String proto = r.protocol();
        String hp = r.hostPort() == null ? "" : r.hostPort();
        if (hp.isEmpty() || hp.equals("0")) {
            for (int attempt = 0; attempt < 50; attempt++) {
                int port = probe(proto, ip, 0);
                if (port > 0 && free(proto, ip, port)) return take(r, ip, port);
            }
            throw new EngineException.Unavailable("no free host port for " + r.containerPort() + "/" + proto, null);
        }
        int dash = hp.indexOf('-');
        int first = parse(hp.substring(0, dash < 0 ? hp.length() : dash), hp);
        int last = dash < 0 ? first : parse(hp.substring(dash + 1), hp);
        if (last < first) throw new EngineException.InvalidArgument("invalid port range: " + hp);
        String why = null;
        for (int port = first; port <= last; port++) {
            if (!free(proto, ip, port)) {
                why = "Bind for " + ip + ":" + port + " failed: port is already allocated";
            } else if (probe(proto, ip, port) < 0) {
                why = "Error starting userland proxy: listen " + proto + "4 " + ip + ":" + port + ": bind: address already in use";
            } else {
                return take(r, ip, port);
            }
        }
        throw new EngineException.FailedPrecondition("driver failed programming external connectivity: " + why);
    }

    /** Takes back ports recorded before a daemon restart. */
    synchronized void reserve(List<PublishedPort> ports) {
        for (PublishedPort p : ports) taken.computeIfAbsent(p.protocol() + "/" + p.hostPort(), k -> new HashSet<>()).add(p.hostIp());
    }

    synchronized void release(List<PublishedPort> ports) {
        for (PublishedPort p : ports) {
            Set<String> ips = taken.get(p.protocol() + "/" + p.hostPort());
            if (ips != null && ips.remove(p.hostIp()) && ips.isEmpty()) taken.remove(p.protocol() + "/" + p.hostPort());
        }
    }

    private boolean free(String proto, String ip, int port) {
        Set<String> ips = taken.get(proto + "/" + port);
        return ips == null || (!ips.contains(ip) && !ips.contains(ALL) && !(ip.equals(ALL) && !ips.isEmpty()));
    }

    private PublishedPort take(PortRequest r, String ip, int port) {
        taken.computeIfAbsent(r.protocol() + "/" + port, k -> new HashSet<>()).add(ip);
        return new PublishedPort(r.containerPort(), r.protocol(), ip, port);
    }

    /** Binds and closes at once: the port (the kernel's pick for 0), or -1 if a host process has it. */
    private static int probe(String proto, String ip, int port) {
        try {
            InetSocketAddress at = new InetSocketAddress(InetAddress.getByName(ip), port);
            if (proto.equals("udp")) {
                try (DatagramSocket s = new DatagramSocket(at)) {
                    return s.getLocalPort();
                }
            }
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(at);
                return s.getLocalPort();
            }
        } catch (IOException e) {
            return -1;
        }
    }

    private static int parse(String s, String whole) {
        try {
            int p = Integer.parseInt(s);
            if (p < 1 || p > 65535) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            throw new EngineException.InvalidArgument("invalid host port: " + whole);
        }
    }
}

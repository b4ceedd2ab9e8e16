package dev.berth.network.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The DNS server of user-defined networks (dockerd's embedded DNS): it listens on a network's gateway
 * address (UDP port 53), answers the names of the containers that share a network with the one asking
 * (name, aliases, short id) with their addresses, and relays every other question to the host's name servers. Messages are
 * parsed and built with dnsjava; each listener is one virtual thread, each relayed question another.
 */
public final class EmbeddedDns implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.berth.network.dns");
    /** The TTL dockerd gives its answers. */
    static final long TTL = 600;
    private static final int MAX_UDP = 4096;
    private static final int RELAY_TIMEOUT_MILLIS = 3000;

    /**
     * The containers' names: the addresses of a name (lowercase, no trailing dot) for the container asking
     * from {@code client}; empty if the name is not one of the networks'.
     */
    @FunctionalInterface
    public interface Names {
        List<InetAddress> lookup(InetAddress client, String name);
    }

    private final List<InetSocketAddress> upstream;
    private final Function<InetAddress, List<InetSocketAddress>> clientUpstream;
    private final Map<InetAddress, DatagramSocket> listeners = new HashMap<>();

    /** @param upstream the host's name servers, asked in order for names that are not the networks' */
    public EmbeddedDns(List<InetSocketAddress> upstream) {
        this(upstream, client -> List.of());
    }

    /**
     * @param upstream       the host's name servers, asked in order for names that are not the networks'
     * @param clientUpstream the name servers a client chose instead (a container's {@code --dns}), or empty
     */
    public EmbeddedDns(List<InetSocketAddress> upstream, Function<InetAddress, List<InetSocketAddress>> clientUpstream) {
        this.upstream = List.copyOf(upstream);
        this.clientUpstream = clientUpstream;
    }

    /** Serves {@code names} on {@code address}:53 from now on; nothing happens if it does already. */
    public synchronized void listen(InetAddress address, Names names) throws IOException {
        if (listeners.containsKey(address)) return;
        DatagramSocket socket = new DatagramSocket(null);
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, 53));
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot serve DNS on " + address.getHostAddress() + ":53: " + e.getMessage(), e);
        }
        listeners.put(address, socket);
        Thread.ofVirtual().name("dns-" + address.getHostAddress()).start(() -> serve(socket, names));
    }

    /** Stops serving on {@code address}. */
    public synchronized void stop(InetAddress address) {
        DatagramSocket s = listeners.remove(address);
        if (s != null) s.close();
    }

    @Override
    public synchronized void close() {
        listeners.values().forEach(DatagramSocket::close);
        listeners.clear();
    }

    private void serve(DatagramSocket socket, Names names) {
        byte[] buf = new byte[MAX_UDP];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                if (!socket.isClosed()) LOG.log(System.Logger.Level.WARNING, "DNS: " + e.getMessage());
                continue;
            }
            byte[] query = Arrays.copyOf(p.getData(), p.getLength());
            InetSocketAddress client = (InetSocketAddress) p.getSocketAddress();
            byte[] reply = answer(query, client.getAddress(), names);
            if (reply != null) {
                send(socket, reply, client);
            } else {
                List<InetSocketAddress> chosen = clientUpstream.apply(client.getAddress());
                List<InetSocketAddress> servers = chosen.isEmpty() ? upstream : chosen;
                Thread.ofVirtual().name("dns-relay").start(() -> send(socket, relay(query, servers), client));
            }
        }
    }

    /**
     * The answer to a question about one of the network's names, a FORMERR for a message that is not a
     * question, or null when the question is for the host's name servers.
     */
    static byte[] answer(byte[] query, InetAddress client, Names names) {
        Message q;
        try {
            q = new Message(query);
        } catch (IOException e) {
            return null;
        }
        Record question = q.getQuestion();
        if (q.getHeader().getFlag(Flags.QR) || q.getHeader().getOpcode() != Opcode.QUERY || question == null) {
            Message err = new Message(q.getHeader().getID());
            err.getHeader().setFlag(Flags.QR);
            err.getHeader().setRcode(Rcode.FORMERR);
            return err.toWire();
        }
        String name = question.getName().toString(true).toLowerCase(Locale.ROOT);
        List<InetAddress> addresses = names.lookup(client, name);
        if (addresses.isEmpty()) return null;
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.AA);
        if (q.getHeader().getFlag(Flags.RD)) {
            r.getHeader().setFlag(Flags.RD);
            r.getHeader().setFlag(Flags.RA);
        }
        r.addRecord(question, Section.QUESTION);
        int type = question.getType();
        if (type == Type.A || type == Type.ANY) {
            Name owner = question.getName();
            for (InetAddress a : addresses) {
                if (a instanceof Inet4Address) r.addRecord(new ARecord(owner, DClass.IN, TTL, a), Section.ANSWER);
            }
        }
        return r.toWire(MAX_UDP); // other types of our names: no records, no error (so AAAA does not fall through to the host)
    }

    /** Asks {@code servers} in turn; SERVFAIL if none answers. */
    private static byte[] relay(byte[] query, List<InetSocketAddress> servers) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(RELAY_TIMEOUT_MILLIS);
            for (InetSocketAddress server : servers) {
                try {
                    s.send(new DatagramPacket(query, query.length, server));
                    DatagramPacket p = new DatagramPacket(new byte[MAX_UDP], MAX_UDP);
                    s.receive(p);
                    return Arrays.copyOf(p.getData(), p.getLength());
                } catch (SocketTimeoutException e) {
                    // next server
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "DNS relay: " + e.getMessage());
        }
        try {
            Message failed = new Message(query);
            failed.getHeader().setFlag(Flags.QR);
            failed.getHeader().setRcode(Rcode.SERVFAIL);
            return failed.toWire();
        } catch (IOException e) {
            return null;
        }
    }

    private static void send(DatagramSocket socket, byte[] reply, InetSocketAddress client) {
        if (reply == null) return;
        try {
            socket.send(new DatagramPacket(reply, reply.length, client));
        } catch (SocketException closed) {
            // the listener stopped
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "DNS: cannot answer " + client + ": " + e.getMessage());
        }
    }
}

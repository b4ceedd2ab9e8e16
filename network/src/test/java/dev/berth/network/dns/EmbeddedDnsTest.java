package dev.berth.network.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class EmbeddedDnsTest {
    private static final EmbeddedDns.Names NAMES = (client, name) -> switch (name) {
        case "db", "database", "0123456789ab" -> List.of(ip("10.89.0.2"));
        default -> List.of();
    };

    @Test
    void answersTheNetworksNamesAndLeavesOthersToTheHost() throws Exception {
        Message a = new Message(EmbeddedDns.answer(query("DB.", Type.A), null, NAMES));
        assertEquals(Rcode.NOERROR, a.getRcode());
        assertTrue(a.getHeader().getFlag(Flags.AA));
        List<Record> answers = a.getSection(Section.ANSWER);
        assertEquals(1, answers.size());
        assertEquals("10.89.0.2", ((ARecord) answers.getFirst()).getAddress().getHostAddress());
        assertEquals(EmbeddedDns.TTL, answers.getFirst().getTTL());

        Message aaaa = new Message(EmbeddedDns.answer(query("db.", Type.AAAA), null, NAMES));
        assertEquals(Rcode.NOERROR, aaaa.getRcode());
        assertEquals(0, aaaa.getSection(Section.ANSWER).size(), "no IPv6 address, and no error");

        assertNull(EmbeddedDns.answer(query("example.com.", Type.A), null, NAMES), "relayed to the host's servers");
        assertNull(EmbeddedDns.answer(new byte[] {1, 2, 3}, null, NAMES), "garbage is dropped");
    }

    @Test
    void servesOverUdpAndRelaysWhatItDoesNotKnow() throws Exception {
        try (DatagramSocket upstream = fakeUpstream("192.0.2.7");
             EmbeddedDns dns = new EmbeddedDns(List.of((InetSocketAddress) upstream.getLocalSocketAddress()));
             DatagramSocket client = new DatagramSocket()) {
            InetAddress serverAddress = ip("127.0.0.53");
            dns.listen(serverAddress, NAMES);
            client.setSoTimeout(5000);
            assertEquals("10.89.0.2", ask(client, serverAddress, "database."));
            assertEquals("192.0.2.7", ask(client, serverAddress, "example.com."));
            dns.stop(serverAddress);
        }
    }

    @Test
    void relaysToTheServersTheClientChose() throws Exception {
        try (DatagramSocket host = fakeUpstream("192.0.2.7");
             DatagramSocket chosen = fakeUpstream("192.0.2.9");
             EmbeddedDns dns = new EmbeddedDns(List.of((InetSocketAddress) host.getLocalSocketAddress()),
                     client -> client.getHostAddress().equals("127.0.0.1")
                             ? List.of((InetSocketAddress) chosen.getLocalSocketAddress()) : List.of());
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(ip("127.0.0.1"), 0))) {
            InetAddress serverAddress = ip("127.0.0.54");
            dns.listen(serverAddress, NAMES);
            client.setSoTimeout(5000);
            assertEquals("192.0.2.9", ask(client, serverAddress, "example.com."));
            assertEquals("10.89.0.2", ask(client, serverAddress, "db."), "the networks' names stay the networks'");
            dns.stop(serverAddress);
        }
    }

    /** A name server on loopback that answers every question with {@code address}, until closed. */
    private static DatagramSocket fakeUpstream(String address) throws Exception {
        DatagramSocket upstream = new DatagramSocket(new InetSocketAddress(ip("127.0.0.1"), 0));
        Thread.ofVirtual().start(() -> {
            while (!upstream.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(new byte[512], 512);
                    upstream.receive(p);
                    Message q = new Message(Arrays.copyOf(p.getData(), p.getLength()));
                    Message r = new Message(q.getHeader().getID());
                    r.getHeader().setFlag(Flags.QR);
                    r.addRecord(q.getQuestion(), Section.QUESTION);
                    r.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 5, ip(address)), Section.ANSWER);
                    byte[] wire = r.toWire();
                    upstream.send(new DatagramPacket(wire, wire.length, p.getSocketAddress()));
                } catch (Exception closed) {
                    return;
                }
            }
        });
        return upstream;
    }

    private static String ask(DatagramSocket client, InetAddress server, String name) throws Exception {
        byte[] q = query(name, Type.A);
        client.send(new DatagramPacket(q, q.length, server, 53));
        DatagramPacket p = new DatagramPacket(new byte[512], 512);
        client.receive(p);
        Message r = new Message(Arrays.copyOf(p.getData(), p.getLength()));
        return ((ARecord) r.getSection(Section.ANSWER).getFirst()).getAddress().getHostAddress();
    }

    private static byte[] query(String name, int type) throws Exception {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)).toWire();
    }

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}

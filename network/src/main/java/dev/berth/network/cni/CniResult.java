package dev.berth.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a CNI ADD result (spec 1.0.0) berth reads: the interfaces and the addresses given.
 *
 * @param interfaces the interfaces made, {@code sandbox} set for those inside the namespace
 * @param ips        the addresses, each in CIDR form with its gateway and the index of its interface (-1: none)
 */
public record CniResult(List<Interface> interfaces, List<Ip> ips) {
    public record Interface(String name, String mac, String sandbox) {}

    public record Ip(String address, String gateway, int interfaceIndex) {
        /** The address without its prefix length. */
        public String ip() {
            int slash = address.indexOf('/');
            return slash < 0 ? address : address.substring(0, slash);
        }

        /** The prefix length, or -1. */
        public int prefixLength() {
            int slash = address.indexOf('/');
            return slash < 0 ? -1 : Integer.parseInt(address.substring(slash + 1));
        }
    }

    static CniResult of(JsonNode result) {
        List<Interface> interfaces = new ArrayList<>();
        for (JsonNode i : result.path("interfaces")) {
            interfaces.add(new Interface(i.path("name").asText(""), i.path("mac").asText(""), i.path("sandbox").asText("")));
        }
        List<Ip> ips = new ArrayList<>();
        for (JsonNode ip : result.path("ips")) {
            ips.add(new Ip(ip.path("address").asText(""), ip.path("gateway").asText(null),
                    ip.has("interface") ? ip.get("interface").asInt() : -1));
        }
        return new CniResult(List.copyOf(interfaces), List.copyOf(ips));
    }

    /** The first interface inside the namespace, or null. */
    public Interface sandboxInterface() {
        for (Interface i : interfaces) if (!i.sandbox().isEmpty()) return i;
        return null;
    }

    /** The first IPv4 address, or null. */
    public Ip ipv4() {
        for (Ip ip : ips) if (!ip.address().contains(":")) return ip;
        return null;
    }
}

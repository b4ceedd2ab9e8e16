package dev.berth.network;

import dev.berth.common.EngineException;

/**
 * An IPv4 network in CIDR form ({@code 10.88.0.0/16}), with the addresses berth derives from it.
 *
 * @param address the network address (host bits cleared)
 * @param prefix  the prefix length, 0-32
 */
public record Cidr(int address, int prefix) {
    public Cidr {
        if (prefix < 0 || prefix > 32) throw new IllegalArgumentException("prefix " + prefix);
        address &= mask(prefix);
    }

    /** Parses {@code a.b.c.d/n}; the host bits are cleared, as dockerd does with a subnet. */
    public static Cidr parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) throw new EngineException.InvalidArgument("invalid CIDR address: " + cidr);
        try {
            return new Cidr(parseIp(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)));
        } catch (IllegalArgumentException e) {
            throw new EngineException.InvalidArgument("invalid CIDR address: " + cidr);
        }
    }

    /** Parses a dotted IPv4 address into its 32 bits. */
    public static int parseIp(String ip) {
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) throw new EngineException.InvalidArgument("invalid IPv4 address: " + ip);
        int v = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new EngineException.InvalidArgument("invalid IPv4 address: " + ip);
            }
            if (octet < 0 || octet > 255 || p.isEmpty() || p.length() > 3) throw new EngineException.InvalidArgument("invalid IPv4 address: " + ip);
            v = (v << 8) | octet;
        }
        return v;
    }

    public static String format(int ip) {
        return (ip >>> 24) + "." + ((ip >>> 16) & 255) + "." + ((ip >>> 8) & 255) + "." + (ip & 255);
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public boolean contains(int ip) {
        return (ip & mask(prefix)) == address;
    }

    public boolean overlaps(Cidr other) {
        int p = Math.min(prefix, other.prefix);
        return (address & mask(p)) == (other.address & mask(p));
    }

    /** The first address after the network address (dockerd's default gateway). */
    public int first() {
        return address + 1;
    }

    /** The last address before the broadcast address. */
    public int last() {
        return (address | ~mask(prefix)) - 1;
    }

    @Override
    public String toString() {
        return format(address) + "/" + prefix;
    }
}

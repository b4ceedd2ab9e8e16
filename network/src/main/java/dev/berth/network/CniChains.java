package dev.berth.network;

import dev.berth.common.Commands;
import java.time.Duration;
import java.util.List;

/**
 * The iptables chains the CNI plugins share between all their networks (portmap's {@code CNI-HOSTPORT-*},
 * firewall's {@code CNI-FORWARD}/{@code CNI-ADMIN}). The plugins make them on first use and never remove
 * them; {@link #removeIfUnused()} does, once no attachment of any network uses them, so that a host
 * where berth ran has no CNI rule left.
 */
public final class CniChains {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private CniChains() {}

    /**
     * Removes the shared chains of each table whose per-container chains are all gone: the nat chains when
     * {@code CNI-HOSTPORT-DNAT} is empty, the filter chains when {@code CNI-FORWARD} holds only its jump to an
     * empty {@code CNI-ADMIN}. A chain in use (by berth or another CNI user of this host) is left alone.
     */
    public static void removeIfUnused() {
        if (rules("nat", "CNI-HOSTPORT-DNAT") == 1) {
            ipt("nat", "-D", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "CNI-HOSTPORT-DNAT");
            ipt("nat", "-D", "OUTPUT", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "CNI-HOSTPORT-DNAT");
            ipt("nat", "-D", "POSTROUTING", "-m", "comment", "--comment", "CNI portfwd requiring masquerade", "-j", "CNI-HOSTPORT-MASQ");
            for (String chain : List.of("CNI-HOSTPORT-DNAT", "CNI-HOSTPORT-MASQ", "CNI-HOSTPORT-SETMARK")) {
                ipt("nat", "-F", chain);
                ipt("nat", "-X", chain);
            }
        }
        if (rules("filter", "CNI-FORWARD") == 2 && rules("filter", "CNI-ADMIN") == 1) {
            ipt("filter", "-D", "FORWARD", "-m", "comment", "--comment", "CNI firewall plugin rules", "-j", "CNI-FORWARD");
            ipt("filter", "-F", "CNI-FORWARD");
            ipt("filter", "-X", "CNI-FORWARD");
            ipt("filter", "-X", "CNI-ADMIN");
        }
    }

    /** The lines of {@code iptables -S chain} (1 for an empty chain), or -1 when there is no such chain. */
    private static int rules(String table, String chain) {
        Commands.Result r = ipt(table, "-S", chain);
        return r.exitCode() != 0 ? -1 : (int) r.stdoutText().lines().count();
    }

    private static Commands.Result ipt(String table, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("iptables", "-w", "5", "-t", table));
        argv.addAll(List.of(args));
        return Commands.run(argv, null, TIMEOUT);
    }
}

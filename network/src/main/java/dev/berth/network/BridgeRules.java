package dev.berth.network;

import dev.berth.common.Commands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The iptables rules of one bridge network, as dockerd keeps them per network rather than per container:
 * forwarding to and from the bridge is accepted (the host's FORWARD policy may be DROP, as a Docker
 * daemon sets it), traffic leaving the subnet is masqueraded, and an internal network forwards nothing
 * beyond its bridge. Each rule names its bridge in a comment; {@link #install} is idempotent.
 */
public final class BridgeRules {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private BridgeRules() {}

    public static void install(String bridge, Cidr subnet, boolean internal) {
        for (List<String> rule : rules(bridge, subnet, internal)) {
            if (ipt(rule, "-C").exitCode() != 0) {
                var r = ipt(rule, rule.get(1).equals("POSTROUTING") ? "-A" : "-I");
                if (r.exitCode() != 0) throw new IllegalStateException("iptables " + String.join(" ", rule) + ": " + r.stderr().strip());
            }
        }
    }

    /** Removes the network's rules; those already gone are skipped. */
    public static void remove(String bridge, Cidr subnet, boolean internal) {
        for (List<String> rule : rules(bridge, subnet, internal)) {
            while (ipt(rule, "-D").exitCode() == 0) {
                // a rule inserted twice (two daemons, or a crash between check and insert) goes twice
            }
        }
    }

    /** Each rule as {@code table, chain, match...}. */
    private static List<List<String>> rules(String bridge, Cidr subnet, boolean internal) {
        List<String> comment = List.of("-m", "comment", "--comment", "berth " + bridge);
        List<List<String>> out = new ArrayList<>();
        if (internal) {
            out.add(rule("filter", "FORWARD", List.of("-i", bridge, "!", "-o", bridge), comment, "DROP"));
            out.add(rule("filter", "FORWARD", List.of("-o", bridge, "!", "-i", bridge), comment, "DROP"));
        } else {
            out.add(rule("filter", "FORWARD", List.of("-i", bridge), comment, "ACCEPT"));
            out.add(rule("filter", "FORWARD", List.of("-o", bridge), comment, "ACCEPT"));
            out.add(rule("nat", "POSTROUTING", List.of("-s", subnet.toString(), "!", "-o", bridge), comment, "MASQUERADE"));
        }
        return out;
    }

    private static List<String> rule(String table, String chain, List<String> match, List<String> comment, String target) {
        List<String> r = new ArrayList<>(List.of(table, chain));
        r.addAll(match);
        r.addAll(comment);
        r.addAll(List.of("-j", target));
        return r;
    }

    private static Commands.Result ipt(List<String> rule, String op) {
        List<String> argv = new ArrayList<>(List.of("iptables", "-w", "5", "-t", rule.get(0), op, rule.get(1)));
        argv.addAll(rule.subList(2, rule.size()));
        return Commands.run(argv, null, TIMEOUT);
    }
}

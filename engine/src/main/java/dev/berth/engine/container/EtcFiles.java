package dev.berth.engine.container;

import dev.berth.common.EngineException;
import java.util.ArrayList;
import java.util.List;

/**
 * The contents of the {@code /etc/hostname}, {@code /etc/hosts} and {@code /etc/resolv.conf} files
 * berth bind-mounts into a container, as dockerd (libnetwork) writes them.
 */
final class EtcFiles {
    /** What libnetwork puts first in every container's hosts file. */
    static final String DEFAULT_HOSTS = """
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            fe00::0\tip6-localnet
            ff00::0\tip6-mcastprefix
            ff02::1\tip6-allnodes
            ff02::2\tip6-allrouters
            """;

    /** Docker's fallback when the host has no usable name server. */
    static final List<String> DEFAULT_NAMESERVERS = List.of("8.8.8.8", "8.8.4.4");

    private EtcFiles() {}

    static String hostname(String hostname) {
        return hostname + "\n";
    }

    /**
     * The defaults, the {@code --add-host} entries, then the container's own line.
     *
     * @param self the line of the container's address and {@code hostname[.domain]} names, or null to leave it out
     */
    static String hosts(String base, List<String> extraHosts, String self) {
        StringBuilder b = new StringBuilder(base);
        if (!base.isEmpty() && !base.endsWith("\n")) b.append('\n');
        for (String e : extraHosts) {
            String[] hostIp = splitExtraHost(e);
            b.append(hostIp[1]).append('\t').append(hostIp[0]).append('\n');
        }
        if (self != null) b.append(self).append('\n');
        return b.toString();
    }

    /**
     * {@code name:ip} (the ip may be IPv6, so the first colon splits; {@code host-gateway} is replaced by the
     * default bridge's gateway when the file is written).
     *
     * @throws EngineException.InvalidArgument with Docker's wording
     */
    static String[] splitExtraHost(String entry) {
        int colon = entry.indexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            throw new EngineException.InvalidArgument("invalid argument \"" + entry + "\" for \"--add-host\" flag: bad format for add-host: \"" + entry + "\"");
        }
        String ip = entry.substring(colon + 1);
        if (!ip.equals("host-gateway") && !ip.matches("[0-9a-fA-F.:]+")) {
            throw new EngineException.InvalidArgument("invalid argument \"" + entry + "\" for \"--add-host\" flag: invalid IP address in add-host: \"" + ip + "\"");
        }
        return new String[] {entry.substring(0, colon), ip};
    }

    /**
     * resolv.conf for a container with its own network namespace: the host's, without loopback and
     * IPv6 name servers (they cannot be reached from there), Docker's public fallback if none is
     * left; {@code --dns}, {@code --dns-search}, {@code --dns-option} replace their part.
     */
    static String resolvConf(String host, List<String> dns, List<String> search, List<String> options) {
        List<String> servers = new ArrayList<>();
        List<String> hostSearch = new ArrayList<>();
        List<String> hostOptions = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (String raw : host.split("\n")) {
            String line = raw.strip();
            String[] f = line.split("\\s+");
            switch (f[0]) {
                case "nameserver" -> {
                    if (f.length > 1 && !isLoopback(f[1]) && !f[1].contains(":")) servers.add(f[1]);
                }
                case "search", "domain" -> {
                    hostSearch.clear();
                    for (int i = 1; i < f.length; i++) hostSearch.add(f[i]);
                }
                case "options" -> {
                    for (int i = 1; i < f.length; i++) hostOptions.add(f[i]);
                }
                default -> {
                    if (!line.isEmpty() && (line.startsWith("#") || line.startsWith(";"))) other.add(line);
                }
            }
        }
        List<String> ns = dns.isEmpty() ? servers : dns;
        if (ns.isEmpty()) ns = DEFAULT_NAMESERVERS;
        List<String> se = search.isEmpty() ? hostSearch : search;
        List<String> op = options.isEmpty() ? hostOptions : options;
        StringBuilder b = new StringBuilder();
        if (dns.isEmpty() && search.isEmpty() && options.isEmpty()) other.forEach(l -> b.append(l).append('\n'));
        if (!se.isEmpty() && !(se.size() == 1 && se.getFirst().equals("."))) b.append("search ").append(String.join(" ", se)).append('\n');
        for (String s : ns) b.append("nameserver ").append(s).append('\n');
        if (!op.isEmpty()) b.append("options ").append(String.join(" ", op)).append('\n');
        return b.toString();
    }

    private static boolean isLoopback(String ip) {
        return ip.startsWith("127.") || ip.equals("::1") || ip.equals("0:0:0:0:0:0:0:1");
    }
}

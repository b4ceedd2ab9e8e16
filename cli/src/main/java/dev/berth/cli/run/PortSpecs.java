package dev.berth.cli.run;

import dev.berth.api.PortBinding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * docker's {@code -p}/{@code --publish} and {@code --expose} parsing ({@code nat.ParsePortSpecs} and
 * the CLI's long syntax {@code published=8080,target=80,protocol=udp}), with docker's messages.
 */
public final class PortSpecs {
    /** Exposed ports ("80/tcp") and their host bindings, in first-seen order. */
    public record Parsed(Map<String, Object> exposed, Map<String, List<PortBinding>> bindings) {}

    private PortSpecs() {}

    /** Parses {@code -p} values; exposed ports map to empty objects. */
    public static Parsed parse(List<String> publish) {
        Map<String, Object> exposed = new LinkedHashMap<>();
        Map<String, List<PortBinding>> bindings = new LinkedHashMap<>();
        for (String raw : publish) {
            for (String spec : standardNotation(raw)) {
                for (String[] mapping : parseSpec(spec)) {
                    String port = mapping[0];
                    if (!exposed.containsKey(port)) exposed.put(port, Map.of());
                    List<PortBinding> list = bindings.get(port);
                    if (list == null) {
                        list = new ArrayList<>();
                        bindings.put(port, list);
                    }
                    list.add(new PortBinding(mapping[1], mapping[2]));
                }
            }
        }
        return new Parsed(exposed, bindings);
    }

    /** {@code convertToStandardNotation}: the long syntax becomes {@code published:target/protocol}. */
    static List<String> standardNotation(String publish) {
        if (publish.indexOf('=') < 0) return List.of(publish);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("protocol", "tcp");
        for (String param : publish.split(",", -1)) {
            int eq = param.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("invalid publish opts format (should be name=value but got '" + param + "')");
            }
            params.put(param.substring(0, eq), param.substring(eq + 1));
        }
        return List.of(params.getOrDefault("published", "") + ":" + params.getOrDefault("target", "") + "/"
                + params.get("protocol"));
    }

    /** {@code nat.ParsePortSpec}: {port, hostIp, hostPort} for each port of the spec. */
    static List<String[]> parseSpec(String rawPort) {
        String[] parts = rawPort.split(":", -1);
        int n = parts.length;
        String containerPort = parts[n - 1];
        String ip = "";
        String hostPort = "";
        if (n == 2) {
            hostPort = parts[0];
        } else if (n == 3) {
            ip = parts[0];
            hostPort = parts[1];
        } else if (n > 3) {
            ip = String.join(":", java.util.Arrays.asList(parts).subList(0, n - 2));
            hostPort = parts[n - 2];
        }
        String[] pp = splitProtoPort(containerPort);
        String proto = pp[0];
        containerPort = pp[1];
        if (!ip.isEmpty() && ip.charAt(0) == '[') {
            int close = ip.indexOf(']');
            if (close < 0 || close != ip.length() - 1) {
                throw new IllegalArgumentException("invalid IP address " + ip + ": address " + ip + ": missing ']' in address");
            }
            ip = ip.substring(1, close);
        }
        if (!ip.isEmpty() && !IpAddr.isValid(ip)) throw new IllegalArgumentException("invalid IP address: " + ip);
        if (containerPort.isEmpty()) throw new IllegalArgumentException("no port specified: " + rawPort + "<empty>");
        long[] cp;
        try {
            cp = portRange(containerPort);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid containerPort: " + containerPort);
        }
        long[] hp = {0, 0};
        if (!hostPort.isEmpty()) {
            try {
                hp = portRange(hostPort);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid hostPort: " + hostPort);
            }
        }
        if (!hostPort.isEmpty() && (cp[1] - cp[0]) != (hp[1] - hp[0]) && cp[1] != cp[0]) {
            throw new IllegalArgumentException("invalid ranges specified for container and host Ports: " + containerPort
                    + " and " + hostPort);
        }
        String lower = proto.toLowerCase(java.util.Locale.ROOT);
        if (!lower.equals("tcp") && !lower.equals("udp") && !lower.equals("sctp")) {
            throw new IllegalArgumentException("invalid proto: " + proto);
        }
        List<String[]> out = new ArrayList<>();
        for (long i = 0; i <= cp[1] - cp[0]; i++) {
            String hostValue = hostPort;
            if (!hostPort.isEmpty()) hostValue = Long.toString(hp[0] + i);
            if (cp[0] == cp[1] && hp[0] != hp[1]) hostValue = hostValue + "-" + hp[1];
            out.add(new String[] {(cp[0] + i) + "/" + lower, ip, hostValue});
        }
        return out;
    }

    /** {@code nat.SplitProtoPort}: {proto, port}. */
    static String[] splitProtoPort(String raw) {
        String[] parts = raw.split("/", -1);
        if (raw.isEmpty() || parts[0].isEmpty()) return new String[] {"", ""};
        if (parts.length == 1) return new String[] {"tcp", raw};
        if (parts[1].isEmpty()) return new String[] {"tcp", parts[0]};
        return new String[] {parts[1], parts[0]};
    }

    /** {@code nat.ParsePortRange}: {start, end}. */
    static long[] portRange(String ports) {
        if (ports.isEmpty()) throw new IllegalArgumentException("empty string specified for ports");
        int dash = ports.indexOf('-');
        if (dash < 0) {
            long p = GoParse.parseUint(ports, 10, 16);
            return new long[] {p, p};
        }
        String[] parts = ports.split("-", -1);
        long start = GoParse.parseUint(parts[0], 10, 16);
        long end = GoParse.parseUint(parts[1], 10, 16);
        if (end < start) throw new IllegalArgumentException("invalid range specified for port: " + ports);
        return new long[] {start, end};
    }

    /** Adds the {@code --expose} values to {@code exposed}. */
    public static void expose(List<String> expose, Map<String, Object> exposed) {
        for (String e : expose) {
            if (e.indexOf(':') >= 0) throw new IllegalArgumentException("invalid port format for --expose: " + e);
            String[] pp = splitProtoPort(e);
            long[] range;
            try {
                range = portRange(pp[1]);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("invalid range format for --expose: " + e + ", error: " + ex.getMessage());
            }
            for (long i = range[0]; i <= range[1]; i++) {
                String p = i + "/" + pp[0];
                if (!exposed.containsKey(p)) exposed.put(p, Map.of());
            }
        }
    }
}

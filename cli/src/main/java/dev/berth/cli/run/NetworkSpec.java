package dev.berth.cli.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code --network} value ({@code opts.NetworkAttachmentOpts}): a plain name, or the long syntax
 * {@code name=n,alias=a,ip=...,ip6=...,mac-address=...,link-local-ip=...,driver-opt=k=v,gw-priority=N}.
 */
public record NetworkSpec(String target, List<String> aliases, String ipv4Address, String ipv6Address,
                          List<String> links, List<String> linkLocalIps, Map<String, String> driverOpts,
                          String macAddress, int gwPriority) {

    /** @throws IllegalArgumentException with docker's message */
    public static NetworkSpec parse(String value) {
        if (!longSyntax(value)) return new NetworkSpec(value, List.of(), "", "", List.of(), List.of(), null, "", 0);
        String target = "";
        List<String> aliases = new ArrayList<>();
        String ip4 = "";
        String ip6 = "";
        String mac = "";
        List<String> lls = new ArrayList<>();
        Map<String, String> driverOpts = null;
        int prio = 0;
        for (String field : Csv.fields(value)) {
            String f = field.toLowerCase(Locale.ROOT);
            int eq = f.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("invalid field " + field);
            String key = f.substring(0, eq).strip();
            String val = f.substring(eq + 1).strip();
            switch (key) {
                case "name" -> target = val;
                case "alias" -> aliases.add(val);
                case "ip" -> ip4 = val;
                case "ip6" -> ip6 = val;
                case "mac-address" -> mac = val;
                case "link-local-ip" -> lls.add(val);
                case "driver-opt" -> {
                    int e = val.indexOf('=');
                    if (e <= 0) throw new IllegalArgumentException("invalid key value pair format in driver options");
                    if (driverOpts == null) driverOpts = new LinkedHashMap<>();
                    driverOpts.put(val.substring(0, e).strip(), val.substring(e + 1).strip());
                }
                case "gw-priority" -> {
                    try {
                        prio = (int) GoParse.parseInt(val, 10, 64);
                    } catch (IllegalArgumentException ex) {
                        String why = ex.getMessage().endsWith("value out of range") ? "value out of range" : "invalid syntax";
                        throw new IllegalArgumentException("invalid gw-priority (" + val + "): " + why);
                    }
                }
                default -> throw new IllegalArgumentException("invalid field key " + key);
            }
        }
        if (target.isEmpty()) throw new IllegalArgumentException("network name/id is not specified");
        return new NetworkSpec(target, aliases, ip4, ip6, List.of(), lls, driverOpts, mac, prio);
    }

    /** docker's test {@code \w+=\w+(,\w+=\w+)*} (unanchored): some word=word in the value. */
    private static boolean longSyntax(String v) {
        for (int i = 1; i + 1 < v.length(); i++) {
            if (v.charAt(i) == '=' && word(v.charAt(i - 1)) && word(v.charAt(i + 1))) return true;
        }
        return false;
    }

    private static boolean word(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** Whether a network mode names a user-defined network (not default, bridge, host, none or container:...). */
    public static boolean isUserDefined(String mode) {
        return !mode.equals("default") && !mode.equals("bridge") && !mode.equals("host") && !mode.equals("none")
                && !mode.startsWith("container:");
    }
}

package dev.berth.cli.run;

import dev.berth.cli.Flag;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What docker's flag value types check when a flag is given ({@code pflag.Value.Set}): the value
 * is refused with docker's message (the parser prints {@code invalid argument "v" for "--f" flag: ...})
 * or returned, normalised where docker normalises ({@code --add-host a=1.2.3.4} becomes {@code a:1.2.3.4}).
 */
public final class FlagChecks {
    private FlagChecks() {}

    /** @throws IllegalArgumentException with docker's message */
    public static String check(Flag.Type type, String value) {
        switch (type) {
            case BYTES:
                GoParse.ramInBytes(value);
                return value;
            case SWAP_BYTES:
                if (!value.equals("-1")) GoParse.ramInBytes(value);
                return value;
            case DECIMAL:
                GoParse.nanoCpus(value);
                return value;
            case DURATION:
                GoParse.duration(value);
                return value;
            case UINT16:
                GoParse.parseUint(value, 0, 16);
                return value;
            case UINT:
                GoParse.parseUint(value, 0, 64);
                return value;
            case ULIMIT:
                Ulimits.parse(value);
                return value;
            case MOUNT:
                MountSpec.parse(value, Path.of("/"));
                return value;
            case NETWORK:
                NetworkSpec.parse(value);
                return value;
            case SYSCTL:
                return sysctl(value);
            case GPUS:
                Gpus.parse(value);
                return value;
            case ENV_LIST:
                if (value.indexOf('=') == 0 || value.isEmpty()) {
                    throw new IllegalArgumentException("invalid environment variable: " + value);
                }
                return value;
            case LABEL_LIST:
                return label(value);
            case ATTACH_LIST:
                return attach(value);
            case HOST_LIST:
                return extraHost(value);
            case IP_LIST:
                return ip(value);
            case DNS_SEARCH_LIST:
                return dnsSearch(value);
            case LINK_LIST:
                return link(value);
            case CGROUP_RULE_LIST:
                if (!cgroupRule(value)) throw new IllegalArgumentException("invalid device cgroup format '" + value + "'");
                return value;
            case WEIGHT_DEVICE_LIST:
                Devices.weight(value);
                return value;
            case BPS_DEVICE_LIST:
                Devices.bps(value);
                return value;
            case IOPS_DEVICE_LIST:
                Devices.iops(value);
                return value;
            default:
                return value;
        }
    }

    static String label(String value) {
        int eq = value.indexOf('=');
        String key = eq < 0 ? value : value.substring(0, eq);
        int i = 0;
        while (i < key.length() && (key.charAt(i) == ' ' || key.charAt(i) == '\t')) i++;
        key = key.substring(i);
        if (key.isEmpty()) throw new IllegalArgumentException("invalid label '" + value + "': empty name");
        if (key.indexOf(' ') >= 0 || key.indexOf('\t') >= 0) {
            throw new IllegalArgumentException("label '" + key + "' contains whitespaces");
        }
        return value;
    }

    static String attach(String value) {
        String s = value.toLowerCase(Locale.ROOT);
        if (s.equals("stdin") || s.equals("stdout") || s.equals("stderr")) return s;
        throw new IllegalArgumentException("valid streams are STDIN, STDOUT and STDERR");
    }

    static String extraHost(String val) {
        int sep = val.indexOf('=');
        if (sep < 0) sep = val.indexOf(':');
        String k = sep < 0 ? val : val.substring(0, sep);
        String v = sep < 0 ? "" : val.substring(sep + 1);
        if (sep < 0 || k.isEmpty() || k.indexOf(':') >= 0) {
            throw new IllegalArgumentException("bad format for add-host: " + MountSpec.quote(val));
        }
        if (!v.equals("host-gateway")) {
            if (v.length() > 2 && v.charAt(0) == '[' && v.charAt(v.length() - 1) == ']') v = v.substring(1, v.length() - 1);
            if (!IpAddr.isValid(v.strip())) throw new IllegalArgumentException("invalid IP address in add-host: " + MountSpec.quote(v));
        }
        return k + ":" + v;
    }

    static String ip(String val) {
        String c = IpAddr.canonical(val.strip());
        if (c == null) throw new IllegalArgumentException("IP address is not correctly formatted: " + val);
        return c;
    }

    static String dnsSearch(String val) {
        int a = 0;
        int b = val.length();
        while (a < b && val.charAt(a) == ' ') a++;
        while (b > a && val.charAt(b - 1) == ' ') b--;
        val = val.substring(a, b);
        if (val.equals(".")) return val;
        boolean letter = false;
        for (int i = 0; i < val.length(); i++) {
            char c = val.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) letter = true;
        }
        String bad = val + " is not a valid domain";
        if (!letter) throw new IllegalArgumentException(bad);
        int end = val.length();
        while (end > 0 && Character.isWhitespace(val.charAt(end - 1))) end--;
        String d = val.substring(0, end);
        if (d.endsWith(".")) d = d.substring(0, d.length() - 1);
        if (d.isEmpty() || d.length() >= 255) throw new IllegalArgumentException(bad);
        for (String labelPart : d.split("\\.", -1)) {
            if (labelPart.isEmpty() || !alnum(labelPart.charAt(0)) || !alnum(labelPart.charAt(labelPart.length() - 1))) {
                throw new IllegalArgumentException(bad);
            }
            for (int i = 0; i < labelPart.length(); i++) {
                char c = labelPart.charAt(i);
                if (!alnum(c) && c != '-') throw new IllegalArgumentException(bad);
            }
        }
        return d;
    }

    private static boolean alnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    static String link(String val) {
        if (val.isEmpty()) throw new IllegalArgumentException("empty string specified for links");
        if (val.split(":", -1).length > 2) throw new IllegalArgumentException("bad format for links: " + val);
        return val;
    }

    static String sysctl(String val) {
        int eq = val.indexOf('=');
        String k = eq < 0 ? "" : val.substring(0, eq);
        if (eq < 0 || k.isEmpty()) throw new IllegalArgumentException("sysctl '" + val + "' is not allowed");
        switch (k) {
            case "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax",
                 "kernel.shmmni", "kernel.shm_rmid_forced":
                return val;
            default:
                if (k.startsWith("net.") || k.startsWith("fs.mqueue.")) return val;
                throw new IllegalArgumentException("sysctl '" + val + "' is not allowed");
        }
    }

    /** {@code ^[acb] ([0-9]+|\*):([0-9]+|\*) [rwm]{1,3}$}. */
    static boolean cgroupRule(String v) {
        if (v.length() < 7) return false;
        char t = v.charAt(0);
        if ((t != 'a' && t != 'c' && t != 'b') || v.charAt(1) != ' ') return false;
        int i = 2;
        i = majorMinor(v, i);
        if (i < 0 || i >= v.length() || v.charAt(i) != ':') return false;
        i = majorMinor(v, i + 1);
        if (i < 0 || i >= v.length() || v.charAt(i) != ' ') return false;
        String perms = v.substring(i + 1);
        if (perms.isEmpty() || perms.length() > 3) return false;
        for (int k = 0; k < perms.length(); k++) {
            char c = perms.charAt(k);
            if (c != 'r' && c != 'w' && c != 'm') return false;
        }
        return true;
    }

    private static int majorMinor(String v, int i) {
        if (i < v.length() && v.charAt(i) == '*') return i + 1;
        int start = i;
        while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') i++;
        return i > start ? i : -1;
    }
}

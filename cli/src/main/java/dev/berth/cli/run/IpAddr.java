package dev.berth.cli.run;

/**
 * Go's {@code net.ParseIP} and {@code IP.String()} for literal addresses (no name lookups): IPv4
 * in dotted decimal without leading zeros, IPv6 in any RFC 4291 text form; printed back in canonical
 * form (IPv6 lower case with the longest run of zero groups compressed, IPv4-mapped as ::ffff:a.b.c.d).
 */
public final class IpAddr {
    private IpAddr() {}

    /** The 16-byte form, or null if {@code s} is not an address. */
    public static byte[] parse(String s) {
        if (s.indexOf(':') >= 0) return parse6(s);
        byte[] v4 = parse4(s);
        if (v4 == null) return null;
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(v4, 0, out, 12, 4);
        return out;
    }

    public static boolean isValid(String s) {
        return parse(s) != null;
    }

    /** {@code IP.String()} of a parsed address, or null if {@code s} is not one. */
    public static String canonical(String s) {
        byte[] ip = parse(s);
        return ip == null ? null : format(ip);
    }

    /** Whether the address is a loopback one (127.0.0.0/8 or ::1). */
    public static boolean isLoopback(String s) {
        byte[] ip = parse(s);
        if (ip == null) return false;
        if (isV4(ip)) return (ip[12] & 0xff) == 127;
        for (int i = 0; i < 15; i++) if (ip[i] != 0) return false;
        return ip[15] == 1;
    }

    private static byte[] parse4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return null;
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) return null;
            int v = 0;
            for (int j = 0; j < p.length(); j++) {
                char c = p.charAt(j);
                if (c < '0' || c > '9') return null;
                v = v * 10 + (c - '0');
            }
            if (v > 255) return null;
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] parse6(String s) {
        byte[] ip = new byte[16];
        int ellipsis = -1;
        int i = 0;
        if (s.startsWith("::")) {
            ellipsis = 0;
            s = s.substring(2);
            if (s.isEmpty()) return ip;
        }
        while (i < 16) {
            int n = 0;
            int len = 0;
            while (len < s.length() && Character.digit(s.charAt(len), 16) >= 0 && len < 5) {
                n = n * 16 + Character.digit(s.charAt(len), 16);
                len++;
            }
            if (len == 0 || len > 4) return null;
            if (len < s.length() && s.charAt(len) == '.') {
                if (ellipsis < 0 && i != 12) return null;
                if (i + 4 > 16) return null;
                byte[] v4 = parse4(s);
                if (v4 == null) return null;
                System.arraycopy(v4, 0, ip, i, 4);
                i += 4;
                s = "";
                break;
            }
            ip[i] = (byte) (n >> 8);
            ip[i + 1] = (byte) n;
            i += 2;
            s = s.substring(len);
            if (s.isEmpty()) break;
            if (s.charAt(0) != ':' || s.length() == 1) return null;
            s = s.substring(1);
            if (s.charAt(0) == ':') {
                if (ellipsis >= 0) return null;
                ellipsis = i;
                s = s.substring(1);
                if (s.isEmpty()) break;
            }
        }
        if (!s.isEmpty()) return null;
        if (i < 16) {
            if (ellipsis < 0) return null;
            int n = 16 - i;
            for (int j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
            for (int j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
        } else if (ellipsis >= 0) {
            return null;
        }
        return ip;
    }

    private static boolean isV4(byte[] ip) {
        for (int i = 0; i < 10; i++) if (ip[i] != 0) return false;
        return ip[10] == (byte) 0xff && ip[11] == (byte) 0xff;
    }

    static String format(byte[] ip) {
        if (isV4(ip)) {
            return (ip[12] & 0xff) + "." + (ip[13] & 0xff) + "." + (ip[14] & 0xff) + "." + (ip[15] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 16; i += 2) {
            int j = i;
            while (j < 16 && ip[j] == 0 && ip[j + 1] == 0) j += 2;
            if (j - i > bestLen && j - i >= 4) {
                bestStart = i;
                bestLen = j - i;
            }
            if (j > i) i = j - 2;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 2;
                continue;
            }
            if (i > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(((ip[i] & 0xff) << 8) | (ip[i + 1] & 0xff)));
        }
        return sb.toString();
    }

    /** Go's {@code net.JoinHostPort}: brackets around a host containing a colon. */
    public static String joinHostPort(String host, String port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}

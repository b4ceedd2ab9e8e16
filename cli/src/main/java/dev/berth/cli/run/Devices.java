package dev.berth.cli.run;

import dev.berth.api.DeviceMapping;
import dev.berth.api.ThrottleDevice;
import dev.berth.api.WeightDevice;

/** docker's device flags: {@code --device}, {@code --blkio-weight-device}, {@code --device-read-bps}... */
public final class Devices {
    private Devices() {}

    public static WeightDevice weight(String val) {
        String[] kv = devicePair(val);
        long w;
        try {
            w = GoParse.parseUint(kv[1], 10, 16);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid weight for device: " + val);
        }
        if (w > 0 && (w < 10 || w > 1000)) throw new IllegalArgumentException("invalid weight for device: " + val);
        return new WeightDevice(kv[0], (int) w);
    }

    public static ThrottleDevice bps(String val) {
        String[] kv = devicePair(val);
        long rate;
        try {
            rate = GoParse.ramInBytes(kv[1]);
        } catch (IllegalArgumentException e) {
            rate = -1;
        }
        if (rate < 0) {
            throw new IllegalArgumentException("invalid rate for device: " + val + ". The correct format is "
                    + "<device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb");
        }
        return new ThrottleDevice(kv[0], rate);
    }

    public static ThrottleDevice iops(String val) {
        String[] kv = devicePair(val);
        try {
            return new ThrottleDevice(kv[0], GoParse.parseUint(kv[1], 10, 64));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid rate for device: " + val
                    + ". The correct format is <device-path>:<number>. Number must be a positive integer");
        }
    }

    private static String[] devicePair(String val) {
        int c = val.indexOf(':');
        if (c <= 0) throw new IllegalArgumentException("bad format: " + val);
        String k = val.substring(0, c);
        if (!k.startsWith("/dev/")) throw new IllegalArgumentException("bad format for device path: " + val);
        return new String[] {k, val.substring(c + 1)};
    }

    /** {@code --device HOST[:CONTAINER][:PERMISSIONS]} for a Linux daemon (validated, then parsed). */
    public static DeviceMapping mapping(String device) {
        String val = validatePath(device);
        String[] arr = val.split(":", -1);
        if (arr.length > 3) throw new IllegalArgumentException("invalid device specification: " + device);
        String src = arr[0];
        String dst = "";
        String perms = "rwm";
        if (arr.length == 3) perms = arr[2];
        if (arr.length >= 2) {
            if (validMode(arr[1])) perms = arr[1];
            else dst = arr[1];
        }
        if (dst.isEmpty()) dst = src;
        return new DeviceMapping(src, dst, perms);
    }

    private static String validatePath(String val) {
        int colons = 0;
        for (int i = 0; i < val.length(); i++) if (val.charAt(i) == ':') colons++;
        if (colons > 2) throw new IllegalArgumentException("bad format for path: " + val);
        String[] split = val.split(":", 3);
        if (split[0].isEmpty()) throw new IllegalArgumentException("bad format for path: " + val);
        String containerPath;
        String out;
        if (split.length == 1) {
            containerPath = split[0];
            out = cleanPath(containerPath);
        } else if (split.length == 2) {
            if (validMode(split[1])) {
                containerPath = split[0];
                out = cleanPath(containerPath) + ":" + split[1];
            } else {
                containerPath = split[1];
                out = split[0] + ":" + cleanPath(containerPath);
            }
        } else {
            containerPath = split[1];
            if (!validMode(split[2])) throw new IllegalArgumentException("bad mode specified: " + split[2]);
            out = val;
        }
        if (!containerPath.startsWith("/")) throw new IllegalArgumentException(containerPath + " is not an absolute path");
        return out;
    }

    private static boolean validMode(String mode) {
        if (mode.isEmpty()) return false;
        boolean r = false;
        boolean w = false;
        boolean m = false;
        for (int i = 0; i < mode.length(); i++) {
            switch (mode.charAt(i)) {
                case 'r' -> {
                    if (r) return false;
                    r = true;
                }
                case 'w' -> {
                    if (w) return false;
                    w = true;
                }
                case 'm' -> {
                    if (m) return false;
                    m = true;
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    /** Go's {@code path.Clean}. */
    public static String cleanPath(String p) {
        if (p.isEmpty()) return ".";
        boolean rooted = p.charAt(0) == '/';
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String part : p.split("/", -1)) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.peekLast().equals("..")) parts.pollLast();
                else if (!rooted) parts.addLast("..");
                continue;
            }
            parts.addLast(part);
        }
        String joined = String.join("/", parts);
        if (rooted) return "/" + joined;
        return joined.isEmpty() ? "." : joined;
    }
}

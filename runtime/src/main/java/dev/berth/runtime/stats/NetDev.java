package dev.berth.runtime.stats;

import dev.berth.runtime.internal.KernelFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Interface counters of a network namespace from {@code /proc/<pid>/net/dev}, which shows the
 * namespace of that process: the raw material of {@code docker stats}' NET I/O.
 */
public final class NetDev {
    private NetDev() {}

    /** One interface's counters since it came up. */
    public record Counters(long rxBytes, long rxPackets, long rxErrors, long rxDropped,
                           long txBytes, long txPackets, long txErrors, long txDropped) {}

    /**
     * The interfaces of the network namespace of {@code pid} except loopback (Docker reports only
     * the container's endpoints), by name; empty if the process is gone.
     */
    public static Map<String, Counters> read(long pid) {
        try {
            return parse(KernelFiles.read(Path.of("/proc", Long.toString(pid), "net", "dev")));
        } catch (IOException e) {
            return Map.of();
        }
    }

    /**
     * Parses the file: two header lines, then {@code name: rx(bytes packets errs drop fifo frame
     * compressed multicast) tx(bytes packets errs drop fifo colls carrier compressed)}.
     */
    static Map<String, Counters> parse(String text) {
        Map<String, Counters> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.contains("|")) continue;
            String name = line.substring(0, colon).strip();
            String[] f = line.substring(colon + 1).strip().split("\\s+");
            if (name.equals("lo") || f.length < 16) continue;
            long[] v = new long[16];
            for (int i = 0; i < 16; i++) {
                try {
                    v[i] = Long.parseLong(f[i]);
                } catch (NumberFormatException e) {
                    v[i] = 0;
                }
            }
            out.put(name, new Counters(v[0], v[1], v[2], v[3], v[8], v[9], v[10], v[11]));
        }
        return out;
    }
}

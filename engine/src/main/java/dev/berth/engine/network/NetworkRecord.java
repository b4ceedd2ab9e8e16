package dev.berth.engine.network;

import java.util.Map;
import java.util.Set;

/**
 * A network as the engine keeps it ({@code <data-root>/networks/<id>.json}).
 *
 * @param id         64 hex digits
 * @param name       unique among networks
 * @param driver     {@code bridge}, {@code host} or {@code null} (Docker's driver names)
 * @param created    RFC 3339 with nanoseconds, as Docker shows it
 * @param subnet     the IPv4 subnet in CIDR form (bridge networks only, else null)
 * @param gateway    the bridge's own address in the subnet
 * @param ipRange    the part of the subnet containers get addresses from, or null
 * @param internal   no route out of the network ({@code --internal})
 * @param attachable {@code --attachable} (kept for inspect)
 * @param labels     {@code --label}
 * @param options    {@code -o} driver options
 * @param bridge     the Linux bridge's name (bridge networks only)
 */
public record NetworkRecord(String id, String name, String driver, String created, String subnet, String gateway,
                            String ipRange, boolean internal, boolean attachable, Map<String, String> labels,
                            Map<String, String> options, String bridge) {
    /** The networks every daemon has, which cannot be removed. */
    public static final Set<String> PREDEFINED = Set.of("bridge", "host", "none");

    public NetworkRecord {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public boolean predefined() {
        return PREDEFINED.contains(name);
    }

    public boolean bridgeDriver() {
        return driver.equals("bridge");
    }

    /** A bridge network other than the default {@code bridge}: names resolve there (embedded DNS). */
    public boolean userDefined() {
        return bridgeDriver() && !name.equals("bridge");
    }

    public String shortId() {
        return id.substring(0, 12);
    }
}

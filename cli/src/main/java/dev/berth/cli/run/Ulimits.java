package dev.berth.cli.run;

import dev.berth.api.Ulimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/** go-units' {@code ParseUlimit} ({@code nofile=1024:2048}) and docker's list of them (one per name, sorted). */
public final class Ulimits {
    private static final Set<String> NAMES = Set.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
            "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");

    private Ulimits() {}

    /** @throws IllegalArgumentException with go-units' message */
    public static Ulimit parse(String val) {
        int eq = val.indexOf('=');
        if (eq < 0) throw new IllegalArgumentException("invalid ulimit argument: " + val);
        String name = val.substring(0, eq);
        if (!NAMES.contains(name)) throw new IllegalArgumentException("invalid ulimit type: " + name);
        String[] limits = val.substring(eq + 1).split(":", -1);
        long soft;
        long hard;
        if (limits.length == 2) {
            hard = GoParse.parseInt(limits[1], 10, 64);
            soft = GoParse.parseInt(limits[0], 10, 64);
        } else if (limits.length == 1) {
            soft = GoParse.parseInt(limits[0], 10, 64);
            hard = soft;
        } else {
            throw new IllegalArgumentException("too many limit value arguments - " + val.substring(eq + 1)
                    + ", can only have up to two, `soft[:hard]`");
        }
        if (hard != -1) {
            if (soft == -1) {
                throw new IllegalArgumentException("ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: " + hard);
            }
            if (soft > hard) {
                throw new IllegalArgumentException("ulimit soft limit must be less than or equal to hard limit: " + soft + " > " + hard);
            }
        }
        return new Ulimit(name, hard, soft);
    }

    /** The values of repeated {@code --ulimit} flags: the last per name wins, sorted by name. */
    public static List<Ulimit> list(List<String> values) {
        TreeMap<String, Ulimit> byName = new TreeMap<>();
        for (String v : values) {
            Ulimit u = parse(v);
            byName.put(u.name(), u);
        }
        return new ArrayList<>(byName.values());
    }
}

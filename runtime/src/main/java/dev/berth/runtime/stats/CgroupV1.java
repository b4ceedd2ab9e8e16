package dev.berth.runtime.stats;

import dev.berth.common.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cgroup v1 hierarchies of this host, from {@code /proc/self/mountinfo}: where the directory of
 * a cgroupfs-style cgroups path ({@code /berth/<id>}) is for each controller. A cgroup2 mount
 * (the hybrid {@code unified} hierarchy) is not a v1 hierarchy and is ignored.
 */
public final class CgroupV1 {
    /** A mounted hierarchy: its mount point and the cgroup path at that mount point (usually {@code /}). */
    private record Hierarchy(Path mountPoint, String root) {}

    private final Map<String, Hierarchy> byController;

    private CgroupV1(Map<String, Hierarchy> byController) {
        this.byController = Map.copyOf(byController);
    }

    /** This host's hierarchies, read now. */
    public static CgroupV1 detect() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot read /proc/self/mountinfo: " + e.getMessage(), e);
        }
    }

    static CgroupV1 parse(List<String> mountinfo) {
        Map<String, Hierarchy> map = new HashMap<>();
        for (String line : mountinfo) {
            // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash < 0 || dash + 3 >= f.length || f.length < 5 || !f[dash + 1].equals("cgroup")) continue;
            Hierarchy h = new Hierarchy(Path.of(unescape(f[4])), unescape(f[3]));
            for (String opt : f[dash + 3].split(",")) {
                if (opt.startsWith("name=")) map.putIfAbsent(opt, h);
                else if (!opt.equals("rw") && !opt.equals("ro") && !opt.contains("=")) map.putIfAbsent(opt, h);
            }
        }
        return new CgroupV1(map);
    }

    /** Whether any v1 hierarchy is mounted. */
    public boolean present() {
        return !byController.isEmpty();
    }

    /**
     * The directory of {@code cgroupsPath} for {@code controller} ({@code memory}, {@code cpuacct},
     * {@code pids}...), or empty if that controller is not mounted or its mount does not cover the path.
     */
    public Optional<Path> path(String controller, String cgroupsPath) {
        Hierarchy h = byController.get(controller);
        if (h == null) return Optional.empty();
        String rel = cgroupsPath;
        if (!h.root().equals("/")) {
            if (!cgroupsPath.equals(h.root()) && !cgroupsPath.startsWith(h.root() + "/")) return Optional.empty();
            rel = cgroupsPath.substring(h.root().length());
        }
        return Optional.of(h.mountPoint().resolve(rel.replaceFirst("^/+", "")));
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}

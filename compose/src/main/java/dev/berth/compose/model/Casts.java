package dev.berth.compose.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * After interpolation every value is what the YAML said or a string; the keys that take booleans and
 * numbers get them back here ({@code tty: ${TTY}} with {@code TTY=true}), as Compose casts them.
 */
final class Casts {
    private Casts() {}

    private enum Kind { INT, LONG, FLOAT, BOOL }

    private static final Map<TreePath, Kind> CASTS = new LinkedHashMap<>();

    private static void service(Kind k, String... paths) {
        for (String p : paths) CASTS.put(TreePath.of("services.*." + p), k);
    }

    static {
        service(Kind.LONG, "cpu_count", "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_shares",
                "oom_score_adj", "pids_limit");
        service(Kind.FLOAT, "cpu_percent", "cpus");
        service(Kind.BOOL, "init", "depends_on.*.required", "depends_on.*.restart", "healthcheck.disable",
                "oom_kill_disable", "privileged", "read_only", "stdin_open", "tty", "volumes.[].read_only",
                "volumes.[].volume.nocopy", "volumes.[].bind.create_host_path", "env_file.[].required", "attach");
        service(Kind.INT, "deploy.replicas", "deploy.restart_policy.max_attempts", "healthcheck.retries",
                "ports.[].target", "scale", "ulimits.*", "ulimits.*.hard", "ulimits.*.soft");
        for (String r : List.of("networks", "volumes", "secrets", "configs")) CASTS.put(TreePath.of(r + ".*.external"), Kind.BOOL);
        for (String k : List.of("internal", "attachable", "enable_ipv4", "enable_ipv6")) CASTS.put(TreePath.of("networks.*." + k), Kind.BOOL);
    }

    static Object apply(Object tree) {
        return walk(tree, TreePath.ROOT);
    }

    private static Object walk(Object v, TreePath path) {
        if (v instanceof Yaml.Replacement o) return new Yaml.Replacement(walk(o.value(), path));
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put((String) e.getKey(), walk(e.getValue(), path.next((String) e.getKey())));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(walk(o, path.next(TreePath.ITEM)));
            return out;
        }
        if (v instanceof String s) {
            for (Map.Entry<TreePath, Kind> c : CASTS.entrySet()) {
                if (path.matches(c.getKey())) return cast(s, c.getValue(), path);
            }
        }
        return v;
    }

    private static Object cast(String s, Kind k, TreePath path) {
        try {
            return switch (k) {
                case INT -> Integer.parseInt(s.strip());
                case LONG -> Long.parseLong(s.strip());
                case FLOAT -> Double.parseDouble(s.strip());
                case BOOL -> bool(s);
            };
        } catch (NumberFormatException e) {
            throw new ComposeException("error while interpolating " + path + ": failed to cast to expected type: "
                    + (k == Kind.BOOL ? "invalid boolean: " + s : "invalid syntax: \"" + s + "\""));
        }
    }

    private static boolean bool(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "y", "yes", "on":
                return true;
            case "false", "n", "no", "off":
                return false;
            default:
                throw new NumberFormatException();
        }
    }
}

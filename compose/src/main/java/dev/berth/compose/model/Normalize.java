package dev.berth.compose.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compose's implicit defaults: the {@code default} network for services that name none, resource names
 * {@code <project>_<key>} (the key itself for external ones), {@code depends_on} entries implied by
 * {@code links}, {@code network_mode: service:x} and {@code volumes_from}, build defaults.
 */
final class Normalize {
    private Normalize() {}

    static void apply(Map<String, Object> model, String project) {
        Map<String, Object> networks = model.get("networks") instanceof Map<?, ?> n ? Merge.asMap(n) : new LinkedHashMap<>();
        boolean usesDefault = false;
        if (model.get("services") instanceof Map<?, ?> services) {
            for (Object o : services.values()) {
                Map<String, Object> s = Merge.asMap(o);
                if (s.get("pull_policy") instanceof String p && p.equals("if_not_present")) s.put("pull_policy", "missing");
                if (s.get("build") instanceof Map<?, ?> b) {
                    Map<String, Object> build = Merge.asMap(b);
                    build.putIfAbsent("context", ".");
                    if (build.get("dockerfile_inline") == null) build.putIfAbsent("dockerfile", "Dockerfile");
                }
                if (!s.containsKey("network_mode") && !s.containsKey("provider")) {
                    if (!(s.get("networks") instanceof Map<?, ?> sn) || sn.isEmpty()) {
                        Map<String, Object> d = new LinkedHashMap<>();
                        d.put("default", null);
                        s.put("networks", d);
                        usesDefault = true;
                    } else if (sn.containsKey("default")) {
                        usesDefault = true;
                    }
                }
                Map<String, Object> deps = s.get("depends_on") instanceof Map<?, ?> d ? Merge.asMap(d) : new LinkedHashMap<>();
                if (s.get("links") instanceof List<?> links) {
                    for (Object l : links) {
                        String link = String.valueOf(l);
                        String[] parts = link.split(":");
                        implied(deps, parts.length == 2 ? parts[0] : link, true);
                    }
                }
                for (String ns : List.of("network_mode", "ipc", "pid", "uts", "cgroup")) {
                    if (s.get(ns) instanceof String ref && ref.startsWith("service:")) implied(deps, ref.substring(8), true);
                }
                if (s.get("volumes_from") instanceof List<?> vf) {
                    for (Object v : vf) {
                        String ref = String.valueOf(v);
                        if (!ref.startsWith("container:")) implied(deps, ref.split(":")[0], false);
                    }
                }
                if (!deps.isEmpty()) s.put("depends_on", deps);
            }
        }
        if (usesDefault && !networks.containsKey("default")) networks.put("default", null);
        if (!networks.isEmpty()) model.put("networks", networks);
        for (String kind : List.of("networks", "volumes", "configs", "secrets")) {
            if (!(model.get(kind) instanceof Map<?, ?> resources)) continue;
            for (Map.Entry<String, Object> e : Merge.asMap(resources).entrySet()) {
                Map<String, Object> r = e.getValue() instanceof Map<?, ?> m ? Merge.asMap(m) : new LinkedHashMap<>();
                if (r.get("name") == null) {
                    r.put("name", Boolean.TRUE.equals(r.get("external")) ? e.getKey() : project + "_" + e.getKey());
                }
                e.setValue(r);
            }
        }
    }

    private static void implied(Map<String, Object> deps, String service, boolean restart) {
        if (deps.containsKey(service)) return;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("condition", "service_started");
        d.put("restart", restart);
        d.put("required", true);
        deps.put(service, d);
    }
}

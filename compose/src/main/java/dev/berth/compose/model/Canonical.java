package dev.berth.compose.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place where each short syntax of the Compose Specification is expanded into its long form:
 * after {@link #apply} a service's {@code ports}, {@code volumes}, {@code environment}, {@code depends_on},
 * {@code secrets}, {@code configs}, {@code networks}, {@code build}, {@code env_file}, {@code command}...
 * each have a single shape, which is what the rest of berth compose reads and what {@code config} prints.
 */
public final class Canonical {
    private Canonical() {}

    /** Expands every short syntax in a validated model, in place. */
    public static Map<String, Object> apply(Map<String, Object> model) {
        if (model.get("services") instanceof Map<?, ?> services) {
            for (Map.Entry<String, Object> e : Merge.asMap(services).entrySet()) {
                if (e.getValue() instanceof Map<?, ?> s) service(Merge.asMap(s), TreePath.of("services").next(e.getKey()));
            }
        }
        for (String kind : List.of("networks", "volumes", "secrets", "configs")) {
            if (!(model.get(kind) instanceof Map<?, ?> resources)) continue;
            for (Map.Entry<String, Object> e : Merge.asMap(resources).entrySet()) {
                Map<String, Object> r = e.getValue() instanceof Map<?, ?> m ? Merge.asMap(m) : new LinkedHashMap<>();
                // legacy external: {name: x}
                if (r.get("external") instanceof Map<?, ?> ext) {
                    if (ext.get("name") != null) r.putIfAbsent("name", ext.get("name"));
                    r.put("external", true);
                }
                if (r.get("labels") != null) r.put("labels", stringMap(r.get("labels"), false));
                if (r.get("driver_opts") instanceof Map<?, ?> o) r.put("driver_opts", stringMap(o, false));
                e.setValue(r);
            }
        }
        return model;
    }

    static void service(Map<String, Object> s, TreePath path) {
        replace(s, "build", b -> {
            Map<String, Object> build = b instanceof String str ? new LinkedHashMap<>(Map.of("context", str)) : Merge.asMap(b);
            if (build.get("args") != null) build.put("args", stringMap(build.get("args"), true));
            if (build.get("labels") != null) build.put("labels", stringMap(build.get("labels"), false));
            for (String k : List.of("cache_from", "cache_to", "tags", "platforms")) replace(build, k, Canonical::stringList);
            return build;
        });
        replace(s, "command", c -> command(c, path.next("command")));
        replace(s, "entrypoint", c -> command(c, path.next("entrypoint")));
        replace(s, "environment", e -> stringMap(e, true));
        for (String k : List.of("labels", "annotations", "sysctls")) replace(s, k, l -> stringMap(l, false));
        replace(s, "depends_on", d -> {
            Map<String, Object> deps = Merge.toMapping(d, true);
            for (Map.Entry<String, Object> e : deps.entrySet()) {
                Map<String, Object> dep = e.getValue() instanceof Map<?, ?> m ? Merge.asMap(m) : dependency();
                dep.putIfAbsent("condition", "service_started");
                dep.putIfAbsent("required", true);
                e.setValue(dep);
            }
            return deps;
        });
        replace(s, "env_file", f -> {
            List<Object> out = new ArrayList<>();
            for (Object o : f instanceof List<?> l ? l : List.of(f)) {
                Map<String, Object> m = o instanceof Map<?, ?> om ? Merge.asMap(om) : new LinkedHashMap<>(Map.of("path", String.valueOf(o)));
                m.putIfAbsent("required", true);
                out.add(m);
            }
            return out;
        });
        replace(s, "networks", n -> {
            Map<String, Object> nets = Merge.toMapping(n, false);
            for (Map.Entry<String, Object> e : nets.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> m) {
                    Map<String, Object> net = Merge.asMap(m);
                    replace(net, "aliases", Canonical::stringList);
                }
            }
            return nets;
        });
        replace(s, "ports", p -> ports(p, path.next("ports")));
        replace(s, "expose", e -> {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<?>) e) out.add(scalar(o));
            return out;
        });
        replace(s, "volumes", v -> {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<?>) v) {
                Map<String, Object> m = o instanceof String str ? parseVolume(str, path.next("volumes")) : Merge.asMap(o);
                if ("bind".equals(m.get("type")) && m.get("bind") instanceof Map<?, ?> bind) {
                    Merge.asMap(bind).putIfAbsent("create_host_path", true);
                }
                if (m.get("target") instanceof String t) m.put("target", cleanPath(t));
                out.add(m);
            }
            return out;
        });
        for (String k : List.of("secrets", "configs")) {
            replace(s, k, list -> {
                List<Object> out = new ArrayList<>();
                for (Object o : (List<?>) list) {
                    Map<String, Object> m = o instanceof Map<?, ?> om ? Merge.asMap(om) : new LinkedHashMap<>(Map.of("source", String.valueOf(o)));
                    if (k.equals("secrets")) m.putIfAbsent("target", "/run/secrets/" + m.get("source"));
                    out.add(m);
                }
                return out;
            });
        }
        for (String k : List.of("dns", "dns_search", "dns_opt", "tmpfs", "cap_add", "cap_drop", "profiles")) {
            replace(s, k, Canonical::stringList);
        }
        replace(s, "extra_hosts", h -> {
            List<Object> out = new ArrayList<>();
            if (h instanceof Map<?, ?> m) {
                List<String> keys = new ArrayList<>();
                for (Object key : m.keySet()) keys.add(String.valueOf(key));
                keys.sort(null);
                for (String key : keys) {
                    Object v = m.get(key);
                    for (Object ip : v instanceof List<?> l ? l : List.of(v)) out.add(key + "=" + scalar(ip));
                }
            } else {
                for (Object o : (List<?>) h) {
                    String e = String.valueOf(o);
                    int eq = e.indexOf('=');
                    int colon = e.indexOf(':');
                    if (eq < 0 && colon > 0) e = e.substring(0, colon) + "=" + e.substring(colon + 1);
                    out.add(e);
                }
            }
            return out;
        });
        replace(s, "healthcheck", h -> {
            Map<String, Object> hc = Merge.asMap(h);
            replace(hc, "test", t -> t instanceof String str ? new ArrayList<>(List.of("CMD-SHELL", str)) : stringList(t));
            for (String d : List.of("interval", "timeout", "start_period", "start_interval")) {
                replace(hc, d, v -> Units.formatDuration(Units.parseDuration(scalar(v), path.next("healthcheck").next(d))));
            }
            return hc;
        });
        replace(s, "stop_grace_period", v -> Units.formatDuration(Units.parseDuration(scalar(v), path.next("stop_grace_period"))));
        for (String k : List.of("mem_limit", "mem_reservation", "memswap_limit", "shm_size")) {
            replace(s, k, v -> Long.toString(Units.parseBytes(v, path.next(k))));
        }
        replace(s, "cpus", v -> Units.parseCpus(v, path.next("cpus")));
        replace(s, "logging", l -> {
            Map<String, Object> log = Merge.asMap(l);
            if (log.get("options") != null) log.put("options", stringMap(log.get("options"), false));
            return log;
        });
        replace(s, "deploy", d -> {
            Map<String, Object> deploy = Merge.asMap(d);
            if (deploy.get("labels") != null) deploy.put("labels", stringMap(deploy.get("labels"), false));
            if (deploy.get("resources") instanceof Map<?, ?> res) {
                for (String kind : List.of("limits", "reservations")) {
                    if (!(res.get(kind) instanceof Map<?, ?> r)) continue;
                    Map<String, Object> rm = Merge.asMap(r);
                    TreePath rp = path.next("deploy").next("resources").next(kind);
                    replace(rm, "cpus", v -> Units.parseCpus(v, rp.next("cpus")));
                    replace(rm, "memory", v -> Long.toString(Units.parseBytes(v, rp.next("memory"))));
                }
            }
            return deploy;
        });
        // scale and deploy.replicas are one setting
        Object replicas = s.get("deploy") instanceof Map<?, ?> dm ? dm.get("replicas") : null;
        Object scale = s.get("scale");
        if (scale != null && replicas != null && !scalar(scale).equals(scalar(replicas))) {
            throw new ComposeException("services." + path.last() + ": can't set distinct values on 'scale' and 'deploy.replicas'");
        }
        if (scale == null && replicas != null) s.put("scale", replicas);
    }

    private interface Transform {
        Object apply(Object value);
    }

    private static void replace(Map<String, Object> m, String key, Transform t) {
        Object v = m.get(key);
        if (v != null) m.put(key, t.apply(v));
    }

    /** {@code condition: service_started, required: true}. */
    static Map<String, Object> dependency() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("condition", "service_started");
        d.put("required", true);
        return d;
    }

    /** A scalar as Compose prints it in {@code key=value} form. */
    static String scalar(Object v) {
        if (v == null) return "";
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) return Long.toString(d.longValue());
        return String.valueOf(v);
    }

    private static List<Object> stringList(Object v) {
        List<Object> out = new ArrayList<>();
        for (Object o : v instanceof List<?> l ? l : List.of(v)) out.add(scalar(o));
        return out;
    }

    /**
     * A {@code KEY=value} list or a mapping as a mapping of strings; with {@code keepNull}, a bare
     * {@code KEY} (or {@code KEY:} without value) stays null, to be resolved from the environment.
     */
    static Map<String, Object> stringMap(Object v, boolean keepNull) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), e.getValue() == null ? (keepNull ? null : "") : scalar(e.getValue()));
            }
        } else if (v instanceof List<?> l) {
            for (Object o : l) {
                String s = scalar(o);
                int eq = s.indexOf('=');
                if (eq < 0) out.put(s, keepNull ? null : "");
                else out.put(s.substring(0, eq), s.substring(eq + 1));
            }
        }
        return out;
    }

    /** A command in shell form is split into words as a POSIX shell would, without expansion. */
    static Object command(Object c, TreePath path) {
        if (c instanceof List<?> l) return stringList(l);
        return ShellWords.split(scalar(c), path);
    }

    // ---- ports ----

    private static List<Object> ports(Object value, TreePath path) {
        List<Object> out = new ArrayList<>();
        for (Object entry : (List<?>) value) {
            if (entry instanceof Map<?, ?> m) {
                Map<String, Object> port = new LinkedHashMap<>(Merge.asMap(m));
                port.putIfAbsent("mode", "ingress");
                port.putIfAbsent("protocol", "tcp");
                if (port.get("published") != null) port.put("published", scalar(port.get("published")));
                if (port.get("target") instanceof String t) port.put("target", Integer.parseInt(t));
                out.add(ordered(port, PORT_KEYS));
            } else {
                out.addAll(parsePort(scalar(entry), path));
            }
        }
        return out;
    }

    private static final List<String> PORT_KEYS = List.of("name", "mode", "host_ip", "target", "published", "protocol", "app_protocol");

    private static Map<String, Object> ordered(Map<String, Object> m, List<String> order) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : order) if (m.containsKey(k)) out.put(k, m.get(k));
        for (Map.Entry<String, Object> e : m.entrySet()) out.putIfAbsent(e.getKey(), e.getValue());
        return out;
    }

    /** docker's {@code -p} syntax: {@code [ip:][hostPort[-end]:]containerPort[-end][/proto]}. */
    static List<Map<String, Object>> parsePort(String spec, TreePath path) {
        String rest = spec;
        String proto = "tcp";
        int slash = rest.lastIndexOf('/');
        if (slash >= 0) {
            proto = rest.substring(slash + 1).toLowerCase();
            rest = rest.substring(0, slash);
            if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
                throw new ComposeException(path + ": invalid proto: " + proto);
            }
        }
        String ip = "";
        String host = "";
        String container;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) throw new ComposeException(path + ": invalid ip address: " + rest);
            ip = rest.substring(1, close);
            rest = rest.substring(close + 1);
            if (rest.startsWith(":")) rest = rest.substring(1);
            int c = rest.lastIndexOf(':');
            host = c < 0 ? "" : rest.substring(0, c);
            container = c < 0 ? rest : rest.substring(c + 1);
        } else {
            String[] parts = rest.split(":", -1);
            switch (parts.length) {
                case 1 -> container = parts[0];
                case 2 -> {
                    host = parts[0];
                    container = parts[1];
                }
                case 3 -> {
                    ip = parts[0];
                    host = parts[1];
                    container = parts[2];
                }
                default -> {
                    // an IPv6 address without brackets: the last two parts are host and container port
                    container = parts[parts.length - 1];
                    host = parts[parts.length - 2];
                    ip = String.join(":", java.util.Arrays.copyOf(parts, parts.length - 2));
                }
            }
        }
        if (!ip.isEmpty() && !validIp(ip)) throw new ComposeException(path + ": invalid IP address: " + ip);
        int[] cr = range(container, "containerPort", spec, path);
        int[] hr = host.isEmpty() ? null : range(host, "hostPort", spec, path);
        int count = cr[1] - cr[0] + 1;
        if (hr != null && count > 1 && hr[1] - hr[0] + 1 != count) {
            throw new ComposeException(path + ": invalid ranges specified for container and host Ports: " + container + " and " + host);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("mode", "ingress");
            if (!ip.isEmpty()) p.put("host_ip", ip);
            p.put("target", cr[0] + i);
            if (hr != null) p.put("published", count == 1 ? host : Integer.toString(hr[0] + i));
            p.put("protocol", proto);
            out.add(p);
        }
        return out;
    }

    private static int[] range(String s, String what, String spec, TreePath path) {
        int dash = s.indexOf('-');
        try {
            int a = Integer.parseInt(dash < 0 ? s : s.substring(0, dash));
            int b = dash < 0 ? a : Integer.parseInt(s.substring(dash + 1));
            if (a < 0 || b > 65535 || b < a) throw new NumberFormatException();
            return new int[] {a, b};
        } catch (NumberFormatException e) {
            throw new ComposeException(path + ": invalid " + what + ": " + s + " (in " + spec + ")");
        }
    }

    private static boolean validIp(String ip) {
        if (ip.contains(":")) return ip.matches("[0-9a-fA-F:.]+");
        String[] p = ip.split("\\.", -1);
        if (p.length != 4) return false;
        for (String x : p) {
            if (!x.matches("\\d{1,3}") || Integer.parseInt(x) > 255) return false;
        }
        return true;
    }

    // ---- volumes ----

    /** A service volume in short syntax, {@code [source:]target[:mode]}, as its long form. */
    static Map<String, Object> parseVolume(String spec, TreePath path) {
        if (spec.isEmpty()) throw new ComposeException(path + ": invalid empty volume spec");
        List<String> parts = new ArrayList<>();
        StringBuilder buf = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '$' && i + 1 < spec.length() && spec.charAt(i + 1) == '{') depth++;
            if (c == '}' && depth > 0) depth--;
            if (c == ':' && depth == 0) {
                parts.add(buf.toString());
                buf.setLength(0);
            } else {
                buf.append(c);
            }
        }
        parts.add(buf.toString());
        if (parts.size() > 3) throw new ComposeException("invalid spec: " + spec + ": too many colons");
        for (String p : parts) if (p.isEmpty()) throw new ComposeException("invalid spec: " + spec + ": empty section between colons");
        Map<String, Object> v = new LinkedHashMap<>();
        String source = parts.size() >= 2 ? parts.get(0) : "";
        String target = parts.size() >= 2 ? parts.get(1) : parts.get(0);
        boolean bind = !source.isEmpty() && (source.charAt(0) == '.' || source.charAt(0) == '/' || source.charAt(0) == '~');
        v.put("type", bind ? "bind" : "volume");
        if (!source.isEmpty()) v.put("source", source);
        v.put("target", target);
        Map<String, Object> bindOpts = new LinkedHashMap<>();
        Map<String, Object> volumeOpts = new LinkedHashMap<>();
        if (parts.size() == 3) {
            for (String opt : parts.get(2).split(",")) {
                switch (opt) {
                    case "ro" -> v.put("read_only", true);
                    case "rw" -> v.remove("read_only");
                    case "nocopy" -> volumeOpts.put("nocopy", true);
                    case "z", "Z" -> bindOpts.put("selinux", opt);
                    case "private", "rprivate", "shared", "rshared", "slave", "rslave" -> bindOpts.put("propagation", opt);
                    default -> { } // Compose ignores unknown options
                }
            }
        }
        if (bind) {
            bindOpts.put("create_host_path", true);
            v.put("bind", bindOpts);
        } else {
            v.put("volume", volumeOpts);
        }
        return v;
    }

    /** Go's {@code path.Clean}. */
    static String cleanPath(String p) {
        if (p.isEmpty()) return p;
        boolean abs = p.startsWith("/");
        List<String> out = new ArrayList<>();
        for (String seg : p.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) continue;
            if (seg.equals("..")) {
                if (!out.isEmpty() && !out.getLast().equals("..")) out.removeLast();
                else if (!abs) out.add("..");
            } else {
                out.add(seg);
            }
        }
        String joined = String.join("/", out);
        if (abs) return "/" + joined;
        return joined.isEmpty() ? "." : joined;
    }
}

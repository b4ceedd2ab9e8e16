package dev.berth.compose.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One service of the normalised model, read through typed accessors. Every short syntax is already
 * expanded ({@link Canonical}), so each accessor reads one shape.
 */
public final class Service {
    private final String name;
    private final Map<String, Object> raw;

    Service(String name, Map<String, Object> raw) {
        this.name = name;
        this.raw = raw;
    }

    public String name() {
        return name;
    }

    /** The canonical tree of this service. Do not modify. */
    public Map<String, Object> raw() {
        return raw;
    }

    public String string(String key) {
        Object v = raw.get(key);
        return v == null ? null : Canonical.scalar(v);
    }

    public boolean bool(String key) {
        return Boolean.TRUE.equals(raw.get(key));
    }

    /** A boolean that may be absent (null). */
    public Boolean optionalBool(String key) {
        return raw.get(key) instanceof Boolean b ? b : null;
    }

    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        if (raw.get(key) instanceof List<?> l) for (Object o : l) out.add(Canonical.scalar(o));
        return out;
    }

    /** A list value, or null when the key is absent (an empty list clears the image's value). */
    public List<String> optionalStrings(String key) {
        return raw.containsKey(key) && raw.get(key) != null ? strings(key) : null;
    }

    /** A string map ({@code labels}, {@code sysctls}...), sorted by key. */
    public Map<String, String> stringMap(String key) {
        Map<String, String> out = new TreeMap<>();
        if (raw.get(key) instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), e.getValue() == null ? null : Canonical.scalar(e.getValue()));
        }
        return out;
    }

    public String image() {
        return string("image");
    }

    public Map<String, Object> build() {
        return raw.get("build") instanceof Map<?, ?> m ? Merge.asMap(m) : null;
    }

    public String containerName() {
        return string("container_name");
    }

    public List<String> profiles() {
        return strings("profiles");
    }

    /** Replicas: {@code scale} (which {@code deploy.replicas} sets), 1 by default. */
    public int scale() {
        Object v = raw.get("scale");
        return v instanceof Number n ? n.intValue() : v == null ? 1 : Integer.parseInt(Canonical.scalar(v));
    }

    public Map<String, Dependency> dependsOn() {
        Map<String, Dependency> out = new TreeMap<>();
        if (raw.get("depends_on") instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Map<?, ?> d = e.getValue() instanceof Map<?, ?> dm ? dm : Map.of();
                out.put(String.valueOf(e.getKey()), new Dependency(
                        d.get("condition") == null ? Dependency.STARTED : String.valueOf(d.get("condition")),
                        !Boolean.FALSE.equals(d.get("required")), Boolean.TRUE.equals(d.get("restart"))));
            }
        }
        return out;
    }

    /** {@code environment} after resolution; a null value is a variable the environment does not set. */
    public Map<String, String> environment() {
        return stringMap("environment");
    }

    /** A published or exposed port ({@code ports} long syntax). */
    public record Port(String hostIp, int target, String published, String protocol) {}

    public List<Port> ports() {
        List<Port> out = new ArrayList<>();
        if (raw.get("ports") instanceof List<?> l) {
            for (Object o : l) {
                Map<?, ?> m = (Map<?, ?>) o;
                out.add(new Port(m.get("host_ip") == null ? null : String.valueOf(m.get("host_ip")),
                        ((Number) m.get("target")).intValue(),
                        m.get("published") == null ? null : Canonical.scalar(m.get("published")),
                        m.get("protocol") == null ? "tcp" : String.valueOf(m.get("protocol"))));
            }
        }
        return out;
    }

    /** A {@code volumes} entry. */
    public record Mount(String type, String source, String target, boolean readOnly, Map<String, Object> options) {
        public Map<String, Object> bind() {
            return options.get("bind") instanceof Map<?, ?> m ? Merge.asMap(m) : Map.of();
        }

        public Map<String, Object> volume() {
            return options.get("volume") instanceof Map<?, ?> m ? Merge.asMap(m) : Map.of();
        }

        public Map<String, Object> tmpfs() {
            return options.get("tmpfs") instanceof Map<?, ?> m ? Merge.asMap(m) : Map.of();
        }
    }

    public List<Mount> volumes() {
        List<Mount> out = new ArrayList<>();
        if (raw.get("volumes") instanceof List<?> l) {
            for (Object o : l) {
                Map<String, Object> m = Merge.asMap(o);
                out.add(new Mount(String.valueOf(m.get("type")), m.get("source") == null ? null : String.valueOf(m.get("source")),
                        String.valueOf(m.get("target")), Boolean.TRUE.equals(m.get("read_only")), m));
            }
        }
        return out;
    }

    /** A service's attachment to a network. */
    public record NetworkAttachment(List<String> aliases, String ipv4Address, String ipv6Address, int priority) {}

    /** {@code networks}, by network key. */
    public Map<String, NetworkAttachment> networks() {
        Map<String, NetworkAttachment> out = new LinkedHashMap<>();
        if (raw.get("networks") instanceof Map<?, ?> m) {
            List<String> keys = new ArrayList<>();
            for (Object k : m.keySet()) keys.add(String.valueOf(k));
            keys.sort(null);
            for (String k : keys) {
                Map<?, ?> n = m.get(k) instanceof Map<?, ?> nm ? nm : Map.of();
                List<String> aliases = new ArrayList<>();
                if (n.get("aliases") instanceof List<?> al) for (Object a : al) aliases.add(String.valueOf(a));
                out.put(k, new NetworkAttachment(aliases, n.get("ipv4_address") == null ? null : String.valueOf(n.get("ipv4_address")),
                        n.get("ipv6_address") == null ? null : String.valueOf(n.get("ipv6_address")),
                        n.get("priority") instanceof Number p ? p.intValue() : 0));
            }
        }
        return out;
    }

    /** The networks by priority (highest first), then by name: the first is where the container is created. */
    public List<String> networksByPriority() {
        List<Map.Entry<String, NetworkAttachment>> e = new ArrayList<>(networks().entrySet());
        e.sort((a, b) -> a.getValue().priority() != b.getValue().priority()
                ? Integer.compare(b.getValue().priority(), a.getValue().priority()) : a.getKey().compareTo(b.getKey()));
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, NetworkAttachment> x : e) out.add(x.getKey());
        return out;
    }

    /** A {@code secrets} or {@code configs} entry. */
    public record FileRef(String source, String target, String uid, String gid, Integer mode) {}

    public List<FileRef> fileRefs(String key) {
        List<FileRef> out = new ArrayList<>();
        if (raw.get(key) instanceof List<?> l) {
            for (Object o : l) {
                Map<?, ?> m = (Map<?, ?>) o;
                Integer mode = null;
                if (m.get("mode") instanceof Number n) mode = n.intValue();
                else if (m.get("mode") instanceof String s) mode = Integer.parseInt(s, 8);
                out.add(new FileRef(String.valueOf(m.get("source")), m.get("target") == null ? null : String.valueOf(m.get("target")),
                        m.get("uid") == null ? null : String.valueOf(m.get("uid")), m.get("gid") == null ? null : String.valueOf(m.get("gid")), mode));
            }
        }
        return out;
    }

    /** The {@code healthcheck}: test, durations in nanoseconds (null when unset), retries, disable. */
    public record Healthcheck(List<String> test, Long interval, Long timeout, Long startPeriod, Long startInterval,
                              Integer retries, boolean disable) {}

    public Healthcheck healthcheck() {
        if (!(raw.get("healthcheck") instanceof Map<?, ?> m)) return null;
        List<String> test = new ArrayList<>();
        if (m.get("test") instanceof List<?> l) for (Object o : l) test.add(String.valueOf(o));
        TreePath p = TreePath.of("services").next(name).next("healthcheck");
        return new Healthcheck(test, duration(m.get("interval"), p), duration(m.get("timeout"), p), duration(m.get("start_period"), p),
                duration(m.get("start_interval"), p), m.get("retries") instanceof Number r ? r.intValue() : null,
                Boolean.TRUE.equals(m.get("disable")));
    }

    private static Long duration(Object v, TreePath p) {
        return v == null ? null : Units.parseDuration(String.valueOf(v), p);
    }

    /** {@code stop_grace_period} in seconds, or null. */
    public Integer stopGracePeriodSeconds() {
        Object v = raw.get("stop_grace_period");
        if (v == null) return null;
        return (int) (Units.parseDuration(String.valueOf(v), TreePath.of("stop_grace_period")) / 1_000_000_000L);
    }

    /** A byte size key ({@code mem_limit}...), or null. */
    public Long bytes(String key) {
        Object v = raw.get(key);
        return v == null ? null : Units.parseBytes(v, TreePath.of(key));
    }

    /** A nested map value, e.g. {@code deploy.resources.limits}; empty when absent. */
    public Map<String, Object> path(String... keys) {
        Object cur = raw;
        for (String k : keys) {
            if (!(cur instanceof Map<?, ?> m)) return Map.of();
            cur = m.get(k);
        }
        return cur instanceof Map<?, ?> m ? Merge.asMap(m) : Map.of();
    }

    @Override
    public String toString() {
        return "Service[" + name + "]";
    }
}

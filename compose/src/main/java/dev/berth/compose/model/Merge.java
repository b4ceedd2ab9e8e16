package dev.berth.compose.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How Compose merges a file into the ones before it ({@code -f a.yml -f b.yml}, override files,
 * {@code extends}): mappings merge key by key, sequences are appended, scalars are replaced; some
 * keys have their own rule (the compose-spec merge rules):
 * <ul>
 * <li>{@code command}, {@code entrypoint}, {@code healthcheck.test}: replaced as a whole;</li>
 * <li>{@code environment}, {@code labels}, {@code sysctls}, {@code dns*}, {@code tmpfs}, {@code env_file},
 *     {@code build.args}...: both sides as {@code key=value} sequences, concatenated, then one entry per key
 *     (the later value in the earlier position);</li>
 * <li>{@code depends_on}, {@code networks}: list or map form, merged as maps;</li>
 * <li>{@code build}: a string is {@code {context: ...}};</li>
 * <li>{@code logging}: options merge only when the driver is the same (or unset);</li>
 * <li>{@code ports}, {@code volumes}, {@code secrets}, {@code configs}, {@code expose}...: appended, then one
 *     entry per published port / mount target.</li>
 * </ul>
 */
public final class Merge {
    private Merge() {}

    private interface Merger {
        Object merge(Object base, Object override, TreePath path);
    }

    private static final Map<TreePath, Merger> SPECIAL = new LinkedHashMap<>();

    static {
        Merger toSequence = (b, o, p) -> {
            List<Object> out = new ArrayList<>(toSequence(b));
            out.addAll(toSequence(o));
            return out;
        };
        Merger override = (b, o, p) -> o;
        for (String s : List.of("networks.*.labels", "volumes.*.labels", "services.*.annotations",
                "services.*.build.args", "services.*.build.additional_contexts", "services.*.build.labels",
                "services.*.deploy.labels", "services.*.dns", "services.*.dns_opt", "services.*.dns_search",
                "services.*.env_file", "services.*.label_file", "services.*.environment", "services.*.labels",
                "services.*.volumes.*.volume.labels", "services.*.sysctls", "services.*.tmpfs")) {
            SPECIAL.put(TreePath.of(s), toSequence);
        }
        for (String s : List.of("services.*.command", "services.*.entrypoint", "services.*.healthcheck.test")) {
            SPECIAL.put(TreePath.of(s), override);
        }
        SPECIAL.put(TreePath.of("services.*.build"), (b, o, p) -> mappings(buildMap(b), buildMap(o), p));
        SPECIAL.put(TreePath.of("services.*.depends_on"),
                (b, o, p) -> mappings(toMapping(b, true), toMapping(o, true), p));
        SPECIAL.put(TreePath.of("services.*.networks"), (b, o, p) -> mappings(toMapping(b, false), toMapping(o, false), p));
        SPECIAL.put(TreePath.of("services.*.extra_hosts"), (b, o, p) -> {
            List<Object> out = new ArrayList<>(toSequence(b));
            for (Object x : toSequence(o)) if (!out.contains(x)) out.add(x);
            return out;
        });
        SPECIAL.put(TreePath.of("services.*.build.extra_hosts"), SPECIAL.get(TreePath.of("services.*.extra_hosts")));
        SPECIAL.put(TreePath.of("services.*.logging"), (b, o, p) -> {
            if (!(b instanceof Map<?, ?> bm) || !(o instanceof Map<?, ?> om)) return o;
            Object bd = bm.get("driver");
            Object od = om.get("driver");
            if (bd == null || od == null || bd.equals(od)) return mappings(asMap(b), asMap(o), p);
            return o;
        });
        SPECIAL.put(TreePath.of("services.*.ulimits.*"), (b, o, p) -> {
            if (b instanceof Map<?, ?> && o instanceof Map<?, ?>) return mappings(asMap(b), asMap(o), p);
            return o;
        });
    }

    /** Merges {@code override} into {@code base} (both mappings); {@code base} may be changed. */
    public static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        return asMap(merge(base, override, TreePath.ROOT));
    }

    static Object merge(Object base, Object override, TreePath path) {
        if (override instanceof Yaml.Replacement o) return o.value();
        for (Map.Entry<TreePath, Merger> e : SPECIAL.entrySet()) {
            if (path.matches(e.getKey())) return e.getValue().merge(base, override, path);
        }
        if (override == null) return base;
        if (base instanceof Map<?, ?>) {
            if (!(override instanceof Map<?, ?>)) throw new ComposeException("cannot override " + path);
            return mappings(asMap(base), asMap(override), path);
        }
        if (base instanceof List<?> bl) {
            if (!(override instanceof List<?> ol)) throw new ComposeException("cannot override " + path);
            List<Object> out = new ArrayList<>(bl);
            out.addAll(ol);
            return out;
        }
        return override;
    }

    private static Map<String, Object> mappings(Map<String, Object> base, Map<String, Object> override, TreePath path) {
        if (base == null) return override;
        if (override == null) return base;
        for (Map.Entry<String, Object> e : override.entrySet()) {
            if (e.getValue() == Yaml.RESET) {
                base.remove(e.getKey());
            } else if (!base.containsKey(e.getKey())) {
                base.put(e.getKey(), e.getValue());
            } else {
                base.put(e.getKey(), merge(base.get(e.getKey()), e.getValue(), path.next(e.getKey())));
            }
        }
        return base;
    }

    private static Map<String, Object> buildMap(Object o) {
        if (o instanceof String s) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("context", s);
            return m;
        }
        return asMap(o);
    }

    /** A list of names as a map (depends_on entries get their defaults). */
    static Map<String, Object> toMapping(Object o, boolean dependency) {
        if (o instanceof List<?> l) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Object k : l) m.put(String.valueOf(k), dependency ? Canonical.dependency() : null);
            return m;
        }
        return asMap(o);
    }

    /** A map or list as a {@code key=value} sequence, sorted (maps) as Compose sorts them. */
    static List<Object> toSequence(Object value) {
        if (value instanceof Map<?, ?> m) {
            List<String> seq = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getValue() == null) seq.add(String.valueOf(e.getKey()));
                else if (e.getValue() instanceof List<?> l) for (Object v : l) seq.add(e.getKey() + "=" + Canonical.scalar(v));
                else seq.add(e.getKey() + "=" + Canonical.scalar(e.getValue()));
            }
            seq.sort(null);
            return new ArrayList<>(seq);
        }
        if (value instanceof List<?> l) return new ArrayList<>(l);
        if (value instanceof String s) return new ArrayList<>(List.of(s));
        return new ArrayList<>();
    }

    /**
     * The tree without {@code !reset} keys and with {@code !override} values unwrapped: what is left of the merge
     * tags once a file has been merged over the ones before it.
     */
    static Object stripTags(Object v) {
        if (v instanceof Yaml.Replacement o) return stripTags(o.value());
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> map = asMap(m);
            map.values().removeIf(x -> x == Yaml.RESET);
            for (Map.Entry<String, Object> e : map.entrySet()) e.setValue(stripTags(e.getValue()));
            return map;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) if (o != Yaml.RESET) out.add(stripTags(o));
            return out;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    // ---- one entry per key after a merge ----

    private interface Indexer {
        String key(Object entry, TreePath path);
    }

    private static final Map<TreePath, Indexer> UNIQUE = new LinkedHashMap<>();

    static {
        Indexer keyValue = (e, p) -> {
            if (!(e instanceof String s)) return Canonical.scalar(e);
            int eq = s.indexOf('=');
            return eq < 0 ? s : s.substring(0, eq);
        };
        for (String s : List.of("networks.*.labels", "networks.*.ipam.options", "services.*.annotations",
                "services.*.build.args", "services.*.build.additional_contexts", "services.*.build.tags",
                "services.*.build.labels", "services.*.cap_add", "services.*.cap_drop", "services.*.deploy.labels",
                "services.*.dns", "services.*.dns_opt", "services.*.dns_search", "services.*.environment",
                "services.*.labels", "services.*.links", "services.*.networks.*.aliases",
                "services.*.profiles", "services.*.sysctls", "services.*.tmpfs")) {
            UNIQUE.put(TreePath.of(s), keyValue);
        }
        UNIQUE.put(TreePath.of("services.*.volumes"), (e, p) -> {
            if (e instanceof Map<?, ?> m) return String.valueOf(m.get("target"));
            if (e instanceof String s) return Canonical.parseVolume(s, p).get("target").toString();
            return String.valueOf(e);
        });
        UNIQUE.put(TreePath.of("services.*.devices"), (e, p) -> {
            if (e instanceof Map<?, ?> m) return String.valueOf(m.get("target"));
            String[] parts = String.valueOf(e).split(":");
            return parts.length == 1 ? parts[0] : parts[1];
        });
        UNIQUE.put(TreePath.of("services.*.expose"), (e, p) -> Canonical.scalar(e));
        UNIQUE.put(TreePath.of("services.*.env_file"), (e, p) -> e instanceof Map<?, ?> m ? String.valueOf(m.get("path")) : String.valueOf(e));
        UNIQUE.put(TreePath.of("services.*.secrets"), mountIndexer("/run/secrets"));
        UNIQUE.put(TreePath.of("services.*.configs"), mountIndexer(""));
        UNIQUE.put(TreePath.of("services.*.ports"), (e, p) -> {
            if (e instanceof Map<?, ?> m) {
                Object host = m.containsKey("host_ip") ? m.get("host_ip") : "0.0.0.0";
                Object proto = m.containsKey("protocol") ? m.get("protocol") : "tcp";
                return host + ":" + m.get("published") + ":" + m.get("target") + "/" + proto;
            }
            return Canonical.scalar(e);
        });
    }

    private static Indexer mountIndexer(String defaultDir) {
        return (e, p) -> {
            if (e instanceof Map<?, ?> m) {
                return m.get("target") != null ? String.valueOf(m.get("target")) : defaultDir + "/" + m.get("source");
            }
            return defaultDir + "/" + e;
        };
    }

    /** Keeps one entry per key in the sequences that have a key (the later entry, at the first one's place). */
    public static Object enforceUnicity(Object value, TreePath path) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> map = asMap(m);
            for (Map.Entry<String, Object> e : map.entrySet()) e.setValue(enforceUnicity(e.getValue(), path.next(e.getKey())));
            return map;
        }
        if (value instanceof List<?> list) {
            for (Map.Entry<TreePath, Indexer> u : UNIQUE.entrySet()) {
                if (!path.matches(u.getKey())) continue;
                List<Object> seq = new ArrayList<>();
                Map<String, Integer> keys = new HashMap<>();
                for (Object entry : list) {
                    String key = u.getValue().key(entry, path);
                    Integer at = keys.get(key);
                    if (at != null) {
                        seq.set(at, entry);
                    } else {
                        keys.put(key, seq.size());
                        seq.add(entry);
                    }
                }
                return seq;
            }
        }
        return value;
    }

    static boolean same(Object a, Object b) {
        return Objects.equals(a, b);
    }
}

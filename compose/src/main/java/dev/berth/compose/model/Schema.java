package dev.berth.compose.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The structure of a Compose file (the Compose Specification's JSON schema, written down as code):
 * which keys exist where and what kinds of values they take, short and long syntax alike. Errors are
 * worded as Docker Compose words them, with the path of the offending key:
 * {@code services.web.ports must be a array}, {@code services.web additional properties 'prots' not allowed},
 * {@code services.web.depends_on.db.condition value must be one of ...}.
 */
public final class Schema {
    private Schema() {}

    /** Checks a (merged, interpolated) model; the first problem found is thrown. */
    public static void validate(Map<String, Object> model) {
        String problem = TOP.check(model, "");
        if (problem != null) throw new ComposeException(problem);
    }

    // ---- nodes ----

    private interface Node {
        /** A problem with {@code v} at {@code path}, or null. */
        String check(Object v, String path);

        /** The kinds of value this node accepts, as Compose names them in messages. */
        Set<String> kinds();
    }

    private static String kindOf(Object v) {
        if (v == null) return "null";
        if (v instanceof Boolean) return "boolean";
        if (v instanceof Integer || v instanceof Long) return "integer";
        if (v instanceof Number) return "number";
        if (v instanceof String) return "string";
        if (v instanceof Map<?, ?>) return "mapping";
        if (v instanceof List<?>) return "array";
        return "unknown";
    }

    private static boolean accepts(Set<String> kinds, String kind) {
        return kinds.contains(kind) || (kind.equals("integer") && kinds.contains("number"));
    }

    private static String where(String path) {
        return path.isEmpty() ? "(root)" : path;
    }

    private static String mustBe(String path, Set<String> kinds) {
        List<String> k = new ArrayList<>(new TreeSet<>(kinds));
        String what = k.size() == 1 ? k.getFirst()
                : String.join(", ", k.subList(0, k.size() - 1)) + " or " + k.getLast();
        return where(path) + " must be a " + what;
    }

    /** A scalar of some kinds ("string", "number", "integer", "boolean", "null"). */
    private record Scalar(Set<String> kinds) implements Node {
        @Override
        public String check(Object v, String path) {
            return accepts(kinds, kindOf(v)) ? null : mustBe(path, kinds);
        }
    }

    private record Enum(List<String> values) implements Node {
        @Override
        public String check(Object v, String path) {
            if (!(v instanceof String s)) return mustBe(path, kinds());
            if (values.contains(s)) return null;
            StringBuilder sb = new StringBuilder(where(path)).append(" value must be one of ");
            for (int i = 0; i < values.size(); i++) sb.append(i == 0 ? "" : ", ").append('\'').append(values.get(i)).append('\'');
            return sb.toString();
        }

        @Override
        public Set<String> kinds() {
            return Set.of("string");
        }
    }

    private record Any() implements Node {
        @Override
        public String check(Object v, String path) {
            return null;
        }

        @Override
        public Set<String> kinds() {
            return Set.of("string", "number", "boolean", "null", "mapping", "array");
        }
    }

    private record Arr(Node items) implements Node {
        @Override
        public String check(Object v, String path) {
            if (!(v instanceof List<?> l)) return mustBe(path, kinds());
            for (int i = 0; i < l.size(); i++) {
                String p = items.check(l.get(i), path + "." + i);
                if (p != null) return p;
            }
            return null;
        }

        @Override
        public Set<String> kinds() {
            return Set.of("array");
        }
    }

    /**
     * A mapping: known properties, then keys matching {@code keyPattern} checked against {@code values}
     * (null: no other keys); {@code x-} extension keys are always allowed.
     */
    private record Obj(Map<String, Node> props, Pattern keyPattern, Node values, List<String> required) implements Node {
        @Override
        public String check(Object v, String path) {
            if (!(v instanceof Map<?, ?> m)) return mustBe(path, kinds());
            List<String> unknown = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                String child = path.isEmpty() ? k : path + "." + k;
                Node n = props.get(k);
                if (n == null && values != null && (keyPattern == null || keyPattern.matcher(k).matches())) n = values;
                if (n == null) {
                    if (k.startsWith("x-")) continue;
                    unknown.add(k);
                    continue;
                }
                String p = n.check(e.getValue(), child);
                if (p != null) return p;
            }
            if (!unknown.isEmpty()) {
                StringBuilder sb = new StringBuilder(where(path)).append(" additional properties ");
                for (int i = 0; i < unknown.size(); i++) sb.append(i == 0 ? "" : ", ").append('\'').append(unknown.get(i)).append('\'');
                return sb.append(" not allowed").toString();
            }
            for (String r : required) if (!m.containsKey(r)) return where(path) + " missing property '" + r + "'";
            return null;
        }

        @Override
        public Set<String> kinds() {
            return Set.of("mapping");
        }
    }

    /** One of several nodes, chosen by the kind of the value. */
    private record OneOf(List<Node> options) implements Node {
        @Override
        public String check(Object v, String path) {
            String kind = kindOf(v);
            for (Node o : options) if (accepts(o.kinds(), kind)) return o.check(v, path);
            return mustBe(path, kinds());
        }

        @Override
        public Set<String> kinds() {
            Set<String> all = new TreeSet<>();
            for (Node o : options) all.addAll(o.kinds());
            return all;
        }
    }

    // ---- building blocks ----

    private static final Node STRING = new Scalar(Set.of("string"));
    private static final Node BOOL = new Scalar(Set.of("boolean"));
    private static final Node INT = new Scalar(Set.of("integer"));
    private static final Node NUMBER = new Scalar(Set.of("number"));
    private static final Node NUM_OR_STRING = new Scalar(Set.of("number", "string"));
    private static final Node BOOL_OR_STRING = new Scalar(Set.of("boolean", "string"));
    private static final Node SCALAR = new Scalar(Set.of("string", "number", "boolean", "null"));
    private static final Node ANY = new Any();
    private static final Node NULL = new Scalar(Set.of("null"));
    private static final Node STRINGS = new Arr(STRING);
    private static final Node STRING_OR_LIST = new OneOf(List.of(STRING, STRINGS));
    private static final Node LIST_OR_DICT = new OneOf(List.of(
            new Obj(Map.of(), Pattern.compile(".+"), SCALAR, List.of()), new Arr(STRING)));
    private static final Node STRING_MAP = new Obj(Map.of(), null, STRING, List.of());
    private static final Node OPTIONS = new Obj(Map.of(), null, NUM_OR_STRING, List.of());
    private static final Node COMMAND = new OneOf(List.of(NULL, STRING, new Arr(STRING)));

    private static Obj obj(Object... keyValues) {
        return objRequired(List.of(), keyValues);
    }

    private static Obj objRequired(List<String> required, Object... keyValues) {
        Map<String, Node> props = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) props.put((String) keyValues[i], (Node) keyValues[i + 1]);
        return new Obj(props, null, null, required);
    }

    private static Node mapOf(Node values) {
        return new Obj(Map.of(), Pattern.compile("^[a-zA-Z0-9._-]+$"), values, List.of());
    }

    private static Node oneOf(Node... nodes) {
        return new OneOf(List.of(nodes));
    }

    private static final Node ULIMITS = new Obj(Map.of(), Pattern.compile("^[a-z]+$"),
            oneOf(new Scalar(Set.of("integer", "string")), objRequired(List.of("soft", "hard"),
                    "hard", new Scalar(Set.of("integer", "string")), "soft", new Scalar(Set.of("integer", "string")))), List.of());

    private static final Node FILE_REF = oneOf(STRING, obj("source", STRING, "target", STRING, "uid", STRING, "gid", STRING,
            "mode", NUM_OR_STRING));

    private static final Node BUILD = oneOf(STRING, obj(
            "context", STRING, "dockerfile", STRING, "dockerfile_inline", STRING, "entitlements", STRINGS,
            "args", LIST_OR_DICT, "ssh", LIST_OR_DICT, "labels", LIST_OR_DICT, "cache_from", STRINGS, "cache_to", STRINGS,
            "no_cache", BOOL_OR_STRING, "no_cache_filter", STRING_OR_LIST, "additional_contexts", LIST_OR_DICT,
            "network", STRING, "provenance", oneOf(STRING, BOOL), "sbom", oneOf(STRING, BOOL), "pull", BOOL_OR_STRING,
            "target", STRING, "shm_size", NUM_OR_STRING, "extra_hosts", LIST_OR_DICT, "isolation", STRING,
            "privileged", BOOL_OR_STRING, "secrets", new Arr(FILE_REF), "tags", STRINGS, "ulimits", ULIMITS,
            "platforms", STRINGS));

    private static final Node RESOURCE = obj("cpus", NUM_OR_STRING, "memory", NUM_OR_STRING, "pids", new Scalar(Set.of("integer", "string")),
            "devices", new Arr(ANY), "generic_resources", new Arr(ANY));

    private static final Node DEPLOY = obj(
            "mode", STRING, "endpoint_mode", STRING, "replicas", new Scalar(Set.of("integer", "string")), "labels", LIST_OR_DICT,
            "rollback_config", ANY, "update_config", ANY,
            "resources", obj("limits", RESOURCE, "reservations", RESOURCE),
            "restart_policy", obj("condition", STRING, "delay", STRING, "max_attempts", new Scalar(Set.of("integer", "string")),
                    "window", STRING),
            "placement", ANY);

    private static final Node HEALTHCHECK = obj(
            "disable", BOOL_OR_STRING, "interval", STRING, "retries", NUM_OR_STRING, "test", STRING_OR_LIST,
            "timeout", STRING, "start_period", STRING, "start_interval", STRING);

    private static final Node SERVICE_VOLUME = oneOf(STRING, objRequired(List.of("type"),
            "type", new Enum(List.of("bind", "volume", "tmpfs", "cluster", "npipe", "image")),
            "source", STRING, "target", STRING, "read_only", BOOL_OR_STRING, "consistency", STRING,
            "bind", obj("propagation", STRING, "create_host_path", BOOL_OR_STRING, "recursive", STRING, "selinux",
                    new Enum(List.of("z", "Z"))),
            "volume", obj("nocopy", BOOL_OR_STRING, "subpath", STRING, "labels", LIST_OR_DICT),
            "tmpfs", obj("size", NUM_OR_STRING, "mode", NUM_OR_STRING),
            "image", obj("subpath", STRING)));

    private static final Node PORT = oneOf(NUMBER, STRING, obj(
            "name", STRING, "mode", STRING, "host_ip", STRING, "target", new Scalar(Set.of("integer", "string")),
            "published", new Scalar(Set.of("integer", "string")), "protocol", STRING, "app_protocol", STRING));

    private static final Node SERVICE_NETWORK = oneOf(NULL, obj(
            "aliases", STRINGS, "interface_name", STRING, "ipv4_address", STRING, "ipv6_address", STRING,
            "link_local_ips", STRINGS, "mac_address", STRING, "driver_opts", OPTIONS, "priority", NUMBER, "gw_priority", NUMBER));

    private static final Node DEPENDS_ON = oneOf(new Arr(STRING), mapOf(objRequired(List.of("condition"),
            "condition", new Enum(List.of("service_started", "service_healthy", "service_completed_successfully")),
            "required", BOOL, "restart", BOOL_OR_STRING)));

    private static final Node SERVICE = obj(
            "annotations", LIST_OR_DICT, "attach", BOOL_OR_STRING, "build", BUILD, "blkio_config", ANY,
            "cap_add", STRINGS, "cap_drop", STRINGS, "cgroup", new Enum(List.of("host", "private")), "cgroup_parent", STRING,
            "command", COMMAND, "configs", new Arr(FILE_REF), "container_name", STRING,
            "cpu_count", new Scalar(Set.of("integer", "string")), "cpu_percent", NUM_OR_STRING, "cpu_shares", NUM_OR_STRING,
            "cpu_quota", NUM_OR_STRING, "cpu_period", NUM_OR_STRING, "cpu_rt_period", NUM_OR_STRING,
            "cpu_rt_runtime", NUM_OR_STRING, "cpus", NUM_OR_STRING, "cpuset", STRING, "credential_spec", ANY,
            "depends_on", DEPENDS_ON, "deploy", oneOf(NULL, DEPLOY), "develop", ANY, "device_cgroup_rules", STRINGS,
            "devices", new Arr(oneOf(STRING, obj("source", STRING, "target", STRING, "permissions", STRING))),
            "dns", STRING_OR_LIST, "dns_opt", STRINGS, "dns_search", STRING_OR_LIST, "domainname", STRING,
            "entrypoint", COMMAND, "env_file", oneOf(STRING, new Arr(oneOf(STRING, objRequired(List.of("path"),
                    "path", STRING, "format", STRING, "required", BOOL_OR_STRING)))),
            "label_file", STRING_OR_LIST, "environment", LIST_OR_DICT,
            "expose", new Arr(NUM_OR_STRING), "extends", oneOf(STRING, objRequired(List.of("service"), "service", STRING, "file", STRING)),
            "external_links", STRINGS, "extra_hosts", LIST_OR_DICT, "gpus", ANY, "group_add", new Arr(NUM_OR_STRING),
            "healthcheck", HEALTHCHECK, "hostname", STRING, "image", STRING, "init", BOOL_OR_STRING, "ipc", STRING,
            "isolation", STRING, "labels", LIST_OR_DICT, "links", STRINGS,
            "logging", obj("driver", STRING, "options", new Obj(Map.of(), null, new Scalar(Set.of("string", "number", "null")), List.of())),
            "mac_address", STRING, "mem_limit", NUM_OR_STRING, "mem_reservation", NUM_OR_STRING,
            "mem_swappiness", NUM_OR_STRING, "memswap_limit", NUM_OR_STRING, "models", ANY, "network_mode", STRING,
            "networks", oneOf(new Arr(STRING), mapOf(SERVICE_NETWORK)), "oom_kill_disable", BOOL_OR_STRING,
            "oom_score_adj", NUM_OR_STRING, "pid", oneOf(STRING, NULL), "pids_limit", NUM_OR_STRING, "platform", STRING,
            "ports", new Arr(PORT), "post_start", ANY, "pre_stop", ANY, "pre_start", ANY, "privileged", BOOL_OR_STRING,
            "profiles", STRINGS, "provider", ANY, "pull_policy", STRING, "read_only", BOOL_OR_STRING,
            "restart", STRING, "runtime", STRING, "scale", new Scalar(Set.of("integer", "string")),
            "security_opt", STRINGS, "shm_size", NUM_OR_STRING, "secrets", new Arr(FILE_REF), "sysctls", LIST_OR_DICT,
            "stdin_open", BOOL_OR_STRING, "stop_grace_period", STRING, "stop_signal", STRING, "storage_opt", ANY,
            "tmpfs", STRING_OR_LIST, "tty", BOOL_OR_STRING, "ulimits", ULIMITS, "use_api_socket", BOOL_OR_STRING,
            "user", STRING, "uts", STRING, "userns_mode", STRING, "volumes", new Arr(SERVICE_VOLUME),
            "volume_driver", STRING, "volumes_from", STRINGS, "working_dir", STRING);

    private static final Node EXTERNAL = oneOf(BOOL_OR_STRING, obj("name", STRING));

    private static final Node NETWORK = oneOf(NULL, obj(
            "name", STRING, "driver", STRING, "driver_opts", OPTIONS,
            "ipam", obj("driver", STRING, "config", new Arr(obj("subnet", STRING, "ip_range", STRING, "gateway", STRING,
                    "aux_addresses", STRING_MAP)), "options", STRING_MAP),
            "external", EXTERNAL, "internal", BOOL_OR_STRING, "enable_ipv4", BOOL_OR_STRING, "enable_ipv6", BOOL_OR_STRING,
            "attachable", BOOL_OR_STRING, "labels", LIST_OR_DICT));

    private static final Node VOLUME = oneOf(NULL, obj(
            "name", STRING, "driver", STRING, "driver_opts", OPTIONS, "external", EXTERNAL, "labels", LIST_OR_DICT));

    private static final Node FILE_OBJECT = obj("name", STRING, "content", STRING, "environment", STRING, "file", STRING,
            "external", EXTERNAL, "labels", LIST_OR_DICT, "driver", STRING, "driver_opts", OPTIONS, "template_driver", STRING);

    private static final Node INCLUDE = new Arr(oneOf(STRING, obj("path", STRING_OR_LIST, "env_file", STRING_OR_LIST,
            "project_directory", STRING)));

    private static final Node TOP = obj(
            "version", NUM_OR_STRING, "name", STRING, "include", INCLUDE,
            "services", new Obj(Map.of(), Pattern.compile("^[a-zA-Z0-9._-]+$"), SERVICE, List.of()),
            "networks", mapOf(NETWORK), "volumes", mapOf(VOLUME), "secrets", mapOf(FILE_OBJECT),
            "configs", mapOf(FILE_OBJECT), "models", ANY);
}

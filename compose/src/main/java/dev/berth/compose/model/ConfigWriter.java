package dev.berth.compose.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints a normalised model as {@code docker compose config} does: keys in the order of Compose's Go types
 * (mappings keyed by names sorted), empty and false values left out, sequences indented under their key,
 * strings quoted only where YAML would read them as something else.
 */
public final class ConfigWriter {
    private ConfigWriter() {}

    public static String yaml(Map<String, Object> model) {
        StringBuilder sb = new StringBuilder();
        Object tidy = tidy(model, TreePath.ROOT, false);
        writeMap(sb, Merge.asMap(tidy), 0);
        return sb.toString();
    }

    /** The same model as JSON, indented by four spaces as Compose prints it. */
    public static String json(Map<String, Object> model) {
        StringBuilder sb = new StringBuilder();
        writeJson(sb, tidy(model, TreePath.ROOT, true), 0);
        return sb.append('\n').toString();
    }

    /** JSON of a plain tree (keys in its order), indented by four spaces, as Compose's formatter prints. */
    public static String plainJson(Object tree) {
        StringBuilder sb = new StringBuilder();
        writeJson(sb, tree, 0);
        return sb.append('\n').toString();
    }

    /** A scalar string as go-yaml writes it. */
    public static String yamlScalar(String s) {
        return scalarText(s);
    }

    /**
     * One service as Go's {@code json.Marshal} writes compose-go's {@code ServiceConfig} (what Compose hashes): compact,
     * fields in the Go type's order, mapping keys sorted, {@code <>&} escaped, {@code x-} extensions left out.
     */
    public static String serviceJson(String name, Map<String, Object> service) {
        return goJson("services", name, service);
    }

    /** As {@link #serviceJson}, for an entry of a top-level section ({@code networks}, {@code volumes}...). */
    public static String goJson(String section, String name, Map<String, Object> entry) {
        Map<String, Object> fields = new LinkedHashMap<>(entry);
        fields.keySet().removeIf(k -> k.startsWith("x-"));
        StringBuilder sb = new StringBuilder();
        writeCompactJson(sb, tidy(fields, TreePath.ROOT.next(section).next(name), true));
        return sb.toString();
    }

    // ---- ordering and omitting ----

    private static final Map<TreePath, List<String>> ORDER = new LinkedHashMap<>();
    /** Mappings whose keys are names (sorted), not fields. */
    private static final List<TreePath> SORTED = new ArrayList<>();
    /** Values printed even when empty or false. */
    private static final Set<String> KEEP_EMPTY = Set.of("command", "entrypoint", "volume", "bind", "required");
    /**
     * Fields encoding/json writes even when empty, where YAML leaves them out: a service's command and entrypoint (no
     * omitempty: {@code null}), and deploy's fields of a struct (not pointer) type in Go ({@code {}}).
     */
    private static final Map<TreePath, Map<String, Object>> JSON_ALWAYS = Map.of(
            TreePath.of("services.*"), nulls("command", "entrypoint"),
            TreePath.of("services.*.deploy"), Map.of("resources", Map.of(), "placement", Map.of()),
            TreePath.of("networks.*"), Map.of("ipam", Map.of()));

    /** A service's fields of a pointer-to-struct type in Go: encoding/json writes them when set, even empty. */
    private static final Set<String> JSON_POINTERS = Set.of("build", "blkio_config", "credential_spec", "deploy", "develop",
            "extends", "healthcheck", "logging");

    private static final TreePath SERVICE = TreePath.of("services.*");

    private static Map<String, Object> nulls(String... keys) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : keys) m.put(k, null);
        return m;
    }

    private static void order(String path, String keys) {
        ORDER.put(path.isEmpty() ? TreePath.ROOT : TreePath.of(path), List.of(keys.split(" ")));
    }

    static {
        order("", "name services networks volumes secrets configs models");
        order("services.*", "profiles annotations attach build develop blkio_config cap_add cap_drop cgroup_parent cgroup "
                + "cpu_count cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpus cpuset cpu_shares command "
                + "configs container_name credential_spec depends_on deploy device_cgroup_rules devices dns dns_opt "
                + "dns_search dockerfile domainname entrypoint provider environment env_file expose extends external_links "
                + "extra_hosts group_add gpus hostname healthcheck image init ipc isolation labels label_file links logging "
                + "log_driver log_opt mem_limit mem_reservation memswap_limit mem_swappiness mac_address models net "
                + "network_mode networks oom_kill_disable oom_score_adj pid pids_limit platform ports privileged pull_policy "
                + "read_only restart runtime scale secrets security_opt shm_size stdin_open stop_grace_period stop_signal "
                + "storage_opt sysctls tmpfs tty ulimits use_api_socket user userns_mode uts volume_driver volumes "
                + "volumes_from working_dir pre_start post_start pre_stop");
        order("services.*.build", "context dockerfile dockerfile_inline entitlements args provenance sbom ssh labels "
                + "cache_from cache_to no_cache no_cache_filter additional_contexts pull extra_hosts isolation network target "
                + "secrets shm_size tags ulimits platforms privileged");
        order("services.*.depends_on.*", "condition restart required");
        order("services.*.deploy", "mode replicas labels update_config rollback_config resources restart_policy placement endpoint_mode");
        order("services.*.deploy.resources", "limits reservations");
        order("services.*.deploy.resources.limits", "cpus memory pids devices generic_resources");
        order("services.*.deploy.resources.reservations", "cpus memory pids devices generic_resources");
        order("services.*.deploy.restart_policy", "condition delay max_attempts window");
        order("services.*.healthcheck", "test timeout interval retries start_period start_interval disable");
        order("services.*.logging", "driver options");
        order("services.*.ports.[]", "name mode host_ip target published protocol app_protocol");
        order("services.*.volumes.[]", "type source target read_only consistency bind volume tmpfs image");
        order("services.*.volumes.[].bind", "selinux propagation create_host_path recursive");
        order("services.*.volumes.[].volume", "labels nocopy subpath");
        order("services.*.volumes.[].tmpfs", "size mode");
        order("services.*.networks.*", "aliases driver_opts gw_priority interface_name ipv4_address ipv6_address "
                + "link_local_ips mac_address priority");
        order("services.*.secrets.[]", "source target uid gid mode");
        order("services.*.configs.[]", "source target uid gid mode");
        order("services.*.env_file.[]", "path required format");
        order("services.*.extends", "file service");
        order("networks.*", "name driver driver_opts ipam external internal attachable enable_ipv4 enable_ipv6 labels");
        order("networks.*.ipam", "driver config options");
        order("networks.*.ipam.config.[]", "subnet gateway ip_range aux_addresses");
        order("volumes.*", "name driver driver_opts external labels");
        order("secrets.*", "name file environment content external labels driver driver_opts template_driver");
        order("configs.*", "name file environment content external labels driver driver_opts template_driver");
        for (String p : List.of("services", "networks", "volumes", "secrets", "configs", "services.*.environment",
                "services.*.labels", "services.*.annotations", "services.*.sysctls", "services.*.build.args",
                "services.*.build.labels", "services.*.deploy.labels", "services.*.depends_on", "services.*.networks",
                "services.*.ulimits", "services.*.logging.options", "services.*.storage_opt", "services.*.networks.*.driver_opts",
                "networks.*.labels", "networks.*.driver_opts", "volumes.*.labels", "volumes.*.driver_opts",
                "networks.*.ipam.options", "secrets.*.labels", "configs.*.labels", "services.*.volumes.[].volume.labels")) {
            SORTED.add(TreePath.of(p));
        }
    }

    private static Object tidy(Object v, TreePath path, boolean json) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> src = Merge.asMap(m);
            Set<String> always = Set.of();
            if (json) {
                for (Map.Entry<TreePath, Map<String, Object>> e : JSON_ALWAYS.entrySet()) {
                    if (!path.matches(e.getKey())) continue;
                    always = e.getValue().keySet();
                    src = new LinkedHashMap<>(src);
                    for (Map.Entry<String, Object> d : e.getValue().entrySet()) {
                        if (!src.containsKey(d.getKey())) src.put(d.getKey(), d.getValue());
                    }
                }
            }
            List<String> keys = new ArrayList<>();
            List<String> order = null;
            for (Map.Entry<TreePath, List<String>> e : ORDER.entrySet()) {
                if (path.matches(e.getKey())) {
                    order = e.getValue();
                    break;
                }
            }
            boolean sorted = SORTED.stream().anyMatch(path::matches);
            if (order != null) {
                for (String k : order) if (src.containsKey(k)) keys.add(k);
                List<String> rest = new ArrayList<>();
                for (String k : src.keySet()) if (!order.contains(k)) rest.add(k);
                rest.sort(null);
                keys.addAll(rest);
            } else {
                keys.addAll(src.keySet());
                if (sorted || path.segments().isEmpty()) keys.sort(null);
                else keys.sort(null);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (String k : keys) {
                Object child = src.get(k);
                boolean field = !sorted;
                if (field && omit(child, k) && !always.contains(k)
                        && !(json && child != null && JSON_POINTERS.contains(k) && path.matches(SERVICE))) continue;
                out.put(k, tidy(child, path.next(k), json));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(tidy(o, path.next(TreePath.ITEM), json));
            return out;
        }
        return v;
    }

    private static boolean omit(Object v, String key) {
        if (KEEP_EMPTY.contains(key)) return false;
        if (v == null) return true;
        if (v instanceof Boolean b) return !b;
        if (v instanceof String s) return s.isEmpty();
        if (v instanceof Map<?, ?> m) return m.isEmpty();
        if (v instanceof List<?> l) return l.isEmpty();
        if (v instanceof Number n) return n.doubleValue() == 0;
        return false;
    }

    // ---- YAML ----

    private static void indent(StringBuilder sb, int n) {
        sb.repeat(' ', n);
    }

    private static void writeMap(StringBuilder sb, Map<String, Object> m, int indent) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            indent(sb, indent);
            sb.append(scalarText(e.getKey())).append(':');
            writeValue(sb, e.getValue(), indent);
        }
    }

    /** Writes what follows {@code key:} or {@code - }: a scalar on the same line, or a block below. */
    private static void writeValue(StringBuilder sb, Object v, int indent) {
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            sb.append('\n');
            writeMap(sb, Merge.asMap(m), indent + 2);
        } else if (v instanceof List<?> l && !l.isEmpty()) {
            sb.append('\n');
            writeList(sb, l, indent + 2);
        } else if (v instanceof String s && s.contains("\n")) {
            sb.append(' ').append(s.endsWith("\n") ? (s.endsWith("\n\n") ? "|+" : "|") : "|-").append('\n');
            String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
            for (String line : body.split("\n", -1)) {
                if (!line.isEmpty()) indent(sb, indent + 2);
                sb.append(line).append('\n');
            }
        } else {
            sb.append(' ').append(inline(v)).append('\n');
        }
    }

    private static void writeList(StringBuilder sb, List<?> l, int indent) {
        for (Object o : l) {
            indent(sb, indent);
            sb.append('-');
            if (o instanceof Map<?, ?> m && !m.isEmpty()) {
                // the first key on the dash's line, the others aligned under it
                boolean first = true;
                for (Map.Entry<String, Object> e : Merge.asMap(m).entrySet()) {
                    if (first) {
                        sb.append(' ');
                        first = false;
                    } else {
                        indent(sb, indent + 2);
                    }
                    sb.append(scalarText(e.getKey())).append(':');
                    writeValue(sb, e.getValue(), indent + 2);
                }
            } else if (o instanceof List<?> inner && !inner.isEmpty()) {
                sb.append('\n');
                writeList(sb, inner, indent + 2);
            } else {
                writeValue(sb, o, indent);
            }
        }
    }

    private static String inline(Object v) {
        if (v == null) return "null";
        if (v instanceof Map<?, ?>) return "{}";
        if (v instanceof List<?>) return "[]";
        if (v instanceof Boolean || v instanceof Integer || v instanceof Long) return String.valueOf(v);
        if (v instanceof Number n) return number(n.doubleValue());
        return scalarText(String.valueOf(v));
    }

    private static String number(double d) {
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        String s = Double.toString(d);
        return s.contains("E") ? String.format("%g", d) : s;
    }

    /** A string as go-yaml v3 writes it: plain when it reads back as the same string, quoted otherwise. */
    static String scalarText(String s) {
        if (s.isEmpty()) return "\"\"";
        if (resolvesToOtherType(s)) return "\"" + s + "\"";
        if (plainAllowed(s)) return s;
        boolean printable = true;
        for (char c : s.toCharArray()) if (c < 0x20 || c == 0x7f) printable = false;
        if (printable) return "'" + s.replace("'", "''") + "'";
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\x%02X", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    private static boolean resolvesToOtherType(String s) {
        switch (s) {
            case "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
                 "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
                 ".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", "+.inf", ".nan", ".NaN", ".NAN":
                return true;
            default:
                break;
        }
        return s.matches("[-+]?(0|[1-9][0-9_]*)") || s.matches("[-+]?0[0-7_]+") || s.matches("0o[0-7_]+")
                || s.matches("[-+]?0x[0-9a-fA-F_]+") || s.matches("0b[01_]+")
                || s.matches("[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?")
                || s.matches("[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?");
    }

    private static boolean plainAllowed(String s) {
        char first = s.charAt(0);
        if ("-?:,[]{}#&*!|>'\"%@`".indexOf(first) >= 0) {
            if (!((first == '-' || first == '?' || first == ':') && s.length() > 1 && s.charAt(1) != ' ')) return false;
        }
        if (first == ' ' || s.charAt(s.length() - 1) == ' ') return false;
        if (s.endsWith(":")) return false;
        if (s.contains(": ") || s.contains(" #") || s.contains("\t")) return false;
        for (char c : s.toCharArray()) if (c < 0x20 || c == 0x7f || c == '\u0085' || c == '\uFEFF') return false;
        if (first == '-' && (s.startsWith("---"))) return false;
        if (s.contains(",") && (s.contains("[") || s.contains("{"))) return true;
        return true;
    }

    // ---- JSON ----

    private static void writeJson(StringBuilder sb, Object v, int indent) {
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                indent(sb, indent + 4);
                jsonString(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                writeJson(sb, e.getValue(), indent + 4);
                if (++i < m.size()) sb.append(',');
                sb.append('\n');
            }
            indent(sb, indent);
            sb.append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append("[\n");
            for (int i = 0; i < l.size(); i++) {
                indent(sb, indent + 4);
                writeJson(sb, l.get(i), indent + 4);
                if (i + 1 < l.size()) sb.append(',');
                sb.append('\n');
            }
            indent(sb, indent);
            sb.append(']');
        } else if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
            sb.append(v);
        } else if (v instanceof Number n) {
            sb.append(number(n.doubleValue()));
        } else {
            jsonString(sb, String.valueOf(v));
        }
    }

    private static void writeCompactJson(StringBuilder sb, Object v) {
        if (v instanceof Map<?, ?> m) {
            sb.append('{');
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (i++ > 0) sb.append(',');
                jsonString(sb, String.valueOf(e.getKey()));
                sb.append(':');
                writeCompactJson(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(',');
                writeCompactJson(sb, l.get(i));
            }
            sb.append(']');
        } else {
            writeJson(sb, v, 0);
        }
    }

    private static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '<' -> sb.append("\\u003c");
                case '>' -> sb.append("\\u003e");
                case '&' -> sb.append("\\u0026");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}

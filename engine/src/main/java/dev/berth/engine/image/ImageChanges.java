package dev.berth.engine.image;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.common.EngineException;
import dev.berth.oci.ContainerConfig;
import dev.berth.oci.OciJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies {@code --change} lines ({@code docker import -c}, {@code docker commit -c}) to an image's
 * run configuration. Docker accepts CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, USER, VOLUME,
 * WORKDIR and STOPSIGNAL here.
 */
public final class ImageChanges {
    private ImageChanges() {}

    public static ContainerConfig apply(ContainerConfig base, List<String> changes) {
        ContainerConfig c = base;
        for (String line : changes) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) continue;
            String[] parts = trimmed.split("\\s+", 2);
            String instruction = parts[0].toUpperCase();
            String args = parts.length > 1 ? parts[1].strip() : "";
            c = switch (instruction) {
                case "CMD" -> c.withCmd(command(args));
                case "ENTRYPOINT" -> c.withEntrypoint(command(args));
                case "ENV" -> c.withEnv(mergeEnv(c.env(), keyValues(args, instruction)));
                case "LABEL" -> c.withLabels(merge(c.labels(), keyValues(args, instruction)));
                case "EXPOSE" -> c.withExposedPorts(addPorts(c.exposedPorts(), args));
                case "VOLUME" -> c.withVolumes(addAll(c.volumes(), jsonOrWords(args)));
                case "USER" -> c.withUser(args);
                case "WORKDIR" -> c.withWorkingDir(args);
                case "STOPSIGNAL" -> c.withStopSignal(args);
                case "ONBUILD" -> c.withOnBuild(append(c.onBuild(), args));
                default -> throw new EngineException.InvalidArgument(parts[0].toLowerCase() + " is not a valid change command"); // dockerd lowercases it
            };
        }
        return c;
    }

    /** Exec form (a JSON array) as is; shell form wrapped in {@code /bin/sh -c}. */
    private static List<String> command(String args) {
        if (args.startsWith("[")) {
            try {
                return OciJson.mapper().readValue(args, new TypeReference<List<String>>() {});
            } catch (Exception e) {
                // not valid JSON: Docker then treats it as shell form
            }
        }
        return List.of("/bin/sh", "-c", args);
    }

    private static List<String> jsonOrWords(String args) {
        if (args.startsWith("[")) {
            try {
                return OciJson.mapper().readValue(args, new TypeReference<List<String>>() {});
            } catch (Exception e) {
                throw new EngineException.InvalidArgument("invalid JSON array: " + args);
            }
        }
        return List.of(args.split("\\s+"));
    }

    /** {@code k=v k2="v 2"} pairs, or the legacy single {@code k v} form. */
    static Map<String, String> keyValues(String args, String instruction) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!args.contains("=") || args.split("\\s+", 2)[0].indexOf('=') < 0) {
            String[] kv = args.split("\\s+", 2);
            if (kv.length < 2) throw new EngineException.InvalidArgument(instruction + " requires at least one argument");
            out.put(kv[0], kv[1]);
            return out;
        }
        for (String word : words(args)) {
            int eq = word.indexOf('=');
            if (eq <= 0) throw new EngineException.InvalidArgument(instruction + " names can not be blank: " + word);
            out.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return out;
    }

    /** Splits on whitespace outside quotes, removing the quotes and backslash escapes. */
    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 1 < s.length() && quote != '\'') {
                cur.append(s.charAt(++i));
                inWord = true;
            } else if (quote != 0) {
                if (ch == quote) quote = 0; else cur.append(ch);
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) out.add(cur.toString());
                cur.setLength(0);
                inWord = false;
            } else {
                cur.append(ch);
                inWord = true;
            }
        }
        if (quote != 0) throw new EngineException.InvalidArgument("unmatched quote in: " + s);
        if (inWord) out.add(cur.toString());
        return out;
    }

    private static List<String> mergeEnv(List<String> env, Map<String, String> add) {
        Map<String, String> m = new LinkedHashMap<>();
        if (env != null) for (String e : env) {
            int eq = e.indexOf('=');
            m.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        m.putAll(add);
        return m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    private static Map<String, String> merge(Map<String, String> base, Map<String, String> add) {
        Map<String, String> m = base == null ? new LinkedHashMap<>() : new LinkedHashMap<>(base);
        m.putAll(add);
        return m;
    }

    private static Map<String, Object> addPorts(Map<String, Object> base, String args) {
        Map<String, Object> m = base == null ? new LinkedHashMap<>() : new LinkedHashMap<>(base);
        for (String p : args.split("\\s+")) {
            if (!p.matches("\\d+(-\\d+)?(/(tcp|udp|sctp))?")) throw new EngineException.InvalidArgument("invalid port: " + p);
            m.put(p.contains("/") ? p : p + "/tcp", Map.of());
        }
        return m;
    }

    private static Map<String, Object> addAll(Map<String, Object> base, List<String> keys) {
        Map<String, Object> m = base == null ? new LinkedHashMap<>() : new LinkedHashMap<>(base);
        keys.forEach(k -> m.put(k, Map.of()));
        return m;
    }

    private static List<String> append(List<String> base, String v) {
        List<String> l = base == null ? new ArrayList<>() : new ArrayList<>(base);
        l.add(v);
        return l;
    }
}

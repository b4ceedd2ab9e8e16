package dev.berth.compose.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Relative paths of a model made absolute against the directory they are relative to: build contexts
 * (not URLs), {@code env_file}, {@code label_file}, bind mount sources ({@code ~} is the home directory),
 * and the {@code file} of secrets and configs.
 */
final class Paths {
    private Paths() {}

    static void resolve(Map<String, Object> model, Path dir, Map<String, String> env) {
        if (model.get("services") instanceof Map<?, ?> services) {
            for (Object s : services.values()) if (s instanceof Map<?, ?> m) resolveService(Merge.asMap(m), dir, env);
        }
        for (String kind : List.of("secrets", "configs")) {
            if (!(model.get(kind) instanceof Map<?, ?> resources)) continue;
            for (Object r : resources.values()) {
                if (r instanceof Map<?, ?> m && m.get("file") instanceof String f) Merge.asMap(m).put("file", abs(dir, f, env));
            }
        }
    }

    static void resolveService(Map<String, Object> s, Path dir, Map<String, String> env) {
        if (s.get("build") instanceof Map<?, ?> b) {
            Map<String, Object> build = Merge.asMap(b);
            if (build.get("context") instanceof String c && !isRemote(c)) build.put("context", abs(dir, c, env));
        }
        if (s.get("env_file") instanceof List<?> files) {
            for (Object f : files) {
                if (f instanceof Map<?, ?> m && m.get("path") instanceof String p) Merge.asMap(m).put("path", abs(dir, p, env));
            }
        }
        if (s.get("label_file") instanceof String lf) s.put("label_file", abs(dir, lf, env));
        if (s.get("volumes") instanceof List<?> vols) {
            for (Object v : vols) {
                if (v instanceof Map<?, ?> m && "bind".equals(m.get("type")) && m.get("source") instanceof String src) {
                    Merge.asMap(m).put("source", abs(dir, src, env));
                }
            }
        }
    }

    private static boolean isRemote(String context) {
        return context.contains("://") || context.startsWith("git@") || context.startsWith("github.com/");
    }

    private static String abs(Path dir, String p, Map<String, String> env) {
        if (p.equals("~") || p.startsWith("~/")) {
            String home = env.getOrDefault("HOME", System.getProperty("user.home"));
            return Path.of(home).resolve(p.equals("~") ? "" : p.substring(2)).normalize().toString();
        }
        return dir.resolve(p).normalize().toString();
    }
}

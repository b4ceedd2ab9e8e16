package dev.berth.compose.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Loads a Compose project as Docker Compose v2 does:
 * <ol>
 * <li>finds the files ({@code -f}, {@code COMPOSE_FILE}, else {@code compose.yaml}... in the directory or a parent,
 *     with its {@code compose.override.yml}...), the project directory, the {@code .env} or {@code --env-file}
 *     variables (the process environment wins), the profiles and the project name;</li>
 * <li>per file and YAML document: interpolation, {@code include}, {@code extends}, merge into the files before it,
 *     structure validation (errors name the file), then {@link Canonical} long syntax;</li>
 * <li>relative paths resolved against the project directory, {@code environment} and {@code env_file} resolved,
 *     implicit defaults ({@code default} network, resource names {@code <project>_<key>}), profiles applied, and
 *     the references between services and resources checked.</li>
 * </ol>
 */
public final class ProjectLoader {
    public static final List<String> DEFAULT_FILES = List.of("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml");
    public static final List<String> DEFAULT_OVERRIDES = List.of("compose.override.yml", "compose.override.yaml",
            "docker-compose.override.yml", "docker-compose.override.yaml");

    /**
     * What the command line and environment say.
     *
     * @param cwd              the directory relative paths on the command line are relative to
     * @param files            {@code -f} values, empty for the defaults
     * @param projectName      {@code -p}, or null
     * @param projectDirectory {@code --project-directory}, or null
     * @param envFiles         {@code --env-file} values, empty for the project directory's {@code .env}
     * @param profiles         {@code --profile} values, empty for {@code COMPOSE_PROFILES}
     * @param osEnv            the process environment
     * @param services         services named on the command line (enabled even if their profile is not)
     */
    public record Options(Path cwd, List<String> files, String projectName, String projectDirectory,
                          List<String> envFiles, List<String> profiles, java.util.function.Function<String, String> osEnv,
                          List<String> services) {
        public Options {
            files = List.copyOf(files);
            envFiles = List.copyOf(envFiles);
            profiles = List.copyOf(profiles);
            services = List.copyOf(services);
        }

        public Options withServices(List<String> s) {
            return new Options(cwd, files, projectName, projectDirectory, envFiles, profiles, osEnv, s);
        }
    }

    private final Consumer<String> warnings;
    private final Set<String> warned = new LinkedHashSet<>();
    private final boolean interpolate;

    private ProjectLoader(Consumer<String> warnings, boolean interpolate) {
        this.warnings = warnings;
        this.interpolate = interpolate;
    }

    /** Loads the project; warnings (unset variables, obsolete {@code version}) go to {@code warnings} once each. */
    public static Project load(Options options, Consumer<String> warnings) {
        return new ProjectLoader(warnings, true).load(options);
    }

    /**
     * {@code config --no-interpolate} and {@code --variables}: the project with its {@code ${VAR}}s left as written (the
     * project name and env files still read the environment).
     */
    public static Project loadWithoutInterpolation(Options options, Consumer<String> warnings) {
        return new ProjectLoader(warnings, false).load(options);
    }

    private Object interpolated(Map<?, ?> document, Map<String, String> env) {
        return interpolate ? new Interpolation(env::get, this::warn).apply(document, "") : document;
    }

    private void warn(String w) {
        if (warned.add(w)) warnings.accept(w);
    }

    private Project load(Options o) {
        Path cwd = o.cwd().toAbsolutePath().normalize();
        Path projectDir = o.projectDirectory() == null || o.projectDirectory().isEmpty() ? null
                : cwd.resolve(o.projectDirectory()).normalize();
        List<Path> files = new ArrayList<>();
        for (String f : o.files()) {
            if (f.equals("-")) throw new ComposeException("reading a compose file from stdin is not supported");
            files.add(cwd.resolve(f).normalize());
        }
        Path baseDir = projectDir != null ? projectDir : !files.isEmpty() ? files.getFirst().getParent() : cwd;

        // the project environment: the process's, then the env files' for what the process does not set
        Map<String, String> env = new Environment(o.osEnv());
        List<Path> envFiles = new ArrayList<>();
        for (String f : o.envFiles()) envFiles.add(cwd.resolve(f).normalize());
        if (envFiles.isEmpty() && !truthy(env.get("COMPOSE_DISABLE_ENV_FILE")) && Files.isRegularFile(baseDir.resolve(".env"))) {
            envFiles.add(baseDir.resolve(".env"));
        }
        for (Path f : envFiles) {
            if (!Files.exists(f)) throw new ComposeException("couldn't find env file: " + f);
            for (Map.Entry<String, String> e : DotEnv.read(f, env::get).entrySet()) env.putIfAbsent(e.getKey(), e.getValue());
        }

        if (files.isEmpty() && env.get("COMPOSE_FILE") != null && !env.get("COMPOSE_FILE").isEmpty()) {
            String sep = env.getOrDefault("COMPOSE_PATH_SEPARATOR", ":");
            for (String f : env.get("COMPOSE_FILE").split(java.util.regex.Pattern.quote(sep))) {
                if (!f.isEmpty()) files.add(cwd.resolve(f).normalize());
            }
        }
        if (files.isEmpty()) files.addAll(defaultFiles(baseDir));
        if (files.isEmpty()) throw new ComposeException("no configuration file provided: not found");
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new ComposeException("open " + f + ": no such file or directory");
            }
        }
        Path workingDir = projectDir != null ? projectDir : files.getFirst().getParent();

        List<String> profiles = new ArrayList<>(o.profiles());
        if (profiles.isEmpty() && env.get("COMPOSE_PROFILES") != null) {
            for (String p : env.get("COMPOSE_PROFILES").split(",")) if (!p.isBlank()) profiles.add(p.strip());
        }

        String name = projectName(o, env, files, workingDir);
        env.put("COMPOSE_PROJECT_NAME", name);

        Map<String, Object> model = loadModel(files, workingDir, env, new ArrayList<>());
        if (model.isEmpty()) throw new ComposeException("empty compose file");
        model.put("name", name);
        if (!interpolate) return new Project(name, workingDir, files, env, model, List.of());
        resolveEnvironment(model, env);
        Normalize.apply(model, name);
        Project project = new Project(name, workingDir, files, env, model, profiles);
        return project.withProfiles(profiles, o.services());
    }

    private static boolean truthy(String v) {
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    /** compose.yaml... in {@code dir} or the nearest parent that has one, with its override file. */
    static List<Path> defaultFiles(Path dir) {
        for (Path d = dir; d != null; d = d.getParent()) {
            for (String n : DEFAULT_FILES) {
                if (!Files.isRegularFile(d.resolve(n))) continue;
                List<Path> found = new ArrayList<>(List.of(d.resolve(n)));
                for (String ov : DEFAULT_OVERRIDES) {
                    if (Files.isRegularFile(d.resolve(ov))) {
                        found.add(d.resolve(ov));
                        break;
                    }
                }
                return found;
            }
        }
        return List.of();
    }

    /** {@code -p}, else {@code COMPOSE_PROJECT_NAME}, else the files' {@code name:}, else the directory's name. */
    private String projectName(Options o, Map<String, String> env, List<Path> files, Path workingDir) {
        String imperative = o.projectName() != null && !o.projectName().isEmpty() ? o.projectName()
                : env.get("COMPOSE_PROJECT_NAME") != null && !env.get("COMPOSE_PROJECT_NAME").isEmpty() ? env.get("COMPOSE_PROJECT_NAME")
                : null;
        if (imperative != null) {
            if (!normalizeProjectName(imperative).equals(imperative)) {
                throw new ComposeException("invalid project name \"" + imperative + "\": must consist only of lowercase alphanumeric "
                        + "characters, hyphens, and underscores as well as start with a letter or number");
            }
            return imperative;
        }
        String fromFiles = null;
        for (Path f : files) {
            for (Object doc : Yaml.parseAll(read(f), f.toString())) {
                if (doc instanceof Map<?, ?> m && m.get("name") instanceof String n && !n.isEmpty()) fromFiles = n;
            }
        }
        if (fromFiles != null) {
            String n = normalizeProjectName(new Interpolation(env::get, this::warn).substitute(fromFiles, "name"));
            if (!n.isEmpty()) return n;
        }
        String n = normalizeProjectName(workingDir.getFileName() == null ? "" : workingDir.getFileName().toString());
        if (n.isEmpty()) throw new ComposeException("project name must not be empty");
        return n;
    }

    /** Lower case, only {@code [a-z0-9_-]}, no leading {@code _} or {@code -}. */
    public static String normalizeProjectName(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-') sb.append(c);
        }
        int i = 0;
        while (i < sb.length() && (sb.charAt(i) == '_' || sb.charAt(i) == '-')) i++;
        return sb.substring(i);
    }

    static String read(Path f) {
        try {
            long size = Files.size(f);
            if (size > 16 << 20) throw new ComposeException(f + ": compose file too large (" + size + " bytes)");
            return Files.readString(f);
        } catch (IOException e) {
            throw new ComposeException("failed to read " + f + ": " + e.getMessage(), e);
        }
    }

    /** The merged model of {@code files}, its relative paths resolved against {@code workingDir}. */
    private Map<String, Object> loadModel(List<Path> files, Path workingDir, Map<String, String> env, List<Path> included) {
        Map<String, Object> dict = new LinkedHashMap<>();
        for (Path file : files) {
            List<Path> chain = new ArrayList<>(included);
            chain.add(file);
            for (Object doc : Yaml.parseAll(read(file), file.toString())) {
                if (doc == null) continue;
                if (!(doc instanceof Map<?, ?> m)) throw new ComposeException(file + ": top-level object must be a mapping");
                Map<String, Object> cfg = Merge.asMap(Casts.apply(interpolated(m, env)));
                if (cfg.containsKey("include")) applyInclude(cfg, file, workingDir, env, chain);
                Extends.apply(cfg, file, env, this, new ArrayList<>());
                dict = Merge.merge(dict, cfg);
                Merge.stripTags(dict);
                Merge.enforceUnicity(dict, TreePath.ROOT);
                if (!interpolate) continue; // a partial model: ${VAR}s cannot be validated nor expanded
                try {
                    Schema.validate(dict);
                } catch (ComposeException e) {
                    throw new ComposeException("validating " + file + ": " + e.getMessage());
                }
                if (dict.remove("version") != null) {
                    warn(file + ": the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion");
                }
                Canonical.apply(dict);
                Merge.enforceUnicity(dict, TreePath.ROOT);
            }
        }
        Paths.resolve(dict, workingDir, env);
        return dict;
    }

    /** Interpolates and casts one file's documents for {@code extends} (no include, no validation). */
    List<Map<String, Object>> documents(Path file, Map<String, String> env) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object doc : Yaml.parseAll(read(file), file.toString())) {
            if (doc instanceof Map<?, ?> m) {
                out.add(Merge.asMap(Merge.stripTags(Casts.apply(interpolated(m, env)))));
            }
        }
        return out;
    }

    private void applyInclude(Map<String, Object> cfg, Path file, Path workingDir, Map<String, String> env, List<Path> chain) {
        if (!(cfg.remove("include") instanceof List<?> includes)) throw new ComposeException("`include` must be a list");
        for (Object inc : includes) {
            Map<String, Object> spec = inc instanceof Map<?, ?> m ? Merge.asMap(m) : Map.of("path", String.valueOf(inc));
            List<Path> paths = new ArrayList<>();
            Object p = spec.get("path");
            for (Object x : p instanceof List<?> l ? l : List.of(p)) paths.add(workingDir.resolve(String.valueOf(x)).normalize());
            if (paths.isEmpty()) throw new ComposeException("include: path is required");
            for (Path ip : paths) {
                if (chain.contains(ip)) {
                    List<String> names = new ArrayList<>();
                    for (Path c : chain) names.add(c.toString());
                    throw new ComposeException("include cycle detected:\n" + names.getFirst() + "\n include "
                            + String.join("\n include ", names.subList(1, names.size())) + "\n include " + ip);
                }
                if (!Files.isRegularFile(ip)) throw new ComposeException("open " + ip + ": no such file or directory");
            }
            Path dir = spec.get("project_directory") instanceof String d ? workingDir.resolve(d).normalize() : paths.getFirst().getParent();
            Map<String, String> incEnv = new Environment(env::get);
            List<Path> envFiles = new ArrayList<>();
            Object ef = spec.get("env_file");
            if (ef == null) {
                if (Files.isRegularFile(dir.resolve(".env"))) envFiles.add(dir.resolve(".env"));
            } else {
                for (Object x : ef instanceof List<?> l ? l : List.of(ef)) envFiles.add(workingDir.resolve(String.valueOf(x)).normalize());
            }
            for (Path f : envFiles) {
                for (Map.Entry<String, String> e : DotEnv.read(f, incEnv::get).entrySet()) incEnv.putIfAbsent(e.getKey(), e.getValue());
            }
            List<Path> nested = new ArrayList<>(chain);
            Map<String, Object> imported = loadModel(paths, dir, incEnv, nested);
            for (String kind : List.of("services", "volumes", "networks", "secrets", "configs")) {
                if (!(imported.get(kind) instanceof Map<?, ?> from)) continue;
                Map<String, Object> to = cfg.get(kind) instanceof Map<?, ?> t ? Merge.asMap(t) : new LinkedHashMap<>();
                for (Map.Entry<String, Object> e : Merge.asMap(from).entrySet()) {
                    Object local = to.get(e.getKey());
                    to.put(e.getKey(), local == null ? e.getValue()
                            : Merge.merge(e.getValue(), local, TreePath.of(kind).next(e.getKey())));
                }
                cfg.put(kind, to);
            }
        }
    }

    /** {@code environment} entries without a value, and {@code build.args}, take the project environment's value. */
    private static void resolveEnvironment(Map<String, Object> model, Map<String, String> env) {
        if (!(model.get("services") instanceof Map<?, ?> services)) return;
        for (Map.Entry<String, Object> e : Merge.asMap(services).entrySet()) {
            Map<String, Object> s = Merge.asMap(e.getValue());
            Map<String, Object> merged = new LinkedHashMap<>();
            if (s.get("env_file") instanceof List<?> files) {
                for (Object f : files) {
                    Map<?, ?> ef = (Map<?, ?>) f;
                    Path path = Path.of(String.valueOf(ef.get("path")));
                    boolean required = !Boolean.FALSE.equals(ef.get("required"));
                    if (!Files.exists(path)) {
                        if (required) throw new ComposeException("env file " + path + " not found: stat " + path + ": no such file or directory");
                        continue;
                    }
                    for (Map.Entry<String, String> kv : DotEnv.read(path, env::get).entrySet()) merged.put(kv.getKey(), kv.getValue());
                }
            }
            if (s.get("environment") instanceof Map<?, ?> environment) {
                for (Map.Entry<String, Object> kv : Merge.asMap(environment).entrySet()) {
                    merged.put(kv.getKey(), kv.getValue() != null ? kv.getValue() : env.get(kv.getKey()));
                }
            }
            if (!merged.isEmpty()) s.put("environment", new TreeMap<>(merged));
            if (s.get("build") instanceof Map<?, ?> build && build.get("args") instanceof Map<?, ?> args) {
                for (Map.Entry<String, Object> kv : Merge.asMap(args).entrySet()) {
                    if (kv.getValue() == null && env.get(kv.getKey()) != null) kv.setValue(env.get(kv.getKey()));
                }
            }
        }
    }
}

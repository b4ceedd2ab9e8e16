package dev.berth.compose.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A loaded Compose project: its name, directory, files and environment, and the normalised model (a tree
 * in canonical long syntax, as {@code config} prints it). Services whose profiles are not active are not in
 * the model; {@link #disabled()} keeps them for messages.
 */
public final class Project {
    private final String name;
    private final Path workingDir;
    private final List<Path> files;
    private final Map<String, String> environment;
    private final Map<String, Object> model;
    private final List<String> profiles;
    private final Map<String, Service> services;
    private final Map<String, Service> disabled;

    Project(String name, Path workingDir, List<Path> files, Map<String, String> environment, Map<String, Object> model,
            List<String> profiles) {
        this(name, workingDir, files, environment, model, profiles, Map.of());
    }

    private Project(String name, Path workingDir, List<Path> files, Map<String, String> environment, Map<String, Object> model,
                    List<String> profiles, Map<String, Service> disabled) {
        this.name = name;
        this.workingDir = workingDir;
        this.files = List.copyOf(files);
        this.environment = Map.copyOf(nonNull(environment));
        this.model = model;
        this.profiles = List.copyOf(profiles);
        Map<String, Service> s = new TreeMap<>();
        if (model.get("services") instanceof Map<?, ?> m) {
            for (Map.Entry<String, Object> e : Merge.asMap(m).entrySet()) s.put(e.getKey(), new Service(e.getKey(), Merge.asMap(e.getValue())));
        }
        this.services = s;
        this.disabled = disabled;
    }

    /**
     * A project known only by its name ({@code -p} without a compose file): commands that act on its existing
     * containers, networks and volumes find them by their labels.
     */
    public static Project named(String name, Path workingDir) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", name);
        model.put("services", new LinkedHashMap<>());
        return new Project(name, workingDir, List.of(), Map.of(), model, List.of());
    }

    private static Map<String, String> nonNull(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (k != null && v != null) out.put(k, v);
        });
        return out;
    }

    public String name() {
        return name;
    }

    public Path workingDir() {
        return workingDir;
    }

    public List<Path> files() {
        return files;
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** The normalised model, as {@code config} prints it. Do not modify. */
    public Map<String, Object> model() {
        return model;
    }

    /** The active profiles. */
    public List<String> profiles() {
        return profiles;
    }

    /** The enabled services by name, sorted. */
    public Map<String, Service> services() {
        return services;
    }

    /** Services left out by their profiles. */
    public Map<String, Service> disabled() {
        return disabled;
    }

    public Service service(String n) {
        Service s = services.get(n);
        if (s == null) {
            if (disabled.containsKey(n)) throw new ComposeException("service \"" + n + "\" is not enabled by the active profiles");
            throw new ComposeException("no such service: " + n);
        }
        return s;
    }

    /** Top-level {@code networks}, {@code volumes}, {@code secrets} or {@code configs} by key. */
    public Map<String, Map<String, Object>> resources(String kind) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        if (model.get(kind) instanceof Map<?, ?> m) {
            for (Map.Entry<String, Object> e : Merge.asMap(m).entrySet()) out.put(e.getKey(), Merge.asMap(e.getValue()));
        }
        return out;
    }

    /**
     * The project with only the services that have no profile, an active one ({@code *} activates all), or
     * are named in {@code selected} (with what they need); then checks references between services and resources.
     */
    Project withProfiles(List<String> active, List<String> selected) {
        Set<String> enabled = new LinkedHashSet<>();
        for (Service s : services.values()) {
            List<String> p = s.strings("profiles");
            if (p.isEmpty() || active.contains("*") || p.stream().anyMatch(active::contains)) enabled.add(s.name());
        }
        Deque<String> todo = new ArrayDeque<>();
        for (String n : selected) {
            if (!services.containsKey(n)) throw new ComposeException("no such service: " + n);
            todo.add(n);
        }
        Set<String> visited = new LinkedHashSet<>();
        while (!todo.isEmpty()) {
            String n = todo.poll();
            if (!visited.add(n)) continue;
            enabled.add(n);
            Service s = services.get(n);
            if (s == null) continue;
            for (Map.Entry<String, Dependency> d : s.dependsOn().entrySet()) {
                if (d.getValue().required()) todo.add(d.getKey());
            }
        }
        Map<String, Object> m = new LinkedHashMap<>(model);
        Map<String, Object> kept = new LinkedHashMap<>();
        Map<String, Service> off = new TreeMap<>();
        for (Service s : services.values()) {
            if (enabled.contains(s.name())) kept.put(s.name(), s.raw());
            else off.put(s.name(), s);
        }
        m.put("services", kept);
        Project p = new Project(name, workingDir, files, environment, m, active, off);
        p.checkConsistency();
        return p;
    }

    private void checkConsistency() {
        Map<String, Map<String, Object>> networks = resources("networks");
        Map<String, Map<String, Object>> volumes = resources("volumes");
        Map<String, Map<String, Object>> secrets = resources("secrets");
        Map<String, Map<String, Object>> configs = resources("configs");
        for (Service s : services.values()) {
            String q = "service \"" + s.name() + "\"";
            if (s.image() == null && s.build() == null) {
                throw new ComposeException(q + " has neither an image nor a build context specified: invalid compose project");
            }
            if (s.raw().get("network_mode") != null && s.raw().get("networks") != null) {
                throw new ComposeException("service " + s.name() + " declares mutually exclusive `network_mode` and `networks`: invalid compose project");
            }
            for (String n : s.networks().keySet()) {
                if (!networks.containsKey(n)) throw new ComposeException(q + " refers to undefined network " + n + ": invalid compose project");
            }
            List<String> test = s.healthcheck() == null ? List.of() : s.healthcheck().test();
            if (!test.isEmpty() && !List.of("CMD", "CMD-SHELL", "NONE").contains(test.getFirst())) {
                throw new ComposeException("healthcheck.test must start either by \"CMD\", \"CMD-SHELL\" or \"NONE\"");
            }
            for (Map.Entry<String, Dependency> d : s.dependsOn().entrySet()) {
                if (services.containsKey(d.getKey())) continue;
                if (disabled.containsKey(d.getKey())) {
                    if (!d.getValue().required()) continue;
                    throw new ComposeException("service \"" + d.getKey() + "\" is required by \"" + s.name()
                            + "\" but is disabled. Can be enabled by profiles " + disabled.get(d.getKey()).strings("profiles"));
                }
                throw new ComposeException(q + " depends on undefined service \"" + d.getKey() + "\": invalid compose project");
            }
            for (Service.Mount v : s.volumes()) {
                if (v.type().equals("volume") && v.source() != null && !volumes.containsKey(v.source())) {
                    throw new ComposeException(q + " refers to undefined volume " + v.source() + ": invalid compose project");
                }
            }
            for (Service.FileRef f : s.fileRefs("secrets")) {
                if (!secrets.containsKey(f.source())) throw new ComposeException(q + " refers to undefined secret " + f.source() + ": invalid compose project");
            }
            for (Service.FileRef f : s.fileRefs("configs")) {
                if (!configs.containsKey(f.source())) throw new ComposeException(q + " refers to undefined config " + f.source() + ": invalid compose project");
            }
            if (s.scale() < 0) throw new ComposeException("services." + s.name() + ".scale: must be greater than or equal to 0");
            if (s.scale() > 1 && s.containerName() != null) {
                throw new ComposeException("services." + s.name() + ": can't set container_name and "
                        + (s.raw().containsKey("deploy") ? "deploy.replicas" : "scale") + " as container name must be unique: invalid compose project");
            }
        }
        checkCycles();
    }

    private void checkCycles() {
        Map<String, Integer> state = new TreeMap<>();
        for (String n : services.keySet()) visit(n, state, new ArrayList<>());
    }

    private void visit(String n, Map<String, Integer> state, List<String> stack) {
        Integer st = state.get(n);
        if (st != null && st == 2) return;
        if (st != null && st == 1) {
            throw new ComposeException("dependency cycle detected: " + String.join(" -> ", stack) + " -> " + n);
        }
        state.put(n, 1);
        stack.add(n);
        Service s = services.get(n);
        if (s != null) for (String d : s.dependsOn().keySet()) if (services.containsKey(d)) visit(d, state, stack);
        stack.removeLast();
        state.put(n, 2);
    }

    /** Dependency order: each service after the services it depends on (names sorted among equals). */
    public List<String> startOrder() {
        List<String> out = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (String n : services.keySet()) order(n, done, out);
        return out;
    }

    private void order(String n, Set<String> done, List<String> out) {
        if (!done.add(n)) return;
        for (String d : new java.util.TreeSet<>(services.get(n).dependsOn().keySet())) if (services.containsKey(d)) order(d, done, out);
        out.add(n);
    }
}

package dev.berth.compose.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code extends}: a service starts from another service, of the same file or of {@code file}, and the
 * keys it sets are merged over it with the usual merge rules. The base service's relative paths stay
 * relative to its own file. A cycle is an error that lists the chain.
 */
final class Extends {
    private Extends() {}

    /** One step of an extends chain: the file and the service. */
    record Ref(Path file, String service) {}

    /** Resolves every {@code extends} of the services of one document, in place. */
    static void apply(Map<String, Object> cfg, Path file, Map<String, String> env, ProjectLoader loader, List<Ref> chain) {
        if (!(cfg.get("services") instanceof Map<?, ?> services)) return;
        Map<String, Object> svcs = Merge.asMap(services);
        for (String name : new ArrayList<>(svcs.keySet())) {
            if (svcs.get(name) instanceof Map<?, ?> s && s.containsKey("extends")) {
                svcs.put(name, resolve(name, Merge.asMap(s), svcs, file, env, loader, chain));
            }
        }
    }

    private static Map<String, Object> resolve(String name, Map<String, Object> service, Map<String, Object> siblings, Path file,
                                               Map<String, String> env, ProjectLoader loader, List<Ref> chain) {
        List<Ref> next = new ArrayList<>(chain);
        Ref self = new Ref(file, name);
        if (chain.contains(self)) {
            StringBuilder sb = new StringBuilder("Circular reference:\n  ").append(chain.getFirst().service()).append(" in ")
                    .append(chain.getFirst().file());
            for (Ref r : chain.subList(1, chain.size())) sb.append("\n  extends ").append(r.service()).append(" in ").append(r.file());
            sb.append("\n  extends ").append(name).append(" in ").append(file);
            throw new ComposeException(sb.toString());
        }
        next.add(self);
        Object ext = service.get("extends");
        String baseName;
        String baseFile = null;
        if (ext instanceof String s) {
            baseName = s;
        } else if (ext instanceof Map<?, ?> m && m.get("service") instanceof String s) {
            baseName = s;
            if (m.get("file") != null) baseFile = String.valueOf(m.get("file"));
        } else {
            throw new ComposeException("services." + name + ".extends: service is required");
        }
        Map<String, Object> base;
        if (baseFile == null) {
            if (!(siblings.get(baseName) instanceof Map<?, ?> b)) {
                throw new ComposeException("cannot extend service \"" + name + "\" in " + file + ": service \"" + baseName + "\" not found");
            }
            base = Merge.asMap(Merge.stripTags(deepCopy(Merge.asMap(b))));
            if (base.containsKey("extends")) base = resolve(baseName, base, siblings, file, env, loader, next);
        } else {
            Path other = file.getParent().resolve(baseFile).normalize();
            if (!Files.isRegularFile(other)) throw new ComposeException("open " + other + ": no such file or directory");
            Map<String, Object> otherServices = new LinkedHashMap<>();
            for (Map<String, Object> doc : loader.documents(other, env)) {
                if (doc.get("services") instanceof Map<?, ?> os) otherServices.putAll(Merge.asMap(os));
            }
            if (!(otherServices.get(baseName) instanceof Map<?, ?> b)) {
                throw new ComposeException("cannot extend service \"" + name + "\" in " + file + ": service \"" + baseName + "\" not found in " + other);
            }
            base = deepCopy(Merge.asMap(b));
            if (base.containsKey("extends")) base = resolve(baseName, base, otherServices, other, env, loader, next);
            // the base's relative paths are relative to its own file
            Canonical.service(base, TreePath.of("services").next(baseName));
            Paths.resolveService(base, other.getParent(), env);
        }
        base.remove("extends");
        Map<String, Object> own = new LinkedHashMap<>(service);
        own.remove("extends");
        Map<String, Object> wrapped = new LinkedHashMap<>();
        wrapped.put("services", new LinkedHashMap<>(Map.of(name, base)));
        Map<String, Object> over = new LinkedHashMap<>();
        over.put("services", new LinkedHashMap<>(Map.of(name, own)));
        Map<String, Object> merged = Merge.merge(wrapped, over);
        Merge.stripTags(merged);
        Merge.enforceUnicity(merged, TreePath.ROOT);
        return Merge.asMap(Merge.asMap(merged.get("services")).get(name));
    }

    @SuppressWarnings("unchecked")
    static <T> T deepCopy(T tree) {
        if (tree instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put((String) e.getKey(), deepCopy(e.getValue()));
            return (T) out;
        }
        if (tree instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(deepCopy(o));
            return (T) out;
        }
        return tree;
    }
}

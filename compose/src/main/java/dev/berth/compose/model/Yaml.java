package dev.berth.compose.model;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads compose YAML into plain trees: {@link LinkedHashMap} with string keys, {@link ArrayList},
 * and scalars (String, Integer/Long, Double, Boolean, null). Anchors and aliases are resolved by
 * SnakeYAML Engine; merge keys ({@code <<: *base}, {@code <<: [*a, *b]}), which YAML 1.2 dropped
 * but Compose files use, are applied here: the mapping's own keys win, then earlier merged maps.
 * Every node of the result is a fresh object, so aliases can be edited independently later.
 */
public final class Yaml {
    static final String MERGE_KEY = "<<";
    /** Alias expansions allowed per file: a "billion laughs" file is refused, not expanded. */
    private static final int MAX_ALIASES = 1000;
    private static final int MAX_NODES = 1_000_000;

    private Yaml() {}

    /** Every document of {@code content} (a compose file may hold several, merged in order). */
    public static List<Object> parseAll(String content, String filename) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(filename)
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowRecursiveKeys(false)
                .build();
        List<Object> docs = new ArrayList<>();
        try {
            for (Object doc : new Load(settings).loadAllFromString(content)) {
                docs.add(plain(doc, new int[1], new IdentityHashMap<>()));
            }
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(m -> "line " + (m.getLine() + 1) + ": ").orElse("");
            throw new ComposeException("failed to parse " + filename + ": yaml: " + where + e.getProblem());
        } catch (YamlEngineException e) {
            throw new ComposeException("failed to parse " + filename + ": yaml: " + e.getMessage());
        }
        return docs;
    }

    /** Copies a loaded node into a plain tree, applying merge keys. */
    private static Object plain(Object node, int[] count, IdentityHashMap<Object, Boolean> onPath) {
        if (++count[0] > MAX_NODES) throw new ComposeException("yaml: document is too large");
        if (node instanceof Map<?, ?> m) {
            if (onPath.put(m, Boolean.TRUE) != null) throw new ComposeException("yaml: recursive alias");
            Map<String, Object> out = new LinkedHashMap<>();
            Object merge = null;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (key.equals(MERGE_KEY)) {
                    merge = e.getValue();
                    continue;
                }
                out.put(key, plain(e.getValue(), count, onPath));
            }
            if (merge != null) {
                List<?> sources = merge instanceof List<?> l ? l : List.of(merge);
                for (Object src : sources) {
                    if (!(plain(src, count, onPath) instanceof Map<?, ?> sm)) {
                        throw new ComposeException("yaml: map merge requires map or sequence of maps as the value");
                    }
                    for (Map.Entry<?, ?> e : sm.entrySet()) out.putIfAbsent((String) e.getKey(), e.getValue());
                }
            }
            onPath.remove(m);
            return out;
        }
        if (node instanceof List<?> l) {
            if (onPath.put(l, Boolean.TRUE) != null) throw new ComposeException("yaml: recursive alias");
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(plain(o, count, onPath));
            onPath.remove(l);
            return out;
        }
        if (node instanceof java.math.BigInteger b) return b.toString();
        if (node instanceof byte[] bytes) return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        return node;
    }
}

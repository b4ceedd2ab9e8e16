package dev.berth.compose.model;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads compose YAML into plain trees: {@link LinkedHashMap} with string keys, {@link ArrayList},
 * and scalars (String, Integer/Long, Double, Boolean, null) by YAML 1.2's core schema. SnakeYAML Engine
 * composes the node graph (anchors and aliases); the tree is built here so that what YAML 1.2 lacks and
 * Compose files use works: merge keys ({@code <<: *base}, {@code <<: [*a, *b]}: the mapping's own keys win,
 * then earlier merged maps) and the merge tags {@code !reset} (drop what the files before set) and
 * {@code !override} (replace it rather than merge), which {@link Merge} applies. Every node of the result
 * is a fresh object, so aliases can be edited independently later.
 */
public final class Yaml {
    static final String MERGE_KEY = "<<";
    /** Alias expansions allowed per file: a "billion laughs" file is refused, not expanded. */
    private static final int MAX_NODES = 1_000_000;
    private static final Tag RESET_TAG = new Tag("!reset");
    private static final Tag OVERRIDE_TAG = new Tag("!override");

    /** {@code !reset}: the key goes, whatever the files before said. */
    public static final Object RESET = new Object() {
        @Override
        public String toString() {
            return "!reset";
        }
    };

    /** {@code !override}: this value replaces the one of the files before instead of being merged with it. */
    public record Replacement(Object value) {}

    private Yaml() {}

    /** Every document of {@code content} (a compose file may hold several, merged in order). */
    public static List<Object> parseAll(String content, String filename) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(filename)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(1000)
                .build();
        List<Object> docs = new ArrayList<>();
        try {
            for (Node doc : new Compose(settings).composeAllFromString(content)) {
                try {
                    docs.add(plain(doc, new int[1], new IdentityHashMap<>()));
                } catch (ComposeException e) {
                    throw new ComposeException("failed to parse " + filename + ": " + e.getMessage());
                }
            }
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(m -> "line " + (m.getLine() + 1) + ": ").orElse("");
            throw new ComposeException("failed to parse " + filename + ": yaml: " + where + e.getProblem());
        } catch (YamlEngineException e) {
            throw new ComposeException("failed to parse " + filename + ": yaml: " + e.getMessage());
        } catch (NumberFormatException e) {
            throw new ComposeException("failed to parse " + filename + ": yaml: " + e.getMessage());
        } catch (StackOverflowError e) {
            throw new ComposeException("failed to parse " + filename + ": yaml: the document is nested too deeply");
        }
        return docs;
    }

    private static Object plain(Node node, int[] count, IdentityHashMap<Node, Boolean> onPath) {
        if (++count[0] > MAX_NODES) throw new ComposeException("yaml: document is too large");
        if (node.getTag().equals(RESET_TAG)) return RESET;
        if (onPath.put(node, Boolean.TRUE) != null) throw new ComposeException("yaml: recursive alias");
        try {
            Object value = switch (node) {
                case MappingNode m -> mapping(m, count, onPath);
                case SequenceNode s -> {
                    List<Object> out = new ArrayList<>(s.getValue().size());
                    for (Node n : s.getValue()) out.add(plain(n, count, onPath));
                    yield out;
                }
                case ScalarNode s -> scalar(s);
                default -> throw new ComposeException("yaml: unexpected node " + node.getNodeType());
            };
            return node.getTag().equals(OVERRIDE_TAG) ? new Replacement(value) : value;
        } finally {
            onPath.remove(node);
        }
    }

    private static Map<String, Object> mapping(MappingNode m, int[] count, IdentityHashMap<Node, Boolean> onPath) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<?, ?>> merges = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            Object k = plain(t.getKeyNode(), count, onPath);
            String key = String.valueOf(k);
            if (key.equals(MERGE_KEY) && t.getKeyNode() instanceof ScalarNode) {
                Object v = plain(t.getValueNode(), count, onPath);
                for (Object src : v instanceof List<?> l ? l : List.of(v)) {
                    if (!(src instanceof Map<?, ?> sm)) {
                        throw new ComposeException("yaml: line " + (t.getValueNode().getStartMark().map(x -> x.getLine() + 1).orElse(0))
                                + ": map merge requires map or sequence of maps as the value");
                    }
                    merges.add(sm);
                }
                continue;
            }
            if (out.containsKey(key)) {
                throw new ComposeException("yaml: line " + t.getKeyNode().getStartMark().map(x -> x.getLine() + 1).orElse(0)
                        + ": mapping key \"" + key + "\" already defined");
            }
            out.put(key, plain(t.getValueNode(), count, onPath));
        }
        for (Map<?, ?> sm : merges) {
            for (Map.Entry<?, ?> e : sm.entrySet()) out.putIfAbsent((String) e.getKey(), Extends.deepCopy(e.getValue()));
        }
        return out;
    }

    /** A scalar by the tag the core schema resolved (or its explicit tag); unknown tags are strings. */
    private static Object scalar(ScalarNode s) {
        String v = s.getValue();
        Tag tag = s.getTag();
        if (tag.equals(Tag.NULL)) return null;
        if (tag.equals(Tag.BOOL)) return Boolean.parseBoolean(v.toLowerCase());
        if (tag.equals(Tag.INT)) {
            String d = v.replace("_", "");
            BigInteger b;
            if (d.startsWith("0x") || d.startsWith("+0x")) b = new BigInteger(d.substring(d.indexOf('x') + 1), 16);
            else if (d.startsWith("0o") || d.startsWith("+0o")) b = new BigInteger(d.substring(d.indexOf('o') + 1), 8);
            else b = new BigInteger(d.startsWith("+") ? d.substring(1) : d);
            if (b.bitLength() < 32) return b.intValue();
            if (b.bitLength() < 64) return b.longValue();
            return v;
        }
        if (tag.equals(Tag.FLOAT)) {
            String f = v.toLowerCase();
            if (f.endsWith(".inf")) return f.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            if (f.equals(".nan")) return Double.NaN;
            return Double.parseDouble(f);
        }
        return v;
    }
}

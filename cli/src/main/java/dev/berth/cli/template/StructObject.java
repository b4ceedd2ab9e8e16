package dev.berth.cli.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Go struct value for templates: named fields in declaration order. {@code {{.Name}}} reads a
 * field, {@code {{json .}}} writes them in order (leaving out empty {@code omitEmpty} fields, as
 * Go's {@code omitempty} does); a missing name is an error naming {@link #typeName()}.
 */
public record StructObject(String typeName, Map<String, Object> values, Set<String> omitEmpty, boolean jsonEscapesHtml,
                           Map<String, String> aliases) implements TemplateObject {
    public StructObject {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        omitEmpty = Set.copyOf(omitEmpty);
        aliases = Map.copyOf(aliases);
    }

    public StructObject(String typeName, Map<String, Object> values, Set<String> omitEmpty, boolean jsonEscapesHtml) {
        this(typeName, values, omitEmpty, jsonEscapesHtml, Map.of());
    }

    public StructObject(String typeName, Map<String, Object> values) {
        this(typeName, values, Set.of(), false, Map.of());
    }

    /**
     * A copy where {@code templateName} reads the field stored (and written to JSON) as
     * {@code jsonName}, for Go fields whose JSON tag differs from their name ({@code APIVersion}
     * is written {@code ApiVersion}).
     */
    public StructObject withAlias(String templateName, String jsonName) {
        Map<String, String> a = new LinkedHashMap<>(aliases);
        a.put(templateName, jsonName);
        return new StructObject(typeName, values, omitEmpty, jsonEscapesHtml, a);
    }

    @Override
    public Object field(String name) {
        String key = aliases.getOrDefault(name, name);
        if (aliases.containsValue(name) && !aliases.containsKey(name)) return MISSING;
        return values.containsKey(key) ? values.get(key) : MISSING;
    }

    @Override
    public List<String> fieldNames() {
        return new ArrayList<>(values.keySet());
    }

    @Override
    public String goString() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Object v : values.values()) {
            if (!first) sb.append(' ');
            first = false;
            GoFormat.appendValue(sb, Values.normalize(v));
        }
        return sb.append('}').toString();
    }

    @Override
    public Map<String, Object> fields() {
        if (omitEmpty.isEmpty()) return values;
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!omitEmpty.contains(e.getKey()) || Values.isTrue(e.getValue())) m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    /** A copy with one more field (or one replaced). */
    public StructObject with(String name, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(values);
        m.put(name, value);
        return new StructObject(typeName, m, omitEmpty, jsonEscapesHtml, aliases);
    }
}

package dev.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.EngineException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code filters} query parameter, in both shapes clients send: the CLI's
 * {@code {"label":{"a=1":true}}} and docker-py/docker-java's {@code {"label":["a=1"]}}.
 */
public record Filters(Map<String, List<String>> values) {
    public static final Filters NONE = new Filters(Map.of());

    public Filters {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        // a loop, not a lambda: the CLI builds Filters on every run and a first lambda costs start-up time
        for (Map.Entry<String, List<String>> e : values.entrySet()) copy.put(e.getKey(), List.copyOf(e.getValue()));
        values = Map.copyOf(copy);
    }

    public static Filters parse(String json) {
        if (json == null || json.isBlank()) return NONE;
        try {
            JsonNode root = ApiJson.mapper().readTree(json);
            if (!root.isObject()) throw new EngineException.InvalidArgument("invalid filter: want a JSON object");
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (var e : root.properties()) {
                List<String> vals = new ArrayList<>();
                JsonNode v = e.getValue();
                if (v.isArray()) v.forEach(n -> vals.add(n.asText()));
                else if (v.isObject()) v.properties().forEach(p -> { if (p.getValue().asBoolean(true)) vals.add(p.getKey()); });
                else if (v.isTextual()) vals.add(v.asText());
                else throw new EngineException.InvalidArgument("invalid filter '" + e.getKey() + "'");
                out.put(e.getKey(), vals);
            }
            return new Filters(out);
        } catch (IOException e) {
            throw new EngineException.InvalidArgument("invalid filter: " + json);
        }
    }

    /** The CLI's map encoding. */
    public String toJson() {
        Map<String, Map<String, Boolean>> m = new LinkedHashMap<>();
        values.forEach((k, vs) -> {
            Map<String, Boolean> set = new LinkedHashMap<>();
            vs.forEach(v -> set.put(v, true));
            m.put(k, set);
        });
        return ApiJson.writeString(m);
    }

    public List<String> get(String key) {
        return values.getOrDefault(key, List.of());
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Fails with Docker's message for a filter key the endpoint does not know. */
    public void requireKeys(java.util.Set<String> allowed) {
        for (String k : values.keySet()) {
            if (!allowed.contains(k)) throw new EngineException.InvalidArgument("invalid filter '" + k + "'");
        }
    }

    public static Filters of(Map<String, List<String>> v) {
        return new Filters(v);
    }
}

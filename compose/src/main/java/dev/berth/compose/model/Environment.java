package dev.berth.compose.model;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A project's variables: values set here (from env files, {@code COMPOSE_PROJECT_NAME}) over a base
 * lookup (the process environment, which cannot be listed). Only the values set here are iterated.
 */
final class Environment extends AbstractMap<String, String> {
    private final Function<String, String> base;
    private final Map<String, String> own = new LinkedHashMap<>();

    Environment(Function<String, String> base) {
        this.base = base;
    }

    @Override
    public String get(Object key) {
        if (own.containsKey(key)) return own.get(key);
        return key instanceof String k ? base.apply(k) : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return own.containsKey(key) || get(key) != null;
    }

    @Override
    public String put(String key, String value) {
        String old = get(key);
        own.put(key, value);
        return old;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return own.entrySet();
    }
}

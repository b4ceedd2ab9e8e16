package dev.berth.compose.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A position in a compose tree ({@code services.web.ports.[]}): mapping keys, and {@code []} for a
 * sequence item. Patterns use {@code *} for any single key. Keys may contain dots, so a path is a
 * list of segments, printed joined with dots as Compose prints paths in messages.
 */
public record TreePath(List<String> segments) {
    public static final String ITEM = "[]";
    public static final TreePath ROOT = new TreePath(List.of());

    public static TreePath of(String dotted) {
        return new TreePath(List.of(dotted.split("\\.")));
    }

    public TreePath next(String key) {
        List<String> s = new ArrayList<>(segments.size() + 1);
        s.addAll(segments);
        s.add(key);
        return new TreePath(s);
    }

    public boolean matches(TreePath pattern) {
        if (pattern.segments.size() != segments.size()) return false;
        for (int i = 0; i < segments.size(); i++) {
            String p = pattern.segments.get(i);
            if (!p.equals("*") && !p.equals(segments.get(i))) return false;
        }
        return true;
    }

    public String last() {
        return segments.isEmpty() ? "" : segments.getLast();
    }

    @Override
    public String toString() {
        return String.join(".", segments);
    }
}

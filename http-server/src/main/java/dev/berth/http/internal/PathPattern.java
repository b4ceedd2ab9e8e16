package dev.berth.http.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A route pattern such as {@code /images/{name:.+}/json}: literal segments, {@code {x}} (exactly one non-empty
 * segment) and {@code {x:.+}} / {@code {x:.*}} (one or more / zero or more segments, so image names with slashes
 * match). Matching backtracks, like the regular expressions moby's router compiles these into.
 */
public final class PathPattern {

    private sealed interface Segment permits Literal, One, Many {}
    private record Literal(String text) implements Segment {}
    private record One(String name) implements Segment {}
    private record Many(String name, boolean allowEmpty) implements Segment {}

    private final String source;
    private final List<Segment> segments;
    private final int literals;
    private final int greedy;

    private PathPattern(String source, List<Segment> segments) {
        this.source = source;
        this.segments = List.copyOf(segments);
        this.literals = (int) segments.stream().filter(s -> s instanceof Literal).count();
        this.greedy = (int) segments.stream().filter(s -> s instanceof Many).count();
    }

    /** Parses a pattern; it must start with {@code /}. */
    public static PathPattern parse(String pattern) {
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("route pattern must start with '/': " + pattern);
        }
        List<Segment> segments = new ArrayList<>();
        for (String part : split(pattern)) {
            if (part.startsWith("{") && part.endsWith("}")) {
                String body = part.substring(1, part.length() - 1);
                int colon = body.indexOf(':');
                String name = colon < 0 ? body : body.substring(0, colon);
                String regex = colon < 0 ? null : body.substring(colon + 1);
                if (name.isEmpty()) throw new IllegalArgumentException("unnamed parameter in " + pattern);
                if (regex == null || regex.equals("[^/]+")) segments.add(new One(name));
                else if (regex.equals(".+")) segments.add(new Many(name, false));
                else if (regex.equals(".*")) segments.add(new Many(name, true));
                else throw new IllegalArgumentException("unsupported parameter regex '" + regex + "' in " + pattern
                        + " (use {x}, {x:.+} or {x:.*})");
            } else if (part.contains("{") || part.contains("}")) {
                throw new IllegalArgumentException("a parameter must be a whole segment in " + pattern);
            } else {
                segments.add(new Literal(part));
            }
        }
        return new PathPattern(pattern, segments);
    }

    /** Splits a path into its segments: {@code /a/b} gives {@code [a, b]}, {@code /} gives {@code [""]}. */
    public static List<String> split(String path) {
        return List.of(path.substring(1).split("/", -1));
    }

    /** The parameters if {@code pathSegments} match, else null. */
    public Map<String, String> match(List<String> pathSegments) {
        Map<String, String> params = new HashMap<>();
        return match(0, pathSegments, 0, params) ? params : null;
    }

    private boolean match(int si, List<String> path, int pi, Map<String, String> params) {
        if (si == segments.size()) return pi == path.size();
        if (pi > path.size()) return false;
        switch (segments.get(si)) {
            case Literal l -> {
                return pi < path.size() && path.get(pi).equals(l.text()) && match(si + 1, path, pi + 1, params);
            }
            case One o -> {
                if (pi >= path.size() || path.get(pi).isEmpty()) return false;
                params.put(o.name(), path.get(pi));
                return match(si + 1, path, pi + 1, params);
            }
            case Many m -> {
                // Greedy first: the longest value that lets the rest match, as a regex ".+" would.
                for (int end = path.size(); end >= pi; end--) {
                    String value = String.join("/", path.subList(pi, end));
                    if (value.isEmpty() && !m.allowEmpty()) continue;
                    params.put(m.name(), value);
                    if (match(si + 1, path, end, params)) return true;
                }
                params.remove(m.name());
                return false;
            }
        }
    }

    /** Number of literal segments: more means more specific. */
    public int literalCount() {
        return literals;
    }

    /** Number of multi-segment parameters: fewer means more specific. */
    public int greedyCount() {
        return greedy;
    }

    @Override
    public String toString() {
        return source;
    }
}

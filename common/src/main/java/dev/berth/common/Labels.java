package dev.berth.common;

import java.util.List;
import java.util.Map;

/** Docker's {@code label} filters: {@code key} (present) or {@code key=value} (equal). */
public final class Labels {
    private Labels() {}

    public static boolean matches(Map<String, String> labels, String filter) {
        int eq = filter.indexOf('=');
        return eq < 0 ? labels.containsKey(filter) : filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }

    /** Whether every filter matches (true for none). */
    public static boolean matchesAll(Map<String, String> labels, List<String> filters) {
        for (String f : filters) if (!matches(labels, f)) return false;
        return true;
    }

    /** Whether any filter matches (false for none). */
    public static boolean matchesAny(Map<String, String> labels, List<String> filters) {
        for (String f : filters) if (matches(labels, f)) return true;
        return false;
    }
}

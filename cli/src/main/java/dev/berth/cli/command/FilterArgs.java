package dev.berth.cli.command;

import dev.berth.api.Filters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --filter name=value} flags as docker's {@code FilterOpt} collects them. */
final class FilterArgs {
    private FilterArgs() {}

    /** Names are lower-cased and trimmed, values trimmed; repeated names accumulate. */
    static Map<String, List<String>> parse(List<String> flags) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        if (flags == null) return m;
        for (String f : flags) {
            int eq = f.indexOf('=');
            if (eq < 0) continue;
            String name = f.substring(0, eq).strip().toLowerCase();
            String value = f.substring(eq + 1).strip();
            List<String> values = m.get(name);
            if (values == null) {
                values = new ArrayList<>();
                m.put(name, values);
            }
            if (!values.contains(value)) values.add(value);
        }
        return m;
    }

    static Filters of(List<String> flags) {
        Map<String, List<String>> m = parse(flags);
        return m.isEmpty() ? Filters.NONE : Filters.of(m);
    }
}

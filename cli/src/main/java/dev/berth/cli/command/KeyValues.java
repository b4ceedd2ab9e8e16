package dev.berth.cli.command;

import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.render.InspectWriter;
import dev.berth.common.EngineException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** What the object commands ({@code network}, {@code volume}) share: {@code k=v} flags and {@code inspect}. */
final class KeyValues {
    private KeyValues() {}

    /** {@code --label}/{@code --opt} values: {@code k=v}, or {@code k} for an empty value. */
    static Map<String, String> parse(List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            out.put(eq < 0 ? p : p.substring(0, eq), eq < 0 ? "" : p.substring(eq + 1));
        }
        return out;
    }

    /** Labels as {@code ls --format '{{.Labels}}'} shows them: {@code k=v,k2=v2}, by key. */
    static String join(Map<String, String> labels) {
        StringBuilder b = new StringBuilder();
        new java.util.TreeMap<>(labels == null ? Map.of() : labels)
                .forEach((k, v) -> b.append(b.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return b.toString();
    }

    /**
     * {@code X inspect [-f FORMAT] NAME...}: each object as the daemon sent it ({@code raw}), rendered through the
     * template with its {@code typed} form when there is one; the names not found are reported after the others.
     */
    static void inspect(CliContext ctx, String format, List<String> names, Function<String, byte[]> raw,
                        Function<byte[], Object> typed) {
        InspectWriter writer = InspectWriter.create(format);
        List<String> errors = new ArrayList<>();
        for (String name : names) {
            try {
                byte[] body = raw.apply(name);
                writer.add(writer.needsTyped() ? typed.apply(body) : null, body);
            } catch (EngineException e) {
                errors.add("Error response from daemon: " + e.getMessage());
            }
        }
        ctx.out().print(writer.flush());
        if (!errors.isEmpty()) throw new CliException(String.join("\n", errors));
    }
}

package dev.berth.cli.render;

import dev.berth.cli.CliException;
import dev.berth.cli.format.JsonIndent;
import dev.berth.cli.template.Funcs;
import dev.berth.cli.template.Template;
import dev.berth.cli.template.TemplateException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * docker's inspect output ({@code cli/command/inspect}): with no format, the objects as an
 * indented JSON array exactly as the daemon sent them; with {@code json}, the same compacted;
 * otherwise a template, run first on the typed object and, if that fails, on the raw JSON with
 * {@code missingkey=error}, one line per object.
 */
public final class InspectWriter {
    private final Template template;
    private final boolean compact;
    private final List<byte[]> raw = new ArrayList<>();
    private final StringBuilder buffer = new StringBuilder();

    private InspectWriter(Template template, boolean compact) {
        this.template = template;
        this.compact = compact;
    }

    /**
     * @throws CliException status 64 with "template parsing error: ..." for a template that does not parse
     */
    public static InspectWriter create(String format) {
        if (format == null || format.isEmpty()) return new InspectWriter(null, false);
        if (format.equals("json")) return new InspectWriter(null, true);
        try {
            return new InspectWriter(Template.parse("", format, Funcs.docker()), false);
        } catch (TemplateException e) {
            throw new CliException("template parsing error: " + e.getMessage(), 64);
        }
    }

    /** Whether {@link #add} uses the typed form (only templates do; building it costs time). */
    public boolean needsTyped() {
        return template != null;
    }

    /**
     * Adds one object.
     *
     * @param typed template data for the object (see {@link TemplateData}), or null to use the raw JSON only
     * @throws CliException "template parsing error: ..." when the template fails on both forms
     */
    public void add(Object typed, byte[] rawJson) {
        if (template == null) {
            raw.add(rawJson);
            return;
        }
        StringBuilder out = new StringBuilder();
        try {
            if (typed == null) throw new TemplateException("no typed form");
            template.execute(out, typed);
        } catch (TemplateException typedFailure) {
            out.setLength(0);
            try {
                Object data = dev.berth.client.JsonTree.parse(rawJson);
                template.withMissingKeyError().execute(out, data);
            } catch (TemplateException e) {
                throw new CliException("template parsing error: " + e.getMessage());
            } catch (java.io.IOException e) {
                throw new CliException("unable to read inspect data: " + e.getMessage());
            }
        }
        buffer.append(out).append('\n');
    }

    /** The output: what the objects rendered to, or {@code []} / an empty line when there were none. */
    public String flush() {
        if (template != null) return buffer.isEmpty() ? "\n" : buffer.toString();
        if (raw.isEmpty()) return "[]\n";
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < raw.size(); i++) {
            if (i > 0) array.append(',');
            array.append(new String(raw.get(i), StandardCharsets.UTF_8));
        }
        array.append(']');
        return (compact ? JsonIndent.compact(array) : JsonIndent.indent(array, "", "    ")) + "\n";
    }
}

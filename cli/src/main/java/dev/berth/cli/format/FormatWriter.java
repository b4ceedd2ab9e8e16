package dev.berth.cli.format;

import dev.berth.cli.CliException;
import dev.berth.cli.template.Funcs;
import dev.berth.cli.template.Template;
import dev.berth.cli.template.TemplateException;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code formatter.Context}: renders rows through a {@code --format} value that is
 * {@code table}, {@code table TEMPLATE}, {@code json} or a bare template. Table output gets a
 * header row (the template run over the header names) and goes through the {@link TabWriter};
 * a literal {@code \t} or {@code \n} in the format becomes a tab or newline.
 */
public final class FormatWriter {
    public static final String TABLE = "table";
    public static final String JSON = "json";
    public static final String JSON_TEMPLATE = "{{json .}}";

    private FormatWriter() {}

    public static boolean isTable(String format) {
        return format.startsWith(TABLE);
    }

    /**
     * Renders {@code rows} and returns the text (each row followed by a newline).
     *
     * @param header column names by field, e.g. {@code Repository -> REPOSITORY}
     * @throws CliException "template parsing error: ..." when the template does not parse or run
     */
    public static String render(String format, Map<String, String> header, List<?> rows) {
        Template tmpl = parse(format);
        StringBuilder body = new StringBuilder();
        for (Object row : rows) {
            try {
                tmpl.execute(body, row);
            } catch (TemplateException e) {
                throw new CliException("template parsing error: " + e.getMessage());
            }
            body.append('\n');
        }
        if (!isTable(format)) return body.toString();
        StringBuilder out = new StringBuilder();
        TabWriter tw = TabWriter.forTables(out);
        StringBuilder head = new StringBuilder();
        try {
            tmpl.withFuncs(Funcs.dockerHeader()).execute(head, header);
        } catch (TemplateException ignored) {
            // docker ignores header errors and prints what was produced
        }
        tw.write(head);
        tw.write("\n");
        tw.write(body);
        tw.flush();
        return out.toString();
    }

    /** Parses a format the way docker prepares it: strip "table", map "json", unescape tabs/newlines. */
    public static Template parse(String format) {
        try {
            return Template.parse("", prepare(format), Funcs.docker());
        } catch (TemplateException e) {
            throw new CliException("template parsing error: " + e.getMessage());
        }
    }

    static String prepare(String format) {
        String f = format;
        if (isTable(f)) f = f.substring(TABLE.length());
        else if (f.equals(JSON)) f = JSON_TEMPLATE;
        return trimSpaces(f).replace("\\t", "\t").replace("\\n", "\n");
    }

    /** Go's {@code strings.Trim(s, " ")}: spaces only, not tabs or newlines. */
    static String trimSpaces(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && s.charAt(a) == ' ') a++;
        while (b > a && s.charAt(b - 1) == ' ') b--;
        return s.substring(a, b);
    }
}

package dev.berth.cli.template;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Go's {@code encoding/json} output for template values, as docker's {@code json} template
 * function writes it (HTML escaping off): maps with sorted keys, {@link TemplateObject}s with
 * their fields in order, floats in Go's shortest form.
 */
public final class GoJson {
    private GoJson() {}

    public static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        append(sb, v, false);
        return sb.toString();
    }

    /**
     * @param escapeHtml whether to write {@code < > &} as {@code \u003c}..., as Go's {@code json.Marshal}
     *                   does (docker's formatter contexts marshal themselves that way)
     */
    static void append(StringBuilder sb, Object v, boolean escapeHtml) {
        if (Values.isNilCollection(v)) {
            sb.append("null");
            return;
        }
        Object x = Values.normalize(v);
        if (x == null || x instanceof Values.NilPointer) {
            sb.append("null");
        } else if (x instanceof String s) {
            appendString(sb, s, escapeHtml);
        } else if (x instanceof Boolean || x instanceof Long) {
            sb.append(x);
        } else if (x instanceof Double d) {
            sb.append(formatFloat(d));
        } else if (x instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) sb.append(',');
                append(sb, list.get(i), escapeHtml);
            }
            sb.append(']');
        } else if (x instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (var e : GoFormat.sortedEntries(map)) {
                if (!first) sb.append(',');
                first = false;
                appendString(sb, String.valueOf(e.getKey()), escapeHtml);
                sb.append(':');
                append(sb, e.getValue(), escapeHtml);
            }
            sb.append('}');
        } else if (x instanceof TemplateObject o) {
            boolean esc = escapeHtml || o.jsonEscapesHtml();
            sb.append('{');
            boolean first = true;
            for (var e : o.fields().entrySet()) {
                if (!first) sb.append(',');
                first = false;
                appendString(sb, e.getKey(), esc);
                sb.append(':');
                append(sb, e.getValue(), esc);
            }
            sb.append('}');
        } else if (x instanceof RawJson raw) {
            sb.append(raw.json());
        } else {
            appendString(sb, String.valueOf(x), escapeHtml);
        }
    }

    /** JSON text that is written as is (for values whose encoding is known already). */
    public record RawJson(String json) {}

    /** Go's float encoding: plain decimal unless the exponent is below -6 or at least 21. */
    static String formatFloat(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) return "null";
        double abs = Math.abs(d);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
            String s = GoFormat.formatFloat(d, 'e', -1);
            // clean up e-09 to e-9
            int n = s.length();
            if (n >= 4 && s.charAt(n - 4) == 'e' && s.charAt(n - 3) == '-' && s.charAt(n - 2) == '0') {
                s = s.substring(0, n - 2) + s.charAt(n - 1);
            }
            return s;
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    static void appendString(StringBuilder sb, String s, boolean escapeHtml) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (escapeHtml && (c == '<' || c == '>' || c == '&')) {
                sb.append(String.format("\\u%04x", (int) c));
                continue;
            }
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\u2028' -> sb.append("\\u2028");
                case '\u2029' -> sb.append("\\u2029");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else if (Character.isSurrogate(c)) {
                        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                            sb.append(c).append(s.charAt(++i));
                        } else {
                            sb.append("\\ufffd");
                        }
                    } else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}

package dev.berth.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON the way Go's {@code encoding/json} encoder does, which is what the Engine API's own
 * clients send: object fields in the order written, map keys sorted, {@code < > &} and U+2028/U+2029
 * escaped as {@code \u003c}..., and a final newline ({@code json.Encoder}). Written by hand rather
 * than with Jackson to keep Jackson off the CLI's start-up path.
 */
final class GoJsonWriter {
    private final StringBuilder sb = new StringBuilder(2048);
    /** Whether the next value in the current object or array needs a comma first. */
    private boolean needComma;

    GoJsonWriter beginObject() {
        comma();
        sb.append('{');
        needComma = false;
        return this;
    }

    GoJsonWriter endObject() {
        sb.append('}');
        needComma = true;
        return this;
    }

    GoJsonWriter beginArray() {
        comma();
        sb.append('[');
        needComma = false;
        return this;
    }

    GoJsonWriter endArray() {
        sb.append(']');
        needComma = true;
        return this;
    }

    /** Writes a field name; the value follows. */
    GoJsonWriter name(String name) {
        comma();
        string(sb, name);
        sb.append(':');
        needComma = false;
        return this;
    }

    GoJsonWriter nullValue() {
        comma();
        sb.append("null");
        needComma = true;
        return this;
    }

    /** A Go string: null is written as "". */
    GoJsonWriter value(String s) {
        comma();
        string(sb, s == null ? "" : s);
        needComma = true;
        return this;
    }

    /** A string that is null when absent (a Go pointer or interface). */
    GoJsonWriter nullableValue(String s) {
        return s == null ? nullValue() : value(s);
    }

    /** A Go bool: null is false. */
    GoJsonWriter value(Boolean b) {
        comma();
        sb.append(b != null && b);
        needComma = true;
        return this;
    }

    /** A Go number: null is 0. */
    GoJsonWriter value(Number n) {
        comma();
        sb.append(n == null ? 0L : n.longValue());
        needComma = true;
        return this;
    }

    /** A Go pointer to a bool: null stays null. */
    GoJsonWriter pointer(Boolean b) {
        return b == null ? nullValue() : value(b);
    }

    /** A Go pointer to a number: null stays null. */
    GoJsonWriter pointer(Number n) {
        return n == null ? nullValue() : value(n);
    }

    /** A Go {@code []string}: null is null. */
    GoJsonWriter strings(List<String> list) {
        if (list == null) return nullValue();
        beginArray();
        for (String s : list) value(s);
        return endArray();
    }

    /** A Go {@code map[string]string}: null is null; keys sorted. */
    GoJsonWriter stringMap(Map<String, String> map) {
        if (map == null) return nullValue();
        beginObject();
        for (String k : sortedKeys(map)) name(k).value(map.get(k));
        return endObject();
    }

    /** A Go {@code map[string]struct{}} (a set): null is null; keys sorted, values {}. */
    GoJsonWriter set(Map<String, ?> map) {
        if (map == null) return nullValue();
        beginObject();
        for (String k : sortedKeys(map)) name(k).beginObject().endObject();
        return endObject();
    }

    /** The document with Go's trailing newline. */
    byte[] toBytes() {
        return (sb.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    static List<String> sortedKeys(Map<String, ?> map) {
        List<String> keys = new ArrayList<>(map.keySet());
        // Go sorts map keys by byte order, which for UTF-16 strings below U+D800 equals compareTo
        keys.sort(null);
        return keys;
    }

    private void comma() {
        if (needComma) sb.append(',');
    }

    /** Go's string encoding with HTML escaping on. */
    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> hex(sb, c);
                default -> {
                    if (c < 0x20) hex(sb, c);
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    private static void hex(StringBuilder sb, char c) {
        sb.append("\\u");
        String h = Integer.toHexString(c);
        for (int i = h.length(); i < 4; i++) sb.append('0');
        sb.append(h);
    }
}

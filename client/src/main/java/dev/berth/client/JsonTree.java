package dev.berth.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader producing plain values: {@code LinkedHashMap} (key order kept), {@code ArrayList},
 * {@code String}, {@code Long} (integral numbers that fit), {@code Double}, {@code Boolean} and null.
 * It reads one value at a time from a stream, so it also serves streams of concatenated objects
 * (events, progress messages). Used instead of Jackson's data binding on the CLI's hot paths,
 * whose first use costs hundreds of milliseconds of start-up.
 */
public final class JsonTree {
    private final Reader in;
    private final char[] buf = new char[8192];
    private int pos;
    private int len;

    private JsonTree(Reader in) {
        this.in = in;
    }

    /** A reader of consecutive JSON values from a UTF-8 stream. */
    public static JsonTree over(InputStream in) {
        return new JsonTree(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** Parses one JSON document. */
    public static Object parse(byte[] json) throws IOException {
        return parse(new String(json, StandardCharsets.UTF_8));
    }

    /** Parses one JSON document. */
    public static Object parse(String json) throws IOException {
        JsonTree t = new JsonTree(new StringReader(json));
        Object v = t.next();
        t.skipSpace();
        if (t.peek() != -1) throw t.error("unexpected data after the JSON value");
        return v;
    }

    /** Whether another value follows (blocks until one starts or the stream ends). */
    public boolean hasNext() throws IOException {
        skipSpace();
        return peek() != -1;
    }

    /** The next value. */
    public Object next() throws IOException {
        skipSpace();
        int c = peek();
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                pos++;
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            case -1:
                throw error("unexpected end of JSON input");
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw error("invalid character '" + (char) c + "' looking for beginning of value");
        }
    }

    private Map<String, Object> object() throws IOException {
        pos++;
        Map<String, Object> m = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return m;
        }
        while (true) {
            skipSpace();
            if (read() != '"') throw error("expected a string key");
            String key = string();
            skipSpace();
            if (read() != ':') throw error("expected ':' after object key");
            m.put(key, next());
            skipSpace();
            int c = read();
            if (c == '}') return m;
            if (c != ',') throw error("expected ',' or '}' in object");
        }
    }

    private List<Object> array() throws IOException {
        pos++;
        List<Object> l = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return l;
        }
        while (true) {
            l.add(next());
            skipSpace();
            int c = read();
            if (c == ']') return l;
            if (c != ',') throw error("expected ',' or ']' in array");
        }
    }

    private String string() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = read();
            if (c == -1) throw error("unterminated string");
            if (c == '"') return sb.toString();
            if (c != '\\') {
                sb.append((char) c);
                continue;
            }
            int e = read();
            switch (e) {
                case '"', '\\', '/' -> sb.append((char) e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int h = Character.digit(read(), 16);
                        if (h < 0) throw error("invalid \\u escape");
                        v = v * 16 + h;
                    }
                    sb.append((char) v);
                }
                default -> throw error("invalid escape in string");
            }
        }
    }

    private Object number() throws IOException {
        StringBuilder sb = new StringBuilder();
        boolean integral = true;
        while (true) {
            int c = peek();
            if ((c >= '0' && c <= '9') || c == '-' || c == '+') {
                sb.append((char) c);
            } else if (c == '.' || c == 'e' || c == 'E') {
                integral = false;
                sb.append((char) c);
            } else {
                break;
            }
            pos++;
        }
        String s = sb.toString();
        try {
            if (integral && s.length() < 19) return Long.parseLong(s);
            BigDecimal d = new BigDecimal(s);
            if (integral) {
                try {
                    return d.longValueExact();
                } catch (ArithmeticException tooBig) {
                    return d.doubleValue();
                }
            }
            return d.doubleValue();
        } catch (NumberFormatException e) {
            throw error("invalid number " + s);
        }
    }

    private void literal(String word) throws IOException {
        for (int i = 0; i < word.length(); i++) {
            if (read() != word.charAt(i)) throw error("invalid literal, expected " + word);
        }
    }

    private void skipSpace() throws IOException {
        while (true) {
            int c = peek();
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private int peek() throws IOException {
        if (pos < len) return buf[pos];
        len = in.read(buf, 0, buf.length);
        pos = 0;
        if (len <= 0) {
            len = 0;
            return -1;
        }
        return buf[0];
    }

    private int read() throws IOException {
        int c = peek();
        if (c != -1) pos++;
        return c;
    }

    private IOException error(String message) {
        return new IOException("invalid JSON: " + message);
    }
}

package dev.berth.compose.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Compose's {@code .env} and {@code env_file} format: {@code KEY=value} (or {@code KEY: value}),
 * optional {@code export}, {@code #} comments (inline after a space on unquoted values), single
 * quotes taken literally, double quotes with {@code \n \t \" \\ \$} escapes, values may span lines
 * inside quotes; unquoted and double-quoted values are interpolated ({@code ${VAR:-x}}) from the
 * keys above them, then from {@code lookup}. A bare {@code KEY} takes its value from {@code lookup}
 * (and is left out when unset there).
 */
public final class DotEnv {
    private DotEnv() {}

    /** Reads an env file; errors name it. */
    public static Map<String, String> read(Path file, Function<String, String> lookup) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ComposeException("failed to read " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(text, lookup);
        } catch (ComposeException e) {
            throw new ComposeException("failed to read " + file + ": " + e.getMessage(), e);
        }
    }

    public static Map<String, String> parse(String src, Function<String, String> lookup) {
        if (src.startsWith("\uFEFF")) src = src.substring(1);
        Map<String, String> out = new LinkedHashMap<>();
        Function<String, String> resolve = name -> out.containsKey(name) ? out.get(name) : lookup.apply(name);
        Interpolation interpolation = new Interpolation(resolve, w -> {});
        int i = 0;
        int line = 1;
        int n = src.length();
        while (i < n) {
            // skip blank space and comment lines
            char c = src.charAt(i);
            if (c == '\n') {
                line++;
                i++;
                continue;
            }
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '#') {
                while (i < n && src.charAt(i) != '\n') i++;
                continue;
            }
            if (src.startsWith("export", i) && i + 6 < n && (src.charAt(i + 6) == ' ' || src.charAt(i + 6) == '\t')) {
                i += 6;
                while (i < n && (src.charAt(i) == ' ' || src.charAt(i) == '\t')) i++;
            }
            int keyStart = i;
            char sep = 0;
            while (i < n) {
                char k = src.charAt(i);
                if (k == '=' || k == ':' || k == '\n') {
                    sep = k;
                    break;
                }
                if (!(Character.isLetterOrDigit(k) || k == '_' || k == '.' || k == '-' || k == '[' || k == ']'
                        || k == ' ' || k == '\t' || k == '\r')) {
                    int eol = src.indexOf('\n', keyStart);
                    throw new ComposeException("line " + line + ": unexpected character \"" + k + "\" in variable name \""
                            + src.substring(keyStart, eol < 0 ? n : eol) + "\"");
                }
                i++;
            }
            String key = src.substring(keyStart, i).strip();
            if (key.contains(" ")) throw new ComposeException("line " + line + ": key cannot contain a space");
            if (sep == 0 || sep == '\n') {
                String v = lookup.apply(key);
                if (v != null) out.put(key, v);
                continue;
            }
            i++; // the separator
            while (i < n && (src.charAt(i) == ' ' || src.charAt(i) == '\t' || src.charAt(i) == '\r')) i++;
            char q = i < n ? src.charAt(i) : 0;
            if (q == '\'' || q == '"') {
                StringBuilder chars = new StringBuilder();
                int startLine = line;
                boolean escape = false;
                int j = i + 1;
                boolean closed = false;
                for (; j < n; j++) {
                    char ch = src.charAt(j);
                    if (ch == '\n') line++;
                    if (ch != q) {
                        if (!escape && ch == '\\') {
                            escape = true;
                            continue;
                        }
                        if (escape) {
                            escape = false;
                            chars.append('\\');
                        }
                        chars.append(ch);
                        continue;
                    }
                    if (escape) {
                        escape = false;
                        chars.append(ch);
                        continue;
                    }
                    closed = true;
                    break;
                }
                if (!closed) {
                    int eol = src.indexOf('\n', i);
                     throw new ComposeException("line " + startLine + ": unterminated quoted value " + src.substring(i, eol < 0 ? n : eol));
                }
                String value = chars.toString();
                if (q == '"') value = interpolation.substitute(unescape(value), key);
                out.put(key, value);
                i = j + 1;
                // the rest of the line (a comment) is skipped
                while (i < n && src.charAt(i) != '\n') i++;
            } else {
                int eol = src.indexOf('\n', i);
                String value = src.substring(i, eol < 0 ? n : eol);
                int hash = value.indexOf(" #");
                if (hash >= 0) value = value.substring(0, hash);
                value = value.stripTrailing();
                out.put(key, interpolation.substitute(value, key));
                i = eol < 0 ? n : eol;
            }
        }
        return out;
    }

    /** Shell escapes of double-quoted values; {@code \$} becomes {@code $$} (a literal dollar after interpolation). */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'c' -> out.append("\\c");
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case '$' -> out.append("$$");
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                default -> out.append('\\').append(e);
            }
        }
        return out.toString();
    }
}

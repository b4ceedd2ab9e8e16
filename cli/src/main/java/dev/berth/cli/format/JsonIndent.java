package dev.berth.cli.format;

/**
 * Go's {@code json.Indent}: re-indents JSON text without re-encoding it, so strings, numbers and
 * key order stay exactly as the daemon sent them. {@code docker inspect} prints this way.
 */
public final class JsonIndent {
    private JsonIndent() {}

    public static String indent(CharSequence src, String prefix, String indent) {
        StringBuilder out = new StringBuilder(src.length() * 2);
        int depth = 0;
        boolean needIndent = false;
        int n = src.length();
        for (int i = 0; i < n; i++) {
            char c = src.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
            if (needIndent && c != ']' && c != '}') {
                needIndent = false;
                depth++;
                newline(out, prefix, indent, depth);
            }
            switch (c) {
                case '"' -> {
                    int j = i + 1;
                    while (j < n) {
                        char d = src.charAt(j);
                        if (d == '\\') j += 2;
                        else if (d == '"') break;
                        else j++;
                    }
                    out.append(src, i, Math.min(j + 1, n));
                    i = j;
                }
                case '{', '[' -> {
                    out.append(c);
                    needIndent = true;
                }
                case ',' -> {
                    out.append(c);
                    newline(out, prefix, indent, depth);
                }
                case ':' -> out.append(": ");
                case '}', ']' -> {
                    if (needIndent) {
                        needIndent = false; // empty object or array
                    } else {
                        depth--;
                        newline(out, prefix, indent, depth);
                    }
                    out.append(c);
                }
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Go's {@code json.Compact}: the same JSON without insignificant white space. */
    public static String compact(CharSequence src) {
        StringBuilder out = new StringBuilder(src.length());
        int n = src.length();
        for (int i = 0; i < n; i++) {
            char c = src.charAt(i);
            if (c == '"') {
                int j = i + 1;
                while (j < n) {
                    char d = src.charAt(j);
                    if (d == '\\') j += 2;
                    else if (d == '"') break;
                    else j++;
                }
                out.append(src, i, Math.min(j + 1, n));
                i = j;
            } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void newline(StringBuilder out, String prefix, String indent, int depth) {
        out.append('\n').append(prefix);
        for (int k = 0; k < depth; k++) out.append(indent);
    }
}

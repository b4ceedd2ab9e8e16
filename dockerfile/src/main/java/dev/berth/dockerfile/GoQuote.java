package dev.berth.dockerfile;

import java.util.List;

/**
 * Go's {@code %q} formatting, which Docker's messages and the classic builder's history texts use:
 * {@code quote("a\"b")} is {@code "a\"b"}, {@code quote(List.of("sh", "-c"))} is
 * {@code ["sh" "-c"]} (as in {@code /bin/sh -c #(nop)  CMD ["sh" "-c"]}).
 */
public final class GoQuote {
    private GoQuote() {}

    /** A string as Go's {@code strconv.Quote}. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case 0x07 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 0x0b -> b.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", c));
                    else if ((!Character.isDefined(c) || Character.getType(c) == Character.CONTROL
                            || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.SURROGATE
                            || Character.getType(c) == Character.PRIVATE_USE)) {
                        b.append(c < 0x10000 ? String.format("\\u%04x", c) : String.format("\\U%08x", c));
                    } else b.appendCodePoint(c);
                }
            }
        });
        return b.append('"').toString();
    }

    /** A list of strings as Go's {@code %q} of a {@code []string}: {@code ["a" "b"]}. */
    public static String quote(List<String> list) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) b.append(' ');
            b.append(quote(list.get(i)));
        }
        return b.append(']').toString();
    }
}

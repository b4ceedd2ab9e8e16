package dev.berth.dockerfile;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shell patterns of {@code ${x#p}}, {@code ${x%p}} and {@code ${x/p/r}}: {@code *}, {@code ?}, {@code \}. */
final class ShellPatterns {
    private ShellPatterns() {}

    static Pattern toRegex(String pattern, boolean greedy, boolean anchored) {
        StringBuilder out = new StringBuilder(anchored ? "^" : "");
        int[] cps = pattern.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            switch (c) {
                case '*' -> out.append(greedy ? ".*" : ".*?");
                case '?' -> out.append('.');
                case '\\' -> {
                    if (i + 1 < cps.length && (cps[i + 1] == '}' || cps[i + 1] == '/')) continue;
                    int n = i + 1 < cps.length ? cps[++i] : -1;
                    if (n != '*' && n != '?' && n != '\\') {
                        throw ShellLex.patternError("invalid pattern (" + pattern + ") in substitution: invalid escape '\\"
                                + (n < 0 ? "" : Character.toString(n)) + "'");
                    }
                    out.append('\\').appendCodePoint(n);
                }
                default -> {
                    if ("[]{}.+()|^$".indexOf(c) >= 0) out.append('\\');
                    out.appendCodePoint(c);
                }
            }
        }
        return Pattern.compile(out.toString(), Pattern.DOTALL);
    }

    static String trimPrefix(String pattern, String value, boolean greedy) {
        Matcher m = toRegex(pattern, greedy, true).matcher(value);
        return m.find() ? value.substring(m.end()) : value;
    }

    static String trimSuffix(String pattern, String value, boolean greedy) {
        return reverse(trimPrefix(reversePattern(pattern), reverse(value), greedy));
    }

    static String replace(String value, String pattern, String replacement, boolean all) {
        Matcher m = toRegex(pattern, true, false).matcher(value);
        String r = Matcher.quoteReplacement(replacement);
        return all ? m.replaceAll(r) : m.replaceFirst(r);
    }

    /** Reverses a pattern keeping each escape before the character it escapes. */
    private static String reversePattern(String pattern) {
        int[] cps = pattern.codePoints().toArray();
        int[] out = new int[cps.length];
        int last = cps.length - 1;
        for (int i = 0; i <= last; ) {
            int o = last - i;
            if (cps[i] == '\\' && i != last) {
                out[o - 1] = cps[i];
                out[o] = cps[i + 1];
                i += 2;
            } else {
                out[o] = cps[i];
                i++;
            }
        }
        return new String(out, 0, out.length);
    }

    private static String reverse(String s) {
        int[] cps = s.codePoints().toArray();
        int[] out = new int[cps.length];
        for (int i = 0; i < cps.length; i++) out[cps.length - 1 - i] = cps[i];
        return new String(out, 0, out.length);
    }
}

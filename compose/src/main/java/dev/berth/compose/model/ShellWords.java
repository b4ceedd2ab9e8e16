package dev.berth.compose.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command given as one string ({@code command: sh -c 'echo hi'}) into words the way a POSIX
 * shell would, without expanding anything: whitespace separates words, single quotes are literal,
 * double quotes allow {@code \"}, {@code \\}, {@code \$} and {@code \`} escapes, a backslash outside
 * quotes escapes the next character.
 */
public final class ShellWords {
    private ShellWords() {}

    public static List<Object> split(String s, TreePath path) {
        List<Object> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else if (c == '\\') {
                if (++i >= s.length()) throw invalid(path, s);
                cur.append(s.charAt(i));
                inWord = true;
            } else if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                if (end < 0) throw invalid(path, s);
                cur.append(s, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                int j = i + 1;
                for (; j < s.length() && s.charAt(j) != '"'; j++) {
                    char d = s.charAt(j);
                    if (d == '\\' && j + 1 < s.length() && "\"\\$`".indexOf(s.charAt(j + 1)) >= 0) {
                        cur.append(s.charAt(++j));
                    } else {
                        cur.append(d);
                    }
                }
                if (j >= s.length()) throw invalid(path, s);
                i = j;
                inWord = true;
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) words.add(cur.toString());
        return words;
    }

    private static ComposeException invalid(TreePath path, String s) {
        return new ComposeException(path + ": invalid command line string: " + s);
    }
}

package dev.berth.cli.run;

import java.util.ArrayList;
import java.util.List;

/** One record of Go's {@code encoding/csv} (as docker reads {@code --mount} and {@code --network}): commas, double quotes. */
final class Csv {
    private Csv() {}

    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) throw new IllegalArgumentException("parse error on line 1, column " + (n + 1)
                            + ": extraneous or missing \" in quoted-field");
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            f.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    f.append(c);
                    i++;
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new IllegalArgumentException("parse error on line 1, column " + (i + 1)
                            + ": extraneous or missing \" in quoted-field");
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    if (line.charAt(i) == '"') {
                        throw new IllegalArgumentException("parse error on line 1, column " + (i + 1)
                                + ": bare \" in non-quoted-field");
                    }
                    f.append(line.charAt(i));
                    i++;
                }
            }
            out.add(f.toString());
            f.setLength(0);
            if (i >= n) return out;
            i++; // the comma
        }
    }
}

package dev.berth.engine.container;

import dev.berth.common.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses {@code ps} output for {@code docker top} as moby's {@code parsePSOutput} does. */
final class Top {
    private Top() {}

    /**
     * The header's titles and the rows whose PID is one of {@code pids} (plus the thread rows, PID
     * {@code -}, that follow such a row). Each row has as many fields as there are titles, the last
     * one holding the rest of the line (the command with its spaces).
     */
    static TopResult parse(String output, Set<Long> pids) {
        String[] lines = output.split("\n");
        List<String> titles = List.of(lines[0].trim().split("\\s+"));
        int pidIndex = titles.indexOf("PID");
        if (pidIndex < 0) throw new EngineException.Unavailable("Couldn't find PID field in ps output", null);
        List<List<String>> rows = new ArrayList<>();
        boolean previousMatched = false;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) continue;
            String[] fields = line.trim().split("\\s+");
            if (fields.length <= pidIndex) continue;
            if (fields[pidIndex].equals("-")) {
                if (previousMatched) rows.add(row(fields, titles.size()));
                continue;
            }
            long pid;
            try {
                pid = Long.parseLong(fields[pidIndex]);
            } catch (NumberFormatException e) {
                throw new EngineException.Unavailable("Unexpected pid '" + fields[pidIndex] + "': " + e.getMessage(), e);
            }
            previousMatched = pids.contains(pid);
            if (previousMatched) rows.add(row(fields, titles.size()));
        }
        return new TopResult(titles, rows);
    }

    private static List<String> row(String[] fields, int columns) {
        List<String> row = new ArrayList<>();
        for (int i = 0; i < columns - 1 && i < fields.length; i++) row.add(fields[i]);
        if (fields.length >= columns) row.add(String.join(" ", List.of(fields).subList(columns - 1, fields.length)));
        return row;
    }
}

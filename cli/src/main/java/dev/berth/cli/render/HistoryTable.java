package dev.berth.cli.render;

import dev.berth.api.HistoryItem;
import dev.berth.cli.format.FormatWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders {@code berth history} as docker does ({@code HistoryWrite}). */
public final class HistoryTable {
    public static final String DEFAULT_FORMAT = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
    public static final String NON_HUMAN_FORMAT = "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";

    public static final Map<String, String> HEADER = Map.of("ID", "IMAGE", "CreatedSince", "CREATED",
            "CreatedAt", "CREATED AT", "CreatedBy", "CREATED BY", "Size", "SIZE", "Comment", "COMMENT");

    private HistoryTable() {}

    /** docker's {@code NewHistoryFormat}. */
    public static String format(String source, boolean quiet, boolean human) {
        if (source.equals(FormatWriter.TABLE)) {
            if (quiet) return "{{.ID}}";
            return human ? DEFAULT_FORMAT : NON_HUMAN_FORMAT;
        }
        return source;
    }

    public static String render(List<HistoryItem> history, String format, boolean trunc, boolean human, Instant now,
                                ZoneId zone) {
        List<HistoryRow> rows = new ArrayList<>();
        for (HistoryItem h : history) rows.add(new HistoryRow(h, trunc, human, now, zone));
        return FormatWriter.render(format, HEADER, rows);
    }
}

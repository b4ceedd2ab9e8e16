package dev.berth.cli.render;

import dev.berth.api.HistoryItem;
import dev.berth.cli.format.GoTime;
import dev.berth.cli.format.Units;
import dev.berth.cli.template.TemplateObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** One layer of {@code berth history} (docker's {@code historyContext}). */
public final class HistoryRow implements TemplateObject {
    private static final List<String> FIELDS = List.of("Comment", "CreatedAt", "CreatedBy", "CreatedSince", "ID", "Size");
    /** 2000-01-01T00:00:00Z: older creation times are shown as N/A. */
    private static final long EPOCH_2000 = 946684800L;

    private final HistoryItem item;
    private final boolean trunc;
    private final boolean human;
    private final Instant now;
    private final ZoneId zone;

    public HistoryRow(HistoryItem item, boolean trunc, boolean human, Instant now, ZoneId zone) {
        this.item = item;
        this.trunc = trunc;
        this.human = human;
        this.now = now;
        this.zone = zone;
    }

    @Override
    public Object field(String name) {
        return switch (name) {
            case "ID" -> trunc ? Rows.truncateId(item.id()) : nullToEmpty(item.id());
            case "CreatedAt" -> GoTime.rfc3339(Instant.ofEpochSecond(item.created()), zone);
            case "CreatedSince" -> !human ? field("CreatedAt")
                    : item.created() <= EPOCH_2000 ? "N/A" : Rows.since(now, item.created());
            case "CreatedBy" -> {
                String s = nullToEmpty(item.createdBy()).replace('\t', ' ');
                yield trunc ? Rows.ellipsis(s, 45) : s;
            }
            case "Size" -> human ? Units.humanSize(item.size(), 3) : Long.toString(item.size());
            case "Comment" -> nullToEmpty(item.comment());
            default -> MISSING;
        };
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public List<String> fieldNames() {
        return FIELDS;
    }

    @Override
    public String typeName() {
        return "*image.historyContext";
    }

    @Override
    public boolean jsonEscapesHtml() {
        return true;
    }
}

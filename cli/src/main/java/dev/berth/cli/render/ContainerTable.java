package dev.berth.cli.render;

import dev.berth.api.ContainerSummary;
import dev.berth.cli.format.FormatWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders {@code berth ps} as docker does ({@code formatter.ContainerWrite}). */
public final class ContainerTable {
    public static final String DEFAULT_FORMAT =
            "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
    public static final String QUIET_FORMAT = "{{.ID}}";

    /** Column titles by field name. */
    public static final Map<String, String> HEADER = Map.ofEntries(
            Map.entry("ID", "CONTAINER ID"), Map.entry("Names", "NAMES"), Map.entry("Image", "IMAGE"),
            Map.entry("Command", "COMMAND"), Map.entry("CreatedAt", "CREATED AT"), Map.entry("RunningFor", "CREATED"),
            Map.entry("Ports", "PORTS"), Map.entry("State", "STATE"), Map.entry("Status", "STATUS"),
            Map.entry("Size", "SIZE"), Map.entry("Labels", "LABELS"), Map.entry("Mounts", "MOUNTS"),
            Map.entry("LocalVolumes", "LOCAL VOLUMES"), Map.entry("Networks", "NETWORKS"),
            Map.entry("Platform", "PLATFORM"));

    private ContainerTable() {}

    /** docker's {@code NewContainerFormat}. */
    public static String format(String source, boolean quiet, boolean size) {
        if (source == null || source.isEmpty() || source.equals(FormatWriter.TABLE)) {
            if (quiet) return QUIET_FORMAT;
            return size ? DEFAULT_FORMAT + "\t{{.Size}}" : DEFAULT_FORMAT;
        }
        if (source.equals("raw")) {
            if (quiet) return "container_id: {{.ID}}";
            String f = "container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: {{.CreatedAt}}\n"
                    + "state: {{- pad .State 1 0}}\nstatus: {{- pad .Status 1 0}}\nnames: {{.Names}}\n"
                    + "labels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\n";
            return size ? f + "size: {{.Size}}\\n" : f;
        }
        return quiet ? QUIET_FORMAT : source;
    }

    public static String render(List<ContainerSummary> containers, String format, boolean trunc, Instant now, ZoneId zone) {
        List<ContainerRow> rows = new ArrayList<>();
        for (ContainerSummary c : containers) rows.add(new ContainerRow(c, trunc, now, zone, null));
        return FormatWriter.render(format, HEADER, rows);
    }
}

package dev.berth.cli.compose;

import dev.berth.api.ContainerSummary;
import dev.berth.cli.render.ContainerRow;
import dev.berth.cli.template.TemplateObject;
import dev.berth.compose.plan.ComposeLabels;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** One row of {@code berth compose ps}: Compose's container context, docker's fields plus Name, Service, Project. */
final class ComposeRow implements TemplateObject {
    private static final List<String> FIELDS = List.of("Command", "CreatedAt", "ExitCode", "Health", "ID", "Image", "Labels",
            "LocalVolumes", "Mounts", "Name", "Names", "Networks", "Ports", "Project", "RunningFor", "Service", "Size", "State", "Status");

    private final ContainerSummary c;
    private final ContainerRow row;

    ComposeRow(ContainerSummary c, boolean trunc, Instant now, ZoneId zone) {
        this.c = c;
        this.row = new ContainerRow(c, trunc, now, zone, null);
    }

    static final Map<String, String> HEADER = Map.ofEntries(
            Map.entry("ID", "CONTAINER ID"), Map.entry("Name", "NAME"), Map.entry("Names", "NAMES"), Map.entry("Image", "IMAGE"),
            Map.entry("Command", "COMMAND"), Map.entry("Service", "SERVICE"), Map.entry("Project", "PROJECT"),
            Map.entry("CreatedAt", "CREATED AT"), Map.entry("RunningFor", "CREATED"), Map.entry("Ports", "PORTS"),
            Map.entry("State", "STATE"), Map.entry("Status", "STATUS"), Map.entry("Size", "SIZE"), Map.entry("Labels", "LABELS"),
            Map.entry("Mounts", "MOUNTS"), Map.entry("LocalVolumes", "LOCAL VOLUMES"), Map.entry("Networks", "NETWORKS"),
            Map.entry("Health", "HEALTH"), Map.entry("ExitCode", "EXIT CODE"));

    @Override
    public Object field(String name) {
        Map<String, String> labels = c.labels() == null ? Map.of() : c.labels();
        switch (name) {
            case "Name":
                return ComposeBase.name(c);
            case "Service":
                return labels.getOrDefault(ComposeLabels.SERVICE, "");
            case "Project":
                return labels.getOrDefault(ComposeLabels.PROJECT, "");
            case "Health": {
                String s = c.status() == null ? "" : c.status();
                if (s.contains("(healthy)")) return "healthy";
                if (s.contains("(unhealthy)")) return "unhealthy";
                if (s.contains("(health: starting)")) return "starting";
                return "";
            }
            case "ExitCode": {
                String s = c.status() == null ? "" : c.status();
                int open = s.indexOf("Exited (");
                if (open < 0) return 0L;
                int close = s.indexOf(')', open);
                try {
                    return Long.parseLong(s.substring(open + 8, close));
                } catch (RuntimeException e) {
                    return 0L;
                }
            }
            default:
                return row.field(name);
        }
    }

    @Override
    public int methodArity(String name) {
        return row.methodArity(name);
    }

    @Override
    public Object callMethod(String name, List<String> args) {
        return row.callMethod(name, args);
    }

    @Override
    public List<String> fieldNames() {
        return FIELDS;
    }

    @Override
    public String typeName() {
        return "*formatter.ContainerContext";
    }

    @Override
    public boolean jsonEscapesHtml() {
        return true;
    }
}

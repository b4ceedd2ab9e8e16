package dev.berth.cli.render;

import dev.berth.api.ImageSummary;
import dev.berth.api.SystemDf;
import dev.berth.cli.CliException;
import dev.berth.cli.format.FormatWriter;
import dev.berth.cli.format.Units;
import dev.berth.cli.template.StructObject;
import dev.berth.cli.template.Template;
import dev.berth.cli.template.TemplateException;
import dev.berth.cli.template.TemplateObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders {@code berth system df} ({@code -v} for per-object detail) as docker's {@code DiskUsageContext} does. */
public final class DiskUsageView {
    static final String SUMMARY_FORMAT = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";
    static final String IMAGES_FORMAT = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t"
            + "{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}";
    static final String CONTAINERS_FORMAT = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t"
            + "{{.RunningFor}}\t{{.Status}}\t{{.Names}}";
    static final String VOLUMES_FORMAT = "table {{.Name}}\t{{.Links}}\t{{.Size}}";
    static final String BUILD_CACHE_FORMAT = "table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t"
            + "{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}";

    static final Map<String, String> SUMMARY_HEADER = Map.of("Type", "TYPE", "TotalCount", "TOTAL", "Active", "ACTIVE",
            "Size", "SIZE", "Reclaimable", "RECLAIMABLE");
    static final Map<String, String> CONTAINER_HEADER = Map.ofEntries(Map.entry("ID", "CONTAINER ID"),
            Map.entry("Names", "NAMES"), Map.entry("Image", "IMAGE"), Map.entry("Command", "COMMAND"),
            Map.entry("CreatedAt", "CREATED AT"), Map.entry("RunningFor", "CREATED"), Map.entry("State", "STATE"),
            Map.entry("Status", "STATUS"), Map.entry("Size", "SIZE"), Map.entry("Labels", "LABELS"),
            Map.entry("LocalVolumes", "LOCAL VOLUMES"));
    static final Map<String, String> VOLUME_HEADER = Map.of("Name", "VOLUME NAME", "Driver", "DRIVER", "Scope", "SCOPE",
            "Mountpoint", "MOUNTPOINT", "Labels", "LABELS", "Links", "LINKS", "Size", "SIZE");
    static final Map<String, String> BUILD_CACHE_HEADER = Map.of("ID", "CACHE ID", "CacheType", "CACHE TYPE",
            "Size", "SIZE", "CreatedSince", "CREATED", "LastUsedSince", "LAST USED", "UsageCount", "USAGE",
            "Shared", "SHARED", "Description", "DESCRIPTION", "InUse", "IN USE");

    private DiskUsageView() {}

    public static String render(SystemDf df, String format, boolean verbose, Instant now, ZoneId zone) {
        return verbose ? verbose(df, format, now, zone) : summary(df, format);
    }

    private static String summary(SystemDf df, String source) {
        String format = switch (source) {
            case FormatWriter.TABLE -> SUMMARY_FORMAT;
            case "raw" -> "type: {{.Type}}\ntotal: {{.TotalCount}}\nactive: {{.Active}}\nsize: {{.Size}}\nreclaimable: {{.Reclaimable}}\n";
            default -> source;
        };
        List<ImageSummary> images = nullToEmpty(df.images());
        List<Map<String, Object>> containers = nullToEmpty(df.containers());
        List<Map<String, Object>> volumes = nullToEmpty(df.volumes());
        List<Map<String, Object>> cache = nullToEmpty(df.buildCache());

        long used = 0;
        int activeImages = 0;
        for (ImageSummary i : images) {
            if (i.containers() > 0) activeImages++;
            if (i.containers() != 0 && i.size() != -1 && i.sharedSize() != -1) used += i.size() - i.sharedSize();
        }
        long total = df.layersSize();
        long containerSize = 0;
        long containerReclaimable = 0;
        int activeContainers = 0;
        for (Map<String, Object> c : containers) {
            long s = num(c.get("SizeRw"));
            containerSize += s;
            if (isActive(str(c.get("State")))) activeContainers++;
            else containerReclaimable += s;
        }
        long volumeSize = 0;
        long volumeReclaimable = 0;
        int activeVolumes = 0;
        for (Map<String, Object> v : volumes) {
            Map<?, ?> usage = v.get("UsageData") instanceof Map<?, ?> m ? m : Map.of();
            long size = usage.containsKey("Size") ? num(usage.get("Size")) : -1;
            if (num(usage.get("RefCount")) > 0) activeVolumes++;
            if (size != -1) {
                if (num(usage.get("RefCount")) == 0) volumeReclaimable += size;
                volumeSize += size;
            }
        }
        long builderSize = 0;
        long inUse = 0;
        int activeCache = 0;
        for (Map<String, Object> b : cache) {
            boolean shared = Boolean.TRUE.equals(b.get("Shared"));
            boolean use = Boolean.TRUE.equals(b.get("InUse"));
            if (!shared) builderSize += num(b.get("Size"));
            if (use) activeCache++;
            if (use && !shared) inUse += num(b.get("Size"));
        }
        List<TemplateObject> rows = List.of(
                summaryRow("*formatter.diskUsageImagesContext", "Images", images.size(), activeImages,
                        Units.humanSize(total), reclaimable(total - used, total)),
                summaryRow("*formatter.diskUsageContainersContext", "Containers", containers.size(), activeContainers,
                        Units.humanSize(containerSize), reclaimable(containerReclaimable, containerSize)),
                summaryRow("*formatter.diskUsageVolumesContext", "Local Volumes", volumes.size(), activeVolumes,
                        Units.humanSize(volumeSize), reclaimable(volumeReclaimable, volumeSize)),
                summaryRow("*formatter.diskUsageBuilderContext", "Build Cache", cache.size(), activeCache,
                        Units.humanSize(builderSize), Units.humanSize(builderSize - inUse)));
        return FormatWriter.render(format, SUMMARY_HEADER, rows);
    }

    private static String reclaimable(long reclaimable, long total) {
        if (total > 0) return Units.humanSize(reclaimable) + " (" + (reclaimable * 100 / total) + "%)";
        return Units.humanSize(reclaimable);
    }

    private static TemplateObject summaryRow(String type, String name, int count, int active, String size, String reclaimable) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Active", Integer.toString(active));
        m.put("Reclaimable", reclaimable);
        m.put("Size", size);
        m.put("TotalCount", Integer.toString(count));
        m.put("Type", name);
        return new StructObject(type, m, java.util.Set.of(), true);
    }

    private static String verbose(SystemDf df, String format, Instant now, ZoneId zone) {
        boolean table = FormatWriter.isTable(format);
        List<TemplateObject> images = new ArrayList<>();
        for (ImageSummary i : nullToEmpty(df.images())) {
            String repo = "<none>";
            String tag = "<none>";
            if (i.repoTags() != null && !i.repoTags().isEmpty() && !ImageTable.isDangling(i)) {
                RefNames.Parts ref = RefNames.parse(i.repoTags().get(0));
                if (ref == null) continue;
                if (ref.tag() != null) {
                    repo = ref.familiarName();
                    tag = ref.tag();
                }
            }
            images.add(new ImageRow(i, repo, tag, "", table, now, zone));
        }
        List<TemplateObject> containers = new ArrayList<>();
        for (Map<String, Object> c : nullToEmpty(df.containers())) containers.add(containerRow(c, table, now));
        List<TemplateObject> volumes = new ArrayList<>();
        for (Map<String, Object> v : nullToEmpty(df.volumes())) volumes.add(volumeRow(v));
        List<TemplateObject> cache = new ArrayList<>();
        long builderSize = 0;
        for (Map<String, Object> b : nullToEmpty(df.buildCache())) {
            if (!Boolean.TRUE.equals(b.get("Shared"))) builderSize += num(b.get("Size"));
            cache.add(buildCacheRow(b, table, now));
        }
        if (!format.equals(FormatWriter.TABLE)) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("Images", images);
            all.put("Containers", containers);
            all.put("Volumes", volumes);
            all.put("BuildCache", cache);
            try {
                return FormatWriter.parse(format).execute(new StructObject("*formatter.diskUsageContext", all));
            } catch (TemplateException e) {
                throw new CliException(e.getMessage());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Images space usage:\n\n").append(FormatWriter.render(IMAGES_FORMAT, ImageTable.HEADER, images));
        sb.append("\nContainers space usage:\n\n").append(FormatWriter.render(CONTAINERS_FORMAT, CONTAINER_HEADER, containers));
        sb.append("\nLocal Volumes space usage:\n\n").append(FormatWriter.render(VOLUMES_FORMAT, VOLUME_HEADER, volumes));
        sb.append("\nBuild cache usage: ").append(Units.humanSize(builderSize)).append("\n\n")
                .append(FormatWriter.render(BUILD_CACHE_FORMAT, BUILD_CACHE_HEADER, cache));
        return sb.toString();
    }

    private static TemplateObject containerRow(Map<String, Object> c, boolean trunc, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        String id = str(c.get("Id"));
        m.put("ID", trunc ? Rows.truncateId(id) : id);
        String image = str(c.get("Image"));
        m.put("Image", trunc && image.startsWith("sha256:") ? Rows.truncateId(image) : image);
        String command = str(c.get("Command"));
        m.put("Command", dev.berth.cli.template.GoFormat.quote(trunc ? Rows.ellipsis(command, 20) : command));
        int local = 0;
        if (c.get("Mounts") instanceof List<?> mounts) {
            for (Object o : mounts) if (o instanceof Map<?, ?> mm && "local".equals(mm.get("Driver"))) local++;
        }
        m.put("LocalVolumes", Integer.toString(local));
        String rw = Units.humanSize(num(c.get("SizeRw")), 3);
        m.put("Size", rw);
        m.put("RunningFor", Rows.since(now, num(c.get("Created"))));
        m.put("Status", str(c.get("Status")));
        List<String> names = new ArrayList<>();
        if (c.get("Names") instanceof List<?> ns) for (Object n : ns) names.add(str(n).replaceFirst("^/", ""));
        if (trunc) {
            for (String n : names) {
                if (!n.contains("/")) {
                    names = List.of(n);
                    break;
                }
            }
        }
        m.put("Names", String.join(",", names));
        m.put("State", str(c.get("State")));
        return new StructObject("*formatter.ContainerContext", m, java.util.Set.of(), true);
    }

    private static TemplateObject volumeRow(Map<String, Object> v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", str(v.get("Name")));
        m.put("Driver", str(v.get("Driver")));
        m.put("Scope", str(v.get("Scope")));
        m.put("Mountpoint", str(v.get("Mountpoint")));
        Map<?, ?> usage = v.get("UsageData") instanceof Map<?, ?> u ? u : null;
        m.put("Links", usage == null ? "N/A" : Long.toString(num(usage.get("RefCount"))));
        m.put("Size", usage == null ? "N/A" : Units.humanSize(num(usage.get("Size"))));
        return new StructObject("*formatter.volumeContext", m, java.util.Set.of(), true);
    }

    private static TemplateObject buildCacheRow(Map<String, Object> b, boolean trunc, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        String id = str(b.get("ID"));
        boolean inUse = Boolean.TRUE.equals(b.get("InUse"));
        m.put("ID", (trunc ? Rows.truncateId(id) : id) + (inUse ? "*" : ""));
        m.put("CacheType", str(b.get("Type")));
        m.put("Description", str(b.get("Description")));
        m.put("Size", Units.humanSize(num(b.get("Size")), 3));
        m.put("CreatedSince", since(now, str(b.get("CreatedAt"))));
        m.put("LastUsedSince", since(now, str(b.get("LastUsedAt"))));
        m.put("UsageCount", Long.toString(num(b.get("UsageCount"))));
        m.put("InUse", Boolean.toString(inUse));
        m.put("Shared", Boolean.toString(Boolean.TRUE.equals(b.get("Shared"))));
        return new StructObject("*formatter.buildCacheContext", m, java.util.Set.of(), true);
    }

    private static String since(Instant now, String rfc3339) {
        if (rfc3339.isEmpty()) return "";
        try {
            return Rows.since(now, Instant.parse(rfc3339).getEpochSecond());
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static boolean isActive(String state) {
        return state.equals("running") || state.equals("paused") || state.equals("restarting");
    }

    private static long num(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    private static <T> List<T> nullToEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }
}

package dev.berth.client;

import dev.berth.api.EventMessage;
import dev.berth.api.HistoryItem;
import dev.berth.api.ImageDeleteItem;
import dev.berth.api.ImagePruneReport;
import dev.berth.api.ImageSummary;
import dev.berth.api.JsonMessage;
import dev.berth.api.SystemDf;
import dev.berth.api.VersionResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the API records the CLI reads most often from {@link JsonTree} values, by hand: no
 * reflection and no Jackson, which keeps {@code berth images} and friends quick to start. The
 * mapping follows the records' {@code @JsonProperty} names; absent or null numbers are 0, as
 * Jackson gives for primitives.
 */
final class ApiDecoders {
    private ApiDecoders() {}

    static ImageSummary imageSummary(Object o) {
        Map<?, ?> m = map(o);
        return new ImageSummary(lng(m, "Containers"), lng(m, "Created"), str(m, "Id"), stringMap(m, "Labels"),
                str(m, "ParentId"), strings(m, "RepoDigests"), strings(m, "RepoTags"), lng(m, "SharedSize"),
                lng(m, "Size"), lng(m, "VirtualSize"));
    }

    static List<ImageSummary> imageSummaries(Object o) {
        List<ImageSummary> out = new ArrayList<>();
        for (Object e : list(o)) out.add(imageSummary(e));
        return out;
    }

    static List<HistoryItem> history(Object o) {
        List<HistoryItem> out = new ArrayList<>();
        for (Object e : list(o)) {
            Map<?, ?> m = map(e);
            out.add(new HistoryItem(str(m, "Id"), lng(m, "Created"), str(m, "CreatedBy"), strings(m, "Tags"),
                    lng(m, "Size"), str(m, "Comment")));
        }
        return out;
    }

    static List<ImageDeleteItem> deleteItems(Object o) {
        List<ImageDeleteItem> out = new ArrayList<>();
        if (o == null) return out;
        for (Object e : list(o)) {
            Map<?, ?> m = map(e);
            out.add(new ImageDeleteItem(str(m, "Untagged"), str(m, "Deleted")));
        }
        return out;
    }

    static ImagePruneReport pruneReport(Object o) {
        Map<?, ?> m = map(o);
        List<ImageDeleteItem> deleted = m.get("ImagesDeleted") == null ? null : deleteItems(m.get("ImagesDeleted"));
        return new ImagePruneReport(deleted, lng(m, "SpaceReclaimed"));
    }

    static VersionResponse version(Object o) {
        Map<?, ?> m = map(o);
        List<VersionResponse.Component> components = null;
        if (m.get("Components") instanceof List<?> l) {
            components = new ArrayList<>();
            for (Object e : l) {
                Map<?, ?> c = map(e);
                components.add(new VersionResponse.Component(str(c, "Name"), str(c, "Version"), stringMap(c, "Details")));
            }
        }
        return new VersionResponse(stringMap(m, "Platform"), components, str(m, "Version"), str(m, "ApiVersion"),
                str(m, "MinAPIVersion"), str(m, "GitCommit"), str(m, "GoVersion"), str(m, "Os"), str(m, "Arch"),
                str(m, "KernelVersion"), str(m, "BuildTime"));
    }

    static SystemDf systemDf(Object o) {
        Map<?, ?> m = map(o);
        List<ImageSummary> images = m.get("Images") == null ? null : imageSummaries(m.get("Images"));
        return new SystemDf(lng(m, "LayersSize"), images, maps(m, "Containers"), maps(m, "Volumes"), maps(m, "BuildCache"));
    }

    static EventMessage event(Object o) {
        Map<?, ?> m = map(o);
        EventMessage.Actor actor = null;
        if (m.get("Actor") instanceof Map<?, ?> a) actor = new EventMessage.Actor(str(a, "ID"), stringMap(a, "Attributes"));
        return new EventMessage(str(m, "status"), str(m, "id"), str(m, "from"), str(m, "Type"), str(m, "Action"), actor,
                str(m, "scope"), lng(m, "time"), lng(m, "timeNano"));
    }

    static JsonMessage message(Object o) {
        Map<?, ?> m = map(o);
        JsonMessage.ProgressDetail progress = null;
        if (m.get("progressDetail") instanceof Map<?, ?> p) {
            progress = new JsonMessage.ProgressDetail(boxedLong(p, "current"), boxedLong(p, "total"));
        }
        JsonMessage.ErrorDetail error = null;
        if (m.get("errorDetail") instanceof Map<?, ?> e) {
            Long code = boxedLong(e, "code");
            error = new JsonMessage.ErrorDetail(code == null ? null : (int) (long) code, str(e, "message"));
        }
        Map<String, Object> aux = null;
        if (m.get("aux") instanceof Map<?, ?> a) aux = stringKeys(a);
        return new JsonMessage(str(m, "stream"), str(m, "status"), progress, str(m, "progress"), str(m, "id"), error,
                str(m, "error"), aux);
    }

    // ---- helpers ----

    private static Map<?, ?> map(Object o) {
        if (o instanceof Map<?, ?> m) return m;
        if (o == null) return Map.of();
        throw new IllegalArgumentException("expected a JSON object");
    }

    private static List<?> list(Object o) {
        if (o instanceof List<?> l) return l;
        if (o == null) return List.of();
        throw new IllegalArgumentException("expected a JSON array");
    }

    private static String str(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v instanceof String s ? s : String.valueOf(v);
    }

    private static long lng(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.longValue() : 0;
    }

    private static Long boxedLong(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.longValue() : null;
    }

    private static List<String> strings(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof List<?> l)) return null;
        List<String> out = new ArrayList<>(l.size());
        for (Object e : l) out.add(e == null ? null : String.valueOf(e));
        return out;
    }

    private static Map<String, String> stringMap(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof Map<?, ?> v)) return null;
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : v.entrySet()) out.put(String.valueOf(e.getKey()), e.getValue() == null ? null : String.valueOf(e.getValue()));
        return out;
    }

    private static List<Map<String, Object>> maps(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof List<?> l)) return null;
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object e : l) out.add(e instanceof Map<?, ?> x ? stringKeys(x) : null);
        return out;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), e.getValue());
        return out;
    }
}

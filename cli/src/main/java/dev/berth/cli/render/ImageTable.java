package dev.berth.cli.render;

import dev.berth.api.ImageSummary;
import dev.berth.cli.format.FormatWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders {@code berth images} as docker does ({@code formatter.ImageWrite}): one row per
 * repository:tag, dangling images as {@code <none>}, digests shown only on request.
 */
public final class ImageTable {
    public static final String DEFAULT_FORMAT = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t"
            + "{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
    public static final String DEFAULT_FORMAT_WITH_DIGEST = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t"
            + "{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
    public static final String QUIET_FORMAT = "{{.ID}}";

    /** Column titles by field name. */
    public static final Map<String, String> HEADER = Map.ofEntries(
            Map.entry("ID", "IMAGE ID"), Map.entry("Repository", "REPOSITORY"), Map.entry("Tag", "TAG"),
            Map.entry("Digest", "DIGEST"), Map.entry("CreatedSince", "CREATED"), Map.entry("CreatedAt", "CREATED AT"),
            Map.entry("Size", "SIZE"), Map.entry("Containers", "CONTAINERS"), Map.entry("VirtualSize", "SIZE"),
            Map.entry("SharedSize", "SHARED SIZE"), Map.entry("UniqueSize", "UNIQUE SIZE"));

    private ImageTable() {}

    /** docker's {@code NewImageFormat}: the format to use for a {@code --format} value and flags. */
    public static String format(String source, boolean quiet, boolean digest) {
        if (source.equals(FormatWriter.TABLE)) {
            if (quiet) return QUIET_FORMAT;
            return digest ? DEFAULT_FORMAT_WITH_DIGEST : DEFAULT_FORMAT;
        }
        if (source.equals("raw")) {
            if (quiet) return "image_id: {{.ID}}";
            return digest
                    ? "repository: {{ .Repository }}\ntag: {{.Tag}}\ndigest: {{.Digest}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n"
                    : "repository: {{ .Repository }}\ntag: {{.Tag}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n";
        }
        if (FormatWriter.isTable(source) && digest && !source.contains("{{.Digest}}")) return source + "\t{{.Digest}}";
        return source;
    }

    /** Renders the images; {@code format} comes from {@link #format}. */
    public static String render(List<ImageSummary> images, String format, boolean trunc, boolean showDigests,
                                Instant now, ZoneId zone) {
        boolean needDigest = showDigests || format.contains("{{.Digest}}");
        return FormatWriter.render(format, HEADER, rows(images, trunc, needDigest, showDigests, now, zone));
    }

    static List<ImageRow> rows(List<ImageSummary> images, boolean trunc, boolean needDigest, boolean showDigests,
                               Instant now, ZoneId zone) {
        List<ImageRow> out = new ArrayList<>();
        for (ImageSummary img : images) {
            if (isDangling(img)) {
                out.add(new ImageRow(img, "<none>", "<none>", "<none>", trunc, now, zone));
                continue;
            }
            Map<String, List<String>> repoTags = new LinkedHashMap<>();
            Map<String, List<String>> repoDigests = new LinkedHashMap<>();
            for (String t : nullToEmpty(img.repoTags())) {
                RefNames.Parts ref = RefNames.parse(t);
                if (ref != null && ref.tag() != null && ref.digest() == null) {
                    add(repoTags, ref.familiarName(), ref.tag());
                }
            }
            for (String d : nullToEmpty(img.repoDigests())) {
                RefNames.Parts ref = RefNames.parse(d);
                if (ref != null && ref.digest() != null) {
                    add(repoDigests, ref.familiarName(), ref.digest());
                }
            }
            for (var e : repoTags.entrySet()) {
                List<String> digests = repoDigests.remove(e.getKey());
                if (!needDigest) digests = null;
                for (String tag : e.getValue()) {
                    if (digests == null || digests.isEmpty()) {
                        out.add(new ImageRow(img, e.getKey(), tag, "<none>", trunc, now, zone));
                    } else {
                        for (String d : digests) out.add(new ImageRow(img, e.getKey(), tag, d, trunc, now, zone));
                    }
                }
            }
            for (var e : repoDigests.entrySet()) {
                if (showDigests) {
                    for (String d : e.getValue()) out.add(new ImageRow(img, e.getKey(), "<none>", d, trunc, now, zone));
                } else {
                    out.add(new ImageRow(img, e.getKey(), "<none>", "", trunc, now, zone));
                }
            }
        }
        return out;
    }

    /** No name at all, or only the {@code <none>} placeholders older daemons send. */
    public static boolean isDangling(ImageSummary img) {
        List<String> tags = nullToEmpty(img.repoTags());
        List<String> digests = nullToEmpty(img.repoDigests());
        if (tags.isEmpty() && digests.isEmpty()) return true;
        return tags.size() == 1 && tags.get(0).equals("<none>:<none>") && digests.size() == 1
                && digests.get(0).equals("<none>@<none>");
    }

    private static void add(Map<String, List<String>> m, String key, String value) {
        List<String> l = m.get(key);
        if (l == null) {
            l = new ArrayList<>();
            m.put(key, l);
        }
        l.add(value);
    }

    private static List<String> nullToEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }
}

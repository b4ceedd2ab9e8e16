package dev.berth.cli.render;

import dev.berth.api.ImageSummary;
import dev.berth.cli.format.Units;
import dev.berth.cli.template.TemplateObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * One row of {@code berth images}: an image under one repository:tag (docker's
 * {@code imageContext}). Field values are the strings docker prints.
 */
public final class ImageRow implements TemplateObject {
    private static final List<String> FIELDS = List.of("Containers", "CreatedAt", "CreatedSince", "Digest", "ID",
            "Repository", "SharedSize", "Size", "Tag", "UniqueSize", "VirtualSize");

    private final ImageSummary image;
    private final String repository;
    private final String tag;
    private final String digest;
    private final boolean trunc;
    private final Instant now;
    private final ZoneId zone;

    public ImageRow(ImageSummary image, String repository, String tag, String digest, boolean trunc, Instant now, ZoneId zone) {
        this.image = image;
        this.repository = repository;
        this.tag = tag;
        this.digest = digest;
        this.trunc = trunc;
        this.now = now;
        this.zone = zone;
    }

    @Override
    public Object field(String name) {
        return switch (name) {
            case "ID" -> trunc ? Rows.truncateId(image.id()) : image.id();
            case "Repository" -> repository;
            case "Tag" -> tag;
            case "Digest" -> digest;
            case "CreatedSince" -> Rows.since(now, image.created());
            case "CreatedAt" -> Rows.timeString(image.created(), zone);
            case "Size" -> Units.humanSize(image.size(), 3);
            case "Containers" -> image.containers() == -1 ? "N/A" : Long.toString(image.containers());
            case "VirtualSize" -> Units.humanSize(image.size());
            case "SharedSize" -> image.sharedSize() == -1 ? "N/A" : Units.humanSize(image.sharedSize());
            case "UniqueSize" -> image.size() == -1 || image.sharedSize() == -1 ? "N/A"
                    : Units.humanSize(image.size() - image.sharedSize());
            default -> MISSING;
        };
    }

    @Override
    public List<String> fieldNames() {
        return FIELDS;
    }

    @Override
    public String typeName() {
        return "*formatter.imageContext";
    }

    @Override
    public boolean jsonEscapesHtml() {
        return true;
    }
}

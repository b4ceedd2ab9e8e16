package dev.berth.daemonapi;

import dev.berth.api.ApiJson;
import dev.berth.api.ContainerConfig;
import dev.berth.api.HistoryItem;
import dev.berth.api.ImageDeleteItem;
import dev.berth.api.ImageInspect;
import dev.berth.api.ImageSummary;
import dev.berth.engine.image.ImageService;
import dev.berth.image.ImageRemoval;
import dev.berth.image.HistoryEntry;
import dev.berth.image.Image;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Maps engine image values to the API's DTOs, with dockerd's conventions for empty values. */
final class ImageViews {
    private static final List<String> NONE_TAG = List.of("<none>:<none>");
    private static final List<String> NONE_DIGEST = List.of("<none>@<none>");

    private ImageViews() {}

    static ImageSummary summary(Image img, long containers) {
        List<String> tags = img.familiarTags();
        List<String> digests = img.familiarDigests();
        boolean dangling = tags.isEmpty() && digests.isEmpty();
        var cfg = img.config().config();
        return new ImageSummary(containers, ImageService.created(img).getEpochSecond(), img.id().toString(),
                cfg == null ? null : cfg.labels(), "",
                dangling ? NONE_DIGEST : digests, dangling ? NONE_TAG : tags, -1, img.size(), img.size());
    }

    static ImageInspect inspect(Image img) {
        ImageConfig c = img.config();
        return new ImageInspect(img.id().toString(),
                img.familiarTags(), img.familiarDigests(),
                img.parent().map(Digest::toString).orElse(""), c.comment() == null ? "" : c.comment(),
                c.created() == null ? Times.ZERO : c.created(),
                c.container() == null ? "" : c.container(),
                containerConfig(c.containerConfig()),
                c.dockerVersion() == null ? "" : c.dockerVersion(),
                c.author() == null ? "" : c.author(),
                containerConfig(c.config()),
                c.architecture(), c.variant(), c.os(), img.size(), img.size(),
                new ImageInspect.GraphDriver("overlay2", Map.of()),
                new ImageInspect.RootFs("layers", c.diffIds().stream().map(Digest::toString).toList()),
                Map.of("LastTagTime", img.lastTagTime().map(Times::rfc3339Nano).orElse(Times.ZERO)));
    }

    /** An image's run config as dockerd shows it: every key present, empty strings and false for unset scalars. */
    static ContainerConfig containerConfig(dev.berth.oci.ContainerConfig oci) {
        ContainerConfig c = oci == null ? null : ApiJson.mapper().convertValue(oci, ContainerConfig.class);
        if (c == null) c = new ContainerConfig(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
        return new ContainerConfig(str(c.hostname()), str(c.domainname()), str(c.user()), bool(c.attachStdin()),
                bool(c.attachStdout()), bool(c.attachStderr()), c.exposedPorts(), bool(c.tty()), bool(c.openStdin()),
                bool(c.stdinOnce()), c.env(), c.cmd(), c.healthcheck(), c.argsEscaped(), str(c.image()), c.volumes(),
                str(c.workingDir()), c.entrypoint(), c.onBuild(), c.labels(), c.stopSignal(), c.shell());
    }

    static List<HistoryItem> history(List<HistoryEntry> entries) {
        return entries.stream().map(h -> new HistoryItem(h.displayId(), h.created().map(Instant::getEpochSecond).orElse(0L),
                h.createdBy(), h.tags().isEmpty() ? null : h.tags(), h.size(), h.comment())).toList();
    }

    static List<ImageDeleteItem> deletions(List<ImageRemoval> removals) {
        return removals.stream().map(r -> switch (r) {
            case ImageRemoval.Untagged u -> ImageDeleteItem.untagged(u.ref().familiar());
            case ImageRemoval.Deleted d -> ImageDeleteItem.deleted(d.id().toString());
        }).toList();
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }

    private static Boolean bool(Boolean b) {
        return b != null && b;
    }
}

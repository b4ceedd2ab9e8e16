package dev.berth.cli.command;

import dev.berth.api.Filters;
import dev.berth.api.ImageDeleteItem;
import dev.berth.api.ImagePruneReport;
import dev.berth.cli.CliContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Image pruning shared by {@code image prune} and {@code system prune} (docker's {@code image.RunPrune}). */
final class Pruning {
    private Pruning() {}

    /** What a prune step printed and how many bytes it freed. */
    record Result(long reclaimed, String output) {}

    static Result images(CliContext ctx, boolean all, List<String> filterFlags) {
        Map<String, List<String>> f = FilterArgs.parse(filterFlags);
        f.put("dangling", new ArrayList<>(List.of(Boolean.toString(!all))));
        ImagePruneReport report = ctx.client().pruneImages(Filters.of(f));
        if (report.imagesDeleted() == null || report.imagesDeleted().isEmpty()) return new Result(0, "");
        StringBuilder sb = new StringBuilder("Deleted Images:\n");
        for (ImageDeleteItem d : report.imagesDeleted()) {
            if (d.untagged() != null && !d.untagged().isEmpty()) sb.append("untagged: ").append(d.untagged()).append('\n');
            else sb.append("deleted: ").append(d.deleted()).append('\n');
        }
        return new Result(report.spaceReclaimed(), sb.toString());
    }
}

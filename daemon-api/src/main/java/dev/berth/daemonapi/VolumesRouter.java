package dev.berth.daemonapi;

import dev.berth.api.ApiJson;
import dev.berth.api.Filters;
import dev.berth.api.VolumeResource;
import dev.berth.common.Labels;
import dev.berth.engine.volume.Volume;
import dev.berth.engine.volume.VolumeService;
import dev.berth.http.Request;
import dev.berth.http.Response;
import dev.berth.http.Router;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code /volumes} endpoints. */
final class VolumesRouter {
    private static final int MAX_BODY = 1024 * 1024;

    private final VolumeService volumes;

    VolumesRouter(VolumeService volumes) {
        this.volumes = volumes;
    }

    void register(Router r) {
        r.get("/volumes", this::list);
        r.post("/volumes/create", (req, res) -> {
            VolumeResource.CreateRequest body = ApiJson.read(req.bodyBytes(MAX_BODY), VolumeResource.CreateRequest.class);
            Json.send(res, 201, view(volumes.create(body.name(), body.driver(), body.labels(), body.driverOpts())));
        });
        r.post("/volumes/prune", this::prune);
        r.get("/volumes/{name}", (req, res) -> Json.ok(res, view(volumes.inspect(req.pathParam("name")))));
        r.delete("/volumes/{name}", (req, res) -> {
            volumes.remove(req.pathParam("name"), req.queryFlag("force"));
            res.noContent(204);
        });
    }

    private void list(Request req, Response res) throws IOException {
        Filters f = Filters.parse(req.query("filters").orElse(null));
        f.requireKeys(Set.of("dangling", "driver", "label", "name"));
        List<VolumeResource> out = volumes.list().stream()
                .filter(v -> (f.get("name").isEmpty() || f.get("name").stream().anyMatch(n -> nameMatches(n, v.name())))
                        && (f.get("driver").isEmpty() || f.get("driver").contains(Volume.DRIVER))
                        && Labels.matchesAll(v.labels(), f.get("label"))
                        && (f.get("dangling").isEmpty() || NetworksRouter.dangling(f.get("dangling")) == volumes.users(v.name()).isEmpty()))
                .map(VolumesRouter::view).toList();
        Json.ok(res, new VolumeResource.ListResponse(out, null));
    }

    /** dockerd's {@code filters.Args.Match}: the value equals the name or is a regular expression found in it. */
    static boolean nameMatches(String filter, String name) {
        if (filter.equals(name)) return true;
        try {
            return java.util.regex.Pattern.compile(filter).matcher(name).find();
        } catch (java.util.regex.PatternSyntaxException notARegex) {
            return false;
        }
    }

    private void prune(Request req, Response res) throws IOException {
        Filters f = Filters.parse(req.query("filters").orElse(null));
        f.requireKeys(Set.of("label", "label!"));
        VolumeService.PruneResult r = volumes.prune(v -> Labels.matchesAll(v.labels(), f.get("label"))
                && (f.get("label!").isEmpty() || !Labels.matchesAny(v.labels(), f.get("label!"))));
        Json.ok(res, new VolumeResource.PruneReport(r.removed().isEmpty() ? null : r.removed(), r.spaceReclaimed()));
    }

    static VolumeResource view(Volume v) {
        return new VolumeResource(v.createdAt().toString(), Volume.DRIVER, nullIfEmpty(v.labels()), v.mountpoint().toString(),
                v.name(), nullIfEmpty(v.options()), "local");
    }

    /** {@code /system/df}'s volumes: each with its size and how many containers use it. */
    static List<Map<String, Object>> diskUsage(VolumeService volumes) {
        return volumes.list().stream().map(v -> {
            Map<String, Object> m = ApiJson.mapper().convertValue(view(v), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
            m.put("UsageData", Map.of("Size", v.mountsDevice() ? -1 : volumes.size(v), "RefCount", volumes.users(v.name()).size()));
            return m;
        }).toList();
    }

    private static Map<String, String> nullIfEmpty(Map<String, String> m) {
        return m.isEmpty() ? null : m;
    }
}

package dev.berth.daemonapi;

import dev.berth.api.Filters;
import dev.berth.api.ImagePruneReport;
import dev.berth.api.JsonMessage;
import dev.berth.api.QueryBooleans;
import dev.berth.api.SystemDf;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.ApiJson;
import dev.berth.common.EngineException;
import dev.berth.distribution.Credentials;
import dev.berth.distribution.Progress;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageRef;
import dev.berth.engine.image.ImageQuery;
import dev.berth.engine.image.ImageService;
import dev.berth.http.Request;
import dev.berth.http.Response;
import dev.berth.http.Router;
import dev.berth.image.Image;
import dev.berth.image.PruneResult;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code /images} endpoints. */
public final class ImagesRouter {
    private static final Set<String> LIST_FILTERS = Set.of("dangling", "label", "before", "since", "reference");
    private static final Set<String> PRUNE_FILTERS = Set.of("dangling", "label", "until");

    private final ImageService images;

    public ImagesRouter(ImageService images) {
        this.images = images;
    }

    public void register(Router r) {
        r.get("/images/json", this::list);
        r.post("/images/create", this::create);
        r.post("/images/load", this::load);
        r.get("/images/get", (req, res) -> save(res, req.queryAll("names")));
        r.post("/images/prune", this::prune);
        r.get("/images/{name:.+}/json", (req, res) -> Json.ok(res, ImageViews.inspect(images.inspect(req.pathParam("name")))));
        r.get("/images/{name:.+}/history", (req, res) ->
                Json.ok(res, ImageViews.history(images.history(req.pathParam("name")))));
        r.get("/images/{name:.+}/get", (req, res) -> save(res, List.of(req.pathParam("name"))));
        r.post("/images/{name:.+}/tag", this::tag);
        r.post("/images/{name:.+}/push", this::push);
        r.post("/auth", this::login);
        r.delete("/images/{name:.+}", (req, res) -> Json.ok(res, ImageViews.deletions(images.remove(
                req.pathParam("name"), req.queryFlag("force")))));
    }

    private void list(Request req, Response res) throws IOException {
        Filters f = Filters.parse(req.query("filters").orElse(null));
        f.requireKeys(LIST_FILTERS);
        Boolean dangling = f.get("dangling").isEmpty() ? null : QueryBooleans.parse(f.get("dangling").getFirst(), true);
        List<String> refs = new ArrayList<>(f.get("reference"));
        req.query("filter").ifPresent(refs::add); // API < 1.28
        ImageQuery q = new ImageQuery(req.queryFlag("all"), dangling, f.get("label"),
                f.get("before").isEmpty() ? null : f.get("before").getFirst(),
                f.get("since").isEmpty() ? null : f.get("since").getFirst(), refs);
        Json.ok(res, images.list(q).stream().map(i -> ImageViews.summary(i, -1)).toList());
    }

    /** Docker's {@code system df} images part: sizes, and how many containers use each image (none yet). */
    static SystemDf diskUsage(ImageService images, List<Map<String, Object>> volumes) {
        List<Image> all = images.list(ImageQuery.ALL);
        long layers = all.stream().mapToLong(Image::size).sum();
        return new SystemDf(layers, all.stream().map(i -> ImageViews.summary(i, 0)).toList(), List.of(), volumes, List.of());
    }

    private void tag(Request req, Response res) throws IOException {
        String repo = req.query("repo").orElse(null);
        if (repo == null || repo.isEmpty()) throw new EngineException.InvalidArgument("repository name must have at least one component");
        String tag = req.query("tag").orElse(null);
        images.tag(req.pathParam("name"), tag == null || tag.isEmpty() ? repo : repo + ":" + tag);
        res.noContent(201);
    }

    private void prune(Request req, Response res) throws IOException {
        Filters f = Filters.parse(req.query("filters").orElse(null));
        f.requireKeys(PRUNE_FILTERS);
        boolean all = !f.get("dangling").isEmpty() && !QueryBooleans.parse(f.get("dangling").getFirst(), true);
        Instant until = f.get("until").isEmpty() ? null
                : Instant.ofEpochSecond(0, Times.parseUnixNanos(f.get("until").getFirst(), "until"));
        PruneResult r = images.prune(all, until, f.get("label"));
        Json.ok(res, new ImagePruneReport(r.removed().isEmpty() ? null : ImageViews.deletions(r.removed()), r.spaceReclaimed()));
    }

    /** {@code POST /images/create}: pull ({@code fromImage}), or import from the request body ({@code fromSrc=-}). */
    private void create(Request req, Response res) throws IOException {
        String fromSrc = req.query("fromSrc").orElse(null);
        if (fromSrc == null) {
            pull(req, res);
            return;
        }
        if (!fromSrc.equals("-")) {
            throw new EngineException.NotImplemented("import from a URL is not supported yet; download the file and import it from stdin");
        }
        String repo = req.query("repo").orElse(null);
        String tag = req.query("tag").orElse(null);
        String ref = repo == null || repo.isEmpty() ? null : (tag == null || tag.isEmpty() ? repo : repo + ":" + tag);
        List<String> changes = req.queryAll("changes");
        Image img = images.importImage(req.body(), ref, changes, req.query("message").orElse(null), req.query("platform").orElse(null));
        try (Json.MessageStream out = new Json.MessageStream(res)) {
            out.status(img.id().toString());
        }
    }

    /**
     * {@code POST /images/create?fromImage=&tag=&platform=} with {@code X-Registry-Auth}: dockerd's
     * reference rules ({@code tag} may be a digest; a tag in {@code fromImage} counts when
     * {@code tag} is empty), then the pull's JSON progress stream.
     */
    private void pull(Request req, Response res) throws IOException {
        String image = req.query("fromImage").orElse("");
        if (image.isEmpty()) throw new EngineException.InvalidArgument("fromImage or fromSrc is required");
        ImageRef ref = ImageRef.parseNamed(image);
        String tag = req.query("tag").orElse("");
        if (!tag.isEmpty()) {
            ref = Digest.isDigest(tag) ? new ImageRef(ref.domain(), ref.path(), null, Digest.parse(tag))
                    : new ImageRef(ref.domain(), ref.path(), tag, null);
        }
        Credentials creds = Credentials.fromRegistryAuth(req.header("X-Registry-Auth").orElse(null));
        ProgressStream out = new ProgressStream(res);
        try {
            if (ref.tag() == null && ref.digest() == null) {
                images.pullAllTags(ref, req.query("platform").orElse(null), creds, out); // dockerd: a bare name is --all-tags
            } else {
                images.pull(ref, req.query("platform").orElse(null), creds, out);
            }
        } catch (RuntimeException e) {
            out.fail(e);
        }
        out.close();
    }

    /** {@code POST /images/{name}/push?tag=}: dockerd's push progress stream, with an aux message per pushed tag. */
    private void push(Request req, Response res) throws IOException {
        ImageRef ref = ImageRef.parseNamed(req.pathParam("name"));
        String tag = req.query("tag").orElse("");
        if (!tag.isEmpty()) ref = new ImageRef(ref.domain(), ref.path(), tag, null);
        String header = req.header("X-Registry-Auth").orElse(null);
        Credentials creds = header != null ? Credentials.fromRegistryAuth(header) : authBody(req);
        ProgressStream out = new ProgressStream(res);
        try {
            images.push(ref, creds, out, pushed -> {
                out.progress(Progress.plain(null, pushed.tag() + ": digest: " + pushed.digest() + " size: " + pushed.size()));
                Map<String, Object> aux = new LinkedHashMap<>();
                aux.put("Tag", pushed.tag());
                aux.put("Digest", pushed.digest().toString());
                aux.put("Size", pushed.size());
                out.aux(aux);
            });
        } catch (RuntimeException e) {
            out.fail(e);
        }
        out.close();
    }

    /** {@code POST /auth}: checks a login at the registry, as dockerd does. */
    private void login(Request req, Response res) throws IOException {
        JsonNode body = authJson(req);
        Credentials creds = Credentials.fromAuthConfig(body);
        String server = body == null ? "" : body.path("serveraddress").asText("");
        images.login(server, creds);
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("IdentityToken", "");
        ok.put("Status", "Login Succeeded");
        Json.ok(res, ok);
    }

    private static Credentials authBody(Request req) {
        try {
            return Credentials.fromAuthConfig(authJson(req));
        } catch (IOException | RuntimeException e) {
            return Credentials.ANONYMOUS;
        }
    }

    private static JsonNode authJson(Request req) throws IOException {
        byte[] bytes = req.body().readNBytes(64 * 1024);
        if (bytes.length == 0) return null;
        try {
            return ApiJson.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new EngineException.InvalidArgument("invalid auth configuration: " + e.getMessage());
        }
    }

    private void load(Request req, Response res) throws IOException {
        try (Json.MessageStream out = new Json.MessageStream(res)) {
            try {
                images.load(req.body(), line -> out.write(JsonMessage.stream(line + "\n")));
            } catch (RuntimeException e) {
                out.error(e);
            }
        }
    }

    private void save(Response res, List<String> names) throws IOException {
        if (names.isEmpty()) throw new EngineException.InvalidArgument("no image names given");
        names.forEach(images::inspect); // fail with 404 before the stream starts
        try (OutputStream out = res.stream(200, "application/x-tar")) {
            images.save(names, out);
        }
    }
}

package dev.berth.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.http.Handler;
import dev.berth.http.Request;
import dev.berth.http.Response;
import dev.berth.http.Router;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The distribution API's routes (served under {@code /v2}, which the HTTP server strips as a version prefix): the
 * base endpoint, blobs and uploads ({@link BlobsApi}), manifests ({@link ManifestsApi}), tag lists, the catalog and
 * referrers. Every failure is a {@link RegistryError}; paths outside the API get 404 UNSUPPORTED in the same shape.
 */
final class RegistryApi {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The most catalog entries one response carries; a Link header leads on. */
    static final int MAX_CATALOG_PAGE = 1000;

    private final RegistryStore store;

    private RegistryApi(RegistryStore store) {
        this.store = store;
    }

    /** The router of a registry on {@code store}; {@code auth} (may be null) runs before every handler. */
    static Router router(RegistryStore store, Uploads uploads, RegistryConfig config, Clock clock, BasicAuth auth) {
        RegistryApi api = new RegistryApi(store);
        BlobsApi blobs = new BlobsApi(store, uploads, clock);
        ManifestsApi manifests = new ManifestsApi(store, config.maxManifestBytes(), clock);
        Router r = new Router();
        r.before((req, res) -> {
            if (!req.apiVersion().equals(Optional.of("2")) && !isBase(req)) throw unsupported(req);
        });
        if (auth != null) r.before(auth);
        Handler base = (req, res) -> json(res, 200, "application/json", Map.of());
        r.get("/", base);
        r.get("/v2", base);
        r.get("/_catalog", api::catalog);
        r.get("/{name:.+}/tags/list", api::tags);
        r.get("/{name:.+}/referrers/{digest}", api::referrers);

        r.get("/{name:.+}/blobs/{digest}", blobs::get);
        r.delete("/{name:.+}/blobs/{digest}", blobs::delete);
        for (String uploadsPath : List.of("/{name:.+}/blobs/uploads/", "/{name:.+}/blobs/uploads")) {
            r.post(uploadsPath, blobs::startUpload);
        }
        r.route("PATCH", "/{name:.+}/blobs/uploads/{uuid}", blobs::patch);
        r.put("/{name:.+}/blobs/uploads/{uuid}", blobs::finish);
        r.get("/{name:.+}/blobs/uploads/{uuid}", blobs::status);
        r.delete("/{name:.+}/blobs/uploads/{uuid}", blobs::cancel);

        r.get("/{name:.+}/manifests/{reference}", manifests::get);
        r.put("/{name:.+}/manifests/{reference}", manifests::put);
        r.delete("/{name:.+}/manifests/{reference}", manifests::delete);

        Handler elsewhere = (req, res) -> {
            throw unsupported(req);
        };
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")) r.route(method, "/{any:.*}", elsewhere);
        return r;
    }

    /** {@code /v2} without its slash: the base endpoint too. */
    private static boolean isBase(Request req) {
        return req.apiVersion().isEmpty() && req.path().equals("/v2");
    }

    private static RegistryError unsupported(Request req) {
        return new RegistryError(ErrorCode.UNSUPPORTED, 404, "no such endpoint: " + req.method() + " "
                + Names.shorten(req.apiVersion().map(v -> "/v" + v).orElse("") + req.path()), null);
    }

    private void catalog(Request req, Response res) throws IOException {
        Page page = page(req, store.repositories(), MAX_CATALOG_PAGE);
        page.link().ifPresent(l -> res.header("Link", "</v2/_catalog?" + l + ">; rel=\"next\""));
        json(res, 200, "application/json", Map.of("repositories", page.items()));
    }

    private void tags(Request req, Response res) throws IOException {
        String name = repository(req);
        if (!store.repositoryExists(name)) throw nameUnknown(name);
        Page page = page(req, store.tags(name), Integer.MAX_VALUE);
        page.link().ifPresent(l -> res.header("Link", "</v2/" + name + "/tags/list?" + l + ">; rel=\"next\""));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("tags", page.items());
        json(res, 200, "application/json", body);
    }

    /** Always 200 with an index (the spec forbids a 404 from a registry that has the API), filtered by artifactType. */
    private void referrers(Request req, Response res) throws IOException {
        String name = repository(req);
        Digest subject = Names.digest(req.pathParam("digest"));
        Optional<String> artifactType = req.query("artifactType");
        List<Object> descriptors = new ArrayList<>();
        if (store.repositoryExists(name)) {
            for (Digest d : store.referrers(name, subject)) {
                store.manifest(name, d).ifPresent(m -> {
                    ManifestDoc doc = ManifestDoc.parse(m.mediaType(), m.bytes());
                    if (artifactType.isEmpty() || artifactType.get().equals(doc.artifactType())) {
                        descriptors.add(doc.referrerDescriptor(d, m.bytes().length));
                    }
                });
            }
        }
        if (artifactType.isPresent()) res.header("OCI-Filters-Applied", "artifactType");
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        index.put("manifests", descriptors);
        json(res, 200, MediaTypes.OCI_INDEX, index);
    }

    /** One page of a sorted list, and the query of the next page if there is one. */
    record Page(List<String> items, Optional<String> link) {}

    /** Applies {@code n} (at most {@code max}) and {@code last} (exclusive) as the spec says. */
    static Page page(Request req, List<String> sorted, int max) {
        int n = max;
        Optional<String> nParam = req.query("n").filter(s -> !s.isEmpty());
        if (nParam.isPresent()) {
            try {
                n = Integer.parseInt(nParam.get());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0) throw new RegistryError(ErrorCode.UNSUPPORTED, 400, "n must be a number of entries, 0 or more",
                    Map.of("n", Names.shorten(nParam.get())));
            n = Math.min(n, max);
        }
        Optional<String> last = req.query("last").filter(s -> !s.isEmpty());
        int from = 0;
        if (last.isPresent()) {
            while (from < sorted.size() && sorted.get(from).compareTo(last.get()) <= 0) from++;
        }
        if (n == 0) return new Page(List.of(), Optional.empty());
        int to = (int) Math.min((long) from + n, sorted.size());
        List<String> items = sorted.subList(from, to);
        Optional<String> link = Optional.empty();
        if (to < sorted.size()) {
            link = Optional.of("last=" + URLEncoder.encode(items.getLast(), StandardCharsets.UTF_8) + "&n=" + n);
        }
        return new Page(List.copyOf(items), link);
    }

    static String repository(Request req) {
        return Names.repository(req.pathParam("name"));
    }

    static RegistryError nameUnknown(String name) {
        return new RegistryError(ErrorCode.NAME_UNKNOWN, "repository name not known to registry", Map.of("name", name));
    }

    static void json(Response res, int status, String contentType, Object body) throws IOException {
        res.send(status, contentType, JSON.writeValueAsBytes(body));
    }
}

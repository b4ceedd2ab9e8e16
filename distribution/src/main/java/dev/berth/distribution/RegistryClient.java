package dev.berth.distribution;

import dev.berth.common.EngineException;
import dev.berth.content.ContentStore;
import dev.berth.content.Provider;
import dev.berth.oci.Descriptor.Platform;
import dev.berth.oci.ImageRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The OCI distribution protocol client: pull into a content store, push from one, log in. One
 * instance per daemon: it keeps an HTTP client per registry and the bearer tokens it was given.
 * Thread-safe.
 */
public final class RegistryClient {
    private final RegistryOptions options;
    private final Endpoints endpoints;
    private final TokenCache tokens = new TokenCache();

    public RegistryClient(RegistryOptions options) {
        this.options = options;
        this.endpoints = new Endpoints(options);
    }

    public RegistryOptions options() {
        return options;
    }

    /**
     * Fetches an image's manifest, config and layers into {@code content} (blobs it has already
     * are not fetched). Writes no image: the caller does that with the result.
     *
     * @param ref a tagged or digested reference
     * @param platform the platform to choose from a manifest list / index
     * @throws EngineException.NotFound for an unknown repository, tag or platform (docker's messages)
     * @throws EngineException.InvalidArgument when the registry sends content that fails verification
     * @throws EngineException.Unavailable when the registry cannot be reached (after retries)
     */
    public PullResult pull(ImageRef ref, Platform platform, Credentials credentials, ContentStore content,
                           Progress.Listener listener) {
        return resolve(ref, platform, credentials).fetch(content, listener);
    }

    /**
     * The first half of {@link #pull}: reads the manifest and says which blobs the pull needs
     * (so the caller can protect them from garbage collection before they arrive).
     */
    public PullPlan resolve(ImageRef ref, Platform platform, Credentials credentials) {
        if (ref.tag() == null && ref.digest() == null) throw new IllegalArgumentException("a pull needs a tag or a digest");
        Session s = session(ref.domain(), credentials, List.of("repository:" + ref.path() + ":pull"));
        return new Puller(options, s, ref).resolve(platform);
    }

    /**
     * The repository's tags ({@code GET /v2/NAME/tags/list}, following {@code Link} pages), for
     * {@code docker pull --all-tags}.
     */
    public List<String> tags(ImageRef ref, Credentials credentials) {
        Session s = session(ref.domain(), credentials, List.of("repository:" + ref.path() + ":pull"));
        s.ping();
        List<String> out = new ArrayList<>();
        String next = "/v2/" + ref.path() + "/tags/list";
        for (int page = 0; next != null && page < 1000; page++) {
            java.net.http.HttpResponse<java.io.InputStream> r = s.send("GET", next, java.util.Map.of(), null);
            if (r.statusCode() == 401 || r.statusCode() == 403 || r.statusCode() == 404) {
                throw new EngineException.NotFound("pull access denied for " + ref.familiarName()
                        + ", repository does not exist or may require 'docker login': " + RegistryErrors.describe(r));
            }
            if (r.statusCode() != 200) {
                throw new EngineException.Unavailable("cannot list the tags of " + ref.familiarName() + ": "
                        + RegistryErrors.describe(r), null);
            }
            String link = r.headers().firstValue("Link").orElse(null);
            try (java.io.InputStream in = r.body()) {
                byte[] body = in.readNBytes(options.maxManifestBytes() + 1);
                if (body.length > options.maxManifestBytes()) {
                    throw new EngineException.InvalidArgument("the tag list of " + ref.familiarName() + " is too large");
                }
                for (var t : Session.json(body).path("tags")) if (t.isTextual()) out.add(t.asText());
            } catch (java.io.IOException e) {
                throw new EngineException.Unavailable("cannot read the tags of " + ref.familiarName() + ": " + e.getMessage(), e);
            }
            next = link == null ? null : nextPage(link);
        }
        return out;
    }

    /** The target of {@code Link: </v2/x/tags/list?n=..&last=..>; rel="next"}. */
    static String nextPage(String link) {
        int lt = link.indexOf('<');
        int gt = link.indexOf('>');
        if (lt < 0 || gt < lt || !link.contains("rel=\"next\"")) return null;
        return link.substring(lt + 1, gt);
    }

    /** Pushes an image's blobs that the registry lacks, then its manifest under the request's tag. */
    public PushResult push(PushRequest request, Credentials credentials, Provider content, Progress.Listener listener) {
        ImageRef t = request.target();
        List<String> scopes = new ArrayList<>();
        scopes.add("repository:" + t.path() + ":pull,push");
        for (String from : request.mountFrom()) if (!from.equals(t.path())) scopes.add("repository:" + from + ":pull");
        Session s = session(t.domain(), credentials, scopes);
        return new Pusher(options, s, request, content, listener).push();
    }

    /**
     * Checks credentials against a registry as {@code docker login} does: {@code GET /v2/} with
     * them (Basic, or through the token realm).
     *
     * @param serverAddress as the user gave it ({@code localhost:5000}, {@code https://host/}, empty for Docker Hub)
     * @throws EngineException.Unauthorized when the registry refuses them
     */
    public void login(String serverAddress, Credentials credentials) {
        String domain = registryDomain(serverAddress);
        Session s = session(domain, credentials, List.of());
        int status = s.ping();
        if (status == 401) {
            throw new EngineException.Unauthorized("login attempt to " + s.target().base() + "/v2/ failed with status: "
                    + RegistryErrors.statusText(401).trim());
        }
        if (status != 200) {
            throw new EngineException.Unavailable("login attempt to " + s.target().base() + "/v2/ failed with status: "
                    + RegistryErrors.statusText(status).trim(), null);
        }
    }

    /**
     * The registry domain of a server address as docker's CLI and daemon normalise it:
     * {@code https://index.docker.io/v1/}, {@code docker.io} and empty are Docker Hub; a scheme and
     * a path are dropped.
     */
    public static String registryDomain(String serverAddress) {
        if (serverAddress == null || serverAddress.isBlank()) return ImageRef.DEFAULT_DOMAIN;
        String s = serverAddress.trim().replaceFirst("^(?i)https?://", "");
        int slash = s.indexOf('/');
        if (slash >= 0) s = s.substring(0, slash);
        s = s.toLowerCase(Locale.ROOT);
        if (s.equals("index.docker.io") || s.equals("registry-1.docker.io") || s.equals("docker.io")) return ImageRef.DEFAULT_DOMAIN;
        return s;
    }

    private Session session(String domain, Credentials credentials, List<String> scopes) {
        return new Session(endpoints, tokens, options, domain, credentials == null ? Credentials.ANONYMOUS : credentials, scopes);
    }
}

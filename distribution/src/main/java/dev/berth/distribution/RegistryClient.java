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

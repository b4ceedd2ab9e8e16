package dev.berth.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Requests to one registry on behalf of one operation (a pull, a push, a login): answers the
 * registry's auth challenges (Bearer tokens for the operation's scopes, from the cache or the
 * realm; Basic credentials), follows redirects, and retries transient failures (connection errors,
 * 408/429/5xx) with doubling back-off.
 */
final class Session {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> TRANSIENT = Set.of(408, 429, 500, 502, 503, 504);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Endpoints endpoints;
    private final TokenCache tokens;
    private final RegistryOptions options;
    private final Credentials credentials;
    private final List<String> scopes;
    private volatile Endpoints.Target target;
    private volatile Challenge challenge;
    private volatile TokenCache.Token token;
    private volatile boolean useBasic;

    Session(Endpoints endpoints, TokenCache tokens, RegistryOptions options, String domain, Credentials credentials,
            List<String> scopes) {
        this.endpoints = endpoints;
        this.tokens = tokens;
        this.options = options;
        this.credentials = credentials;
        this.scopes = List.copyOf(scopes);
        this.target = endpoints.target(domain);
    }

    Endpoints.Target target() {
        return target;
    }

    Credentials credentials() {
        return credentials;
    }

    /**
     * {@code GET /v2/}: learns the registry's auth challenge and gets a token for the scopes, and
     * for an insecure registry that turns out to speak TLS, moves to HTTPS. Returns the final status.
     */
    int ping() {
        HttpResponse<InputStream> r = send("GET", "/v2/", Map.of(), null);
        if (r.statusCode() == 400 && target.base().getScheme().equals("http")) {
            String body = RegistryErrors.describe(r);
            if (body.contains("HTTPS server")) {
                target = endpoints.tlsFallback(target);
                r = send("GET", "/v2/", Map.of(), null);
            } else {
                return 400;
            }
        }
        int status = r.statusCode();
        RegistryErrors.discard(r);
        return status;
    }

    /**
     * Sends a request (a path under the registry, or an absolute URI such as an upload location)
     * and returns the final answer, after auth and transient-error retries; the caller reads or
     * discards its body.
     *
     * @param body makes the body anew for each try; null for none
     */
    HttpResponse<InputStream> send(String method, String pathOrUri, Map<String, String> headers,
                                   Supplier<HttpRequest.BodyPublisher> body) {
        URI uri = pathOrUri.startsWith("http://") || pathOrUri.startsWith("https://") ? URI.create(pathOrUri)
                : target.resolve(pathOrUri);
        int tries = 0;
        int authTries = 0;
        int redirects = 0;
        while (true) {
            boolean sameHost = uri.getRawAuthority().equals(target.base().getRawAuthority());
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body.get())
                    .header("User-Agent", "berth");
            headers.forEach(b::header);
            String auth = sameHost ? authorization() : null;
            if (auth != null) b.header("Authorization", auth);
            HttpResponse<InputStream> r;
            try {
                r = (sameHost ? target.client() : endpoints.clientFor(uri)).send(b.build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                if (++tries < options.attempts()) {
                    pause(tries, null);
                    continue;
                }
                // Go's wording, as dockerd prints it: Get "http://127.0.0.1:9/v2/": dial tcp 127.0.0.1:9: connect: connection refused
                String verb = method.charAt(0) + method.substring(1).toLowerCase(java.util.Locale.ROOT);
                String why = e instanceof java.net.ConnectException
                        ? "dial tcp " + uri.getRawAuthority() + ": connect: connection refused" : describe(e);
                throw new EngineException.Unavailable(verb + " \"" + uri + "\": " + why, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException.Unavailable("interrupted while talking to " + uri, e);
            }
            int status = r.statusCode();
            if (status == 401 && sameHost && authTries++ < 2) {
                List<Challenge> challenges = Challenge.from(r.headers());
                if (answer(challenges, auth != null)) {
                    RegistryErrors.discard(r);
                    continue;
                }
                return r;
            }
            if ((status == 301 || status == 302 || status == 303 || status == 307 || status == 308)
                    && (method.equals("GET") || method.equals("HEAD")) && redirects++ < 10) {
                String location = r.headers().firstValue("Location").orElse(null);
                if (location != null) {
                    RegistryErrors.discard(r);
                    uri = uri.resolve(location);
                    continue;
                }
            }
            if (TRANSIENT.contains(status) && ++tries < options.attempts()) {
                String retryAfter = r.headers().firstValue("Retry-After").orElse(null);
                RegistryErrors.discard(r);
                pause(tries, retryAfter);
                continue;
            }
            return r;
        }
    }

    /** Runs an operation again, with back-off, when it fails with a transient transport error midway (a reset download). */
    <T> T retrying(Supplier<T> op) {
        for (int tries = 1; ; tries++) {
            try {
                return op.get();
            } catch (TransientException e) {
                if (tries >= options.attempts()) {
                    throw new EngineException.Unavailable(e.getMessage(), e.getCause());
                }
                pause(tries, null);
            }
        }
    }

    /** A failure worth another try of the whole operation (connection reset, truncated body). */
    static final class TransientException extends RuntimeException {
        TransientException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private String authorization() {
        if (credentials.registryToken() != null) return "Bearer " + credentials.registryToken();
        TokenCache.Token t = token;
        if (t != null) {
            if (t.expired(Instant.now()) && challenge != null) {
                t = tokens.fetch(this, challenge, allScopes(challenge), true);
                token = t;
            }
            return "Bearer " + t.value();
        }
        if (useBasic && credentials.hasBasic()) return basicHeader(credentials);
        return null;
    }

    /** Picks a challenge this session can answer; false if none (the 401 goes to the caller). */
    private boolean answer(List<Challenge> challenges, boolean hadAuth) {
        for (Challenge c : challenges) {
            if (c.bearer() && c.param("realm") != null) {
                if (credentials.registryToken() != null) return false;
                challenge = c;
                token = tokens.fetch(this, c, allScopes(c), hadAuth && token != null);
                return true;
            }
        }
        for (Challenge c : challenges) {
            if (c.basic() && credentials.hasBasic() && !useBasic) {
                useBasic = true;
                return true;
            }
        }
        return false;
    }

    private List<String> allScopes(Challenge c) {
        Set<String> all = new LinkedHashSet<>(scopes);
        String extra = c.param("scope");
        if (extra != null && !extra.isBlank()) {
            for (String s : extra.split(" ")) if (!s.isBlank()) all.add(s);
        }
        return new ArrayList<>(all);
    }

    static String basicHeader(Credentials c) {
        String pair = c.username() + ":" + (c.password() == null ? "" : c.password());
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    Endpoints endpoints() {
        return endpoints;
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static JsonNode json(byte[] body) throws IOException {
        return JSON.readTree(body);
    }

    private void pause(int tries, String retryAfter) {
        Duration d = options.backoff().multipliedBy(1L << Math.min(tries - 1, 10));
        if (d.compareTo(MAX_BACKOFF) > 0) d = MAX_BACKOFF;
        if (retryAfter != null) {
            try {
                long secs = Long.parseLong(retryAfter.trim());
                if (secs >= 0 && secs <= 10) d = Duration.ofSeconds(secs);
            } catch (NumberFormatException ignored) {
                // a date: keep our own back-off
            }
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException.Unavailable("interrupted", e);
        }
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName();
        if (e instanceof java.net.ConnectException) return "connection refused";
        if (e instanceof java.net.http.HttpTimeoutException) return "timeout";
        return m == null || m.isBlank() ? kind : m;
    }
}

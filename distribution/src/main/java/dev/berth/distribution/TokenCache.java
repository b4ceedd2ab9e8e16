package dev.berth.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.EngineException;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens from registries' token realms (the Docker token spec), cached per realm, service,
 * scopes and credentials until they expire. A token is asked for with Basic credentials (or
 * anonymously), or with the identity token as an OAuth refresh token.
 */
final class TokenCache {
    /** Docker's minimum token lifetime when the realm says less or nothing. */
    static final Duration MIN_LIFETIME = Duration.ofSeconds(60);
    /** Renew this long before the expiry, so a token does not run out in flight. */
    private static final Duration MARGIN = Duration.ofSeconds(5);

    record Token(String value, Instant expires) {
        boolean expired(Instant now) {
            return !now.isBefore(expires);
        }
    }

    private final Map<String, Token> cache = new ConcurrentHashMap<>();

    /** A token for the scopes: the cached one while valid (unless {@code refresh}), else a new one from the realm. */
    Token fetch(Session session, Challenge c, List<String> scopes, boolean refresh) {
        String key = key(c, scopes, session.credentials());
        Instant now = Instant.now();
        Token cached = cache.get(key);
        if (!refresh && cached != null && !cached.expired(now)) return cached;
        Token fresh = request(session, c, scopes);
        cache.put(key, fresh);
        return fresh;
    }

    private static Token request(Session session, Challenge c, List<String> scopes) {
        Credentials creds = session.credentials();
        String realm = c.param("realm");
        String service = c.param("service");
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw new EngineException.Unavailable("the registry's token realm is not a URL: " + realm, e);
        }
        HttpRequest.Builder b;
        if (creds.identityToken() != null) {
            StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=berth&refresh_token=")
                    .append(Session.encode(creds.identityToken()));
            if (service != null) form.append("&service=").append(Session.encode(service));
            if (!scopes.isEmpty()) form.append("&scope=").append(Session.encode(String.join(" ", scopes)));
            b = HttpRequest.newBuilder(realmUri).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        } else {
            StringBuilder q = new StringBuilder();
            if (service != null) q.append("service=").append(Session.encode(service));
            for (String s : scopes) q.append(q.isEmpty() ? "" : "&").append("scope=").append(Session.encode(s));
            if (creds.hasBasic()) q.append(q.isEmpty() ? "" : "&").append("account=").append(Session.encode(creds.username()));
            String sep = realm.contains("?") ? "&" : "?";
            b = HttpRequest.newBuilder(URI.create(realm + (q.isEmpty() ? "" : sep + q))).GET();
            if (creds.hasBasic()) b.header("Authorization", Session.basicHeader(creds));
        }
        b.header("User-Agent", "berth").timeout(Duration.ofSeconds(60));
        HttpResponse<InputStream> r;
        try {
            r = session.endpoints().clientFor(realmUri).send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot get a token from " + realm + ": " + Session.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException.Unavailable("interrupted while getting a token from " + realm, e);
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            String why = RegistryErrors.describe(r);
            throw new EngineException.Unauthorized("Get \"" + realm + "\": "
                    + (why.startsWith("unauthorized") || why.startsWith("denied") ? why : "unauthorized: incorrect username or password"));
        }
        if (r.statusCode() != 200) {
            throw new EngineException.Unavailable("cannot get a token from " + realm + ": " + RegistryErrors.describe(r), null);
        }
        try (InputStream in = r.body()) {
            byte[] body = in.readNBytes(1 << 20);
            JsonNode json = Session.json(body);
            String value = json.path("token").asText("");
            if (value.isEmpty()) value = json.path("access_token").asText("");
            if (value.isEmpty()) throw new EngineException.Unavailable("the token server at " + realm + " sent no token", null);
            Duration life = Duration.ofSeconds(Math.max(json.path("expires_in").asLong(0), MIN_LIFETIME.toSeconds()));
            Instant issued = Instant.now();
            if (json.hasNonNull("issued_at")) {
                try {
                    Instant at = Instant.parse(json.get("issued_at").asText());
                    if (at.isBefore(issued)) issued = at;
                } catch (DateTimeParseException ignored) {
                    // keep now
                }
            }
            return new Token(value, issued.plus(life).minus(MARGIN));
        } catch (IOException e) {
            throw new EngineException.Unavailable("cannot read the token from " + realm + ": " + e.getMessage(), e);
        }
    }

    private static String key(Challenge c, List<String> scopes, Credentials creds) {
        String secret = creds.username() + "\0" + creds.password() + "\0" + creds.identityToken();
        return c.param("realm") + "|" + c.param("service") + "|" + new TreeSet<>(scopes) + "|"
                + Digest.of(secret.getBytes(StandardCharsets.UTF_8)).hex();
    }
}

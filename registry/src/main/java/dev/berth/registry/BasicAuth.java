package dev.berth.registry;

import dev.berth.http.Filter;
import dev.berth.http.Request;
import dev.berth.http.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * HTTP basic authentication against an htpasswd file, for every request (the CNCF registry's {@code htpasswd} auth):
 * without valid credentials the answer is 401 UNAUTHORIZED with {@code WWW-Authenticate: Basic realm="..."}, which is
 * what makes {@code docker login} send them.
 */
final class BasicAuth implements Filter {
    private final Htpasswd users;
    private final String challenge;

    BasicAuth(Htpasswd users, String realm) {
        this.users = users;
        this.challenge = "Basic realm=\"" + realm.replace("\"", "") + "\"";
    }

    @Override
    public void apply(Request request, Response response) {
        Optional<String> user = credentials(request.header("Authorization").orElse(""));
        if (user.isEmpty()) {
            response.header("WWW-Authenticate", challenge);
            throw new RegistryError(ErrorCode.UNAUTHORIZED, "authentication required");
        }
    }

    /** The user, if the header carries basic credentials that the htpasswd file accepts. */
    private Optional<String> credentials(String header) {
        if (header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) return Optional.empty();
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) return Optional.empty();
        String user = decoded.substring(0, colon);
        return users.verify(user, decoded.substring(colon + 1)) ? Optional.of(user) : Optional.empty();
    }
}

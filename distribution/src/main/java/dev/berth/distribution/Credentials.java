package dev.berth.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What a client gives to authenticate at a registry: a user name and password, or an identity
 * token (an OAuth refresh token from an earlier login), or a registry token used as is. All empty
 * is anonymous access.
 */
public record Credentials(String username, String password, String identityToken, String registryToken) {
    public static final Credentials ANONYMOUS = new Credentials(null, null, null, null);
    private static final ObjectMapper JSON = new ObjectMapper();

    public Credentials {
        username = blankToNull(username);
        password = password == null || password.isEmpty() ? null : password;
        identityToken = blankToNull(identityToken);
        registryToken = blankToNull(registryToken);
    }

    public static Credentials basic(String username, String password) {
        return new Credentials(username, password, null, null);
    }

    public boolean hasBasic() {
        return username != null;
    }

    public boolean anonymous() {
        return username == null && identityToken == null && registryToken == null;
    }

    /**
     * Decodes the {@code X-Registry-Auth} header the docker CLI sends: base64url (padded or not) of
     * a JSON {@code AuthConfig} ({@code username}, {@code password}, {@code auth} as base64
     * {@code user:pass}, {@code identitytoken}, {@code registrytoken}). As dockerd does, a header
     * that cannot be decoded counts as no credentials.
     */
    public static Credentials fromRegistryAuth(String header) {
        if (header == null || header.isBlank()) return ANONYMOUS;
        try {
            byte[] json = Base64.getUrlDecoder().decode(header.trim().replace('+', '-').replace('/', '_'));
            return fromAuthConfig(JSON.readTree(json));
        } catch (Exception e) {
            return ANONYMOUS;
        }
    }

    /** Reads a docker {@code AuthConfig} JSON object (field names case-insensitive, as Go decodes them). */
    public static Credentials fromAuthConfig(JsonNode node) {
        if (node == null || !node.isObject()) return ANONYMOUS;
        String user = field(node, "username");
        String pass = field(node, "password");
        String auth = field(node, "auth");
        if (user == null && auth != null) {
            String decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                user = decoded.substring(0, colon);
                pass = decoded.substring(colon + 1);
            }
        }
        return new Credentials(user, pass, field(node, "identitytoken"), field(node, "registrytoken"));
    }

    private static String field(JsonNode node, String name) {
        for (var e : node.properties()) {
            if (e.getKey().equalsIgnoreCase(name) && e.getValue().isTextual()) return e.getValue().asText();
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return anonymous() ? "Credentials[anonymous]" : "Credentials[" + (username != null ? username : "token") + "]";
    }
}

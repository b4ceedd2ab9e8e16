package dev.berth.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The docker CLI's credentials in {@code config.json}, read and written as the docker CLI does:
 * {@code auths} entries with base64 {@code user:pass}, or a credential helper
 * ({@code credsStore}, or {@code credHelpers} per registry) run as {@code docker-credential-NAME
 * get|store|erase}. Other keys of the file are kept as they are.
 */
public final class DockerConfig {
    /** Docker Hub's key in {@code auths} and for credential helpers. */
    public static final String INDEX_SERVER = "https://index.docker.io/v1/";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final ObjectNode root;

    /** A user name and password (or identity token) for one registry. */
    public record AuthConfig(String username, String password, String serverAddress, String identityToken) {
        public boolean empty() {
            return (username == null || username.isEmpty()) && (identityToken == null || identityToken.isEmpty());
        }

        /** The {@code X-Registry-Auth} header value: base64url of the AuthConfig JSON. */
        public String header() {
            ObjectNode n = JSON.createObjectNode();
            if (username != null) n.put("username", username);
            if (password != null) n.put("password", password);
            if (serverAddress != null) n.put("serveraddress", serverAddress);
            if (identityToken != null) n.put("identitytoken", identityToken);
            try {
                return Base64.getUrlEncoder().encodeToString(new ObjectMapper().writeValueAsBytes(n));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private DockerConfig(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
    }

    public static DockerConfig load(Path dir) {
        Path file = dir.resolve("config.json");
        try {
            byte[] bytes = Files.readAllBytes(file);
            JsonNode n = bytes.length == 0 ? null : JSON.readTree(bytes);
            return new DockerConfig(file, n instanceof ObjectNode o ? o : JSON.createObjectNode());
        } catch (NoSuchFileException e) {
            return new DockerConfig(file, JSON.createObjectNode());
        } catch (IOException e) {
            throw new CliException("loading config file: " + file + ": " + e.getMessage());
        }
    }

    public Path file() {
        return file;
    }

    /** The key of a registry domain ({@code docker.io} is {@link #INDEX_SERVER}). */
    public static String serverKey(String domain) {
        return domain == null || domain.isEmpty() || domain.equals("docker.io") ? INDEX_SERVER : domain;
    }

    /** docker's {@code ConvertToHostname}: drops the scheme and any path. */
    static String hostname(String address) {
        String s = address.replaceFirst("^(?i)https?://", "");
        int slash = s.indexOf('/');
        return (slash < 0 ? s : s.substring(0, slash)).toLowerCase(Locale.ROOT);
    }

    /** The helper for a server ({@code credHelpers} entry, else {@code credsStore}), or null for the file. */
    String helper(String server) {
        JsonNode helpers = root.path("credHelpers");
        JsonNode h = helpers.get(server);
        if (h == null) h = helpers.get(hostname(server));
        if (h != null && h.isTextual() && !h.asText().isEmpty()) return h.asText();
        JsonNode store = root.get("credsStore");
        return store != null && store.isTextual() && !store.asText().isEmpty() ? store.asText() : null;
    }

    /** The stored credentials for a server key, or an empty AuthConfig. */
    public AuthConfig get(String server) {
        String helper = helper(server);
        if (helper != null) return helperGet(helper, server);
        JsonNode auths = root.path("auths");
        JsonNode entry = auths.get(server);
        if (entry == null) {
            for (Map.Entry<String, JsonNode> e : auths.properties()) {
                if (hostname(e.getKey()).equals(hostname(server))) {
                    entry = e.getValue();
                    break;
                }
            }
        }
        if (entry == null) return new AuthConfig(null, null, server, null);
        String user = entry.path("username").asText(null);
        String pass = entry.path("password").asText(null);
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) throw new CliException("invalid auth configuration file");
            user = decoded.substring(0, colon);
            pass = decoded.substring(colon + 1);
        }
        return new AuthConfig(user, pass, server, entry.path("identitytoken").asText(null));
    }

    /** The file's {@code auths} as the base64url JSON map of {@code X-Registry-Config}, or null when empty. */
    public String fileAuthsHeader() {
        JsonNode auths = root.get("auths");
        if (!(auths instanceof ObjectNode o) || o.isEmpty()) return null;
        ObjectNode out = JSON.createObjectNode();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String server = it.next();
            AuthConfig a = get(server);
            if (a.empty()) continue;
            ObjectNode n = out.putObject(server);
            n.put("username", a.username());
            n.put("password", a.password());
            n.put("serveraddress", server);
        }
        if (out.isEmpty()) return null;
        try {
            return Base64.getUrlEncoder().encodeToString(new ObjectMapper().writeValueAsBytes(out));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores credentials: in the helper if one is configured, else (base64) in the file. Returns whether the file holds them. */
    public boolean store(AuthConfig a) {
        String helper = helper(a.serverAddress());
        if (helper != null) {
            ObjectNode n = JSON.createObjectNode();
            n.put("ServerURL", a.serverAddress());
            n.put("Username", a.identityToken() != null ? "<token>" : a.username());
            n.put("Secret", a.identityToken() != null ? a.identityToken() : a.password());
            runHelper(helper, "store", n.toString());
            ObjectNode auths = auths();
            auths.putObject(a.serverAddress());
            save();
            return false;
        }
        ObjectNode entry = auths().putObject(a.serverAddress());
        entry.put("auth", Base64.getEncoder().encodeToString((a.username() + ":" + a.password()).getBytes(StandardCharsets.UTF_8)));
        if (a.identityToken() != null && !a.identityToken().isEmpty()) entry.put("identitytoken", a.identityToken());
        save();
        return true;
    }

    /** Removes credentials; false if there were none for that server. */
    public boolean erase(String server) {
        boolean had = false;
        JsonNode auths = root.get("auths");
        if (auths instanceof ObjectNode o) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (k.equals(server) || hostname(k).equals(hostname(server))) {
                    it.remove();
                    had = true;
                }
            }
        }
        String helper = helper(server);
        if (helper != null) {
            try {
                runHelper(helper, "erase", server);
                had = true;
            } catch (CliException notThere) {
                // nothing stored there
            }
        }
        if (had) save();
        return had;
    }

    private ObjectNode auths() {
        JsonNode a = root.get("auths");
        if (a instanceof ObjectNode o) return o;
        return root.putObject("auths");
    }

    private AuthConfig helperGet(String helper, String server) {
        String out;
        try {
            out = runHelper(helper, "get", server);
        } catch (CliException e) {
            if (e.getMessage().contains("credentials not found")) return new AuthConfig(null, null, server, null);
            throw e;
        }
        try {
            JsonNode n = JSON.readTree(out);
            String user = n.path("Username").asText(null);
            String secret = n.path("Secret").asText(null);
            if ("<token>".equals(user)) return new AuthConfig(null, null, server, secret);
            return new AuthConfig(user, secret, server, null);
        } catch (IOException e) {
            throw new CliException("error getting credentials - err: " + e.getMessage() + ", out: `" + out.strip() + "`");
        }
    }

    /** Runs {@code docker-credential-HELPER ACTION} with {@code input} on stdin, as the docker CLI does. */
    private static String runHelper(String helper, String action, String input) {
        String program = "docker-credential-" + helper;
        try {
            Process p = new ProcessBuilder(program, action).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
            String out;
            try (InputStream o = p.getInputStream()) {
                out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CliException("error " + action + " credentials - err: " + program + " timed out");
            }
            if (p.exitValue() != 0) {
                String msg = out.strip();
                if (msg.contains("credentials not found")) throw new CliException("credentials not found in native keychain");
                throw new CliException("error " + (action.equals("get") ? "getting" : action.equals("store") ? "storing" : "erasing")
                        + " credentials - err: exit status " + p.exitValue() + ", out: `" + msg + "`");
            }
            return out;
        } catch (IOException e) {
            throw new CliException("error " + action + " credentials - err: exec: \"" + program
                    + "\": executable file not found in $PATH, out: ``");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while running " + program);
        }
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp" + ProcessHandle.current().pid());
            Files.write(tmp, JSON.writeValueAsBytes(root));
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException("saving config file: " + file + ": " + e.getMessage());
        }
    }
}

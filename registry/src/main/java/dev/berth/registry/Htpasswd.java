package dev.berth.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Users and passwords from an Apache htpasswd file ({@code htpasswd -B}): {@code user:$2y$...} lines with bcrypt hashes,
 * the only kind the CNCF registry accepts too; other lines are ignored with a warning. The file is read again when it
 * changes. A password that matched is remembered (as its SHA-256) until the file changes, so that the bcrypt cost is
 * paid once per user rather than on each of the many requests of a push.
 */
final class Htpasswd {
    private static final System.Logger LOG = System.getLogger("dev.berth.registry");

    private record Loaded(Object version, Map<String, String> hashes) {}

    private final Path file;
    private volatile Loaded loaded;
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    /** @throws IOException if the file cannot be read */
    Htpasswd(Path file) throws IOException {
        this.file = file;
        this.loaded = load();
    }

    /** Whether the user exists and the password matches its bcrypt hash. */
    boolean verify(String user, String password) {
        Loaded current = current();
        String hash = current.hashes().get(user);
        if (hash == null) return false;
        byte[] digest = sha256(user + "\0" + password + "\0" + hash);
        byte[] known = verified.get(user);
        if (known != null && MessageDigest.isEqual(known, digest)) return true;
        boolean ok;
        try {
            ok = BCrypt.checkpw(password, hash);
        } catch (IllegalArgumentException badHashOrTooLong) {
            ok = false;
        }
        if (ok) verified.put(user, digest);
        return ok;
    }

    private Loaded current() {
        Loaded l = loaded;
        try {
            if (!version().equals(l.version())) {
                synchronized (this) {
                    l = load();
                    loaded = l;
                    verified.clear();
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read " + file + " again, keeping the users read before: " + e.getMessage());
        }
        return l;
    }

    private Object version() throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return a.lastModifiedTime().toMillis() + ":" + a.size() + ":" + a.fileKey();
    }

    private Loaded load() throws IOException {
        Object version = version();
        Map<String, String> hashes = new HashMap<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            int colon = l.indexOf(':');
            String hash = colon < 0 ? "" : l.substring(colon + 1);
            if (colon <= 0 || !(hash.startsWith("$2y$") || hash.startsWith("$2a$") || hash.startsWith("$2b$"))) {
                LOG.log(System.Logger.Level.WARNING, file + " line " + lineNo
                        + ": not a bcrypt entry (make it with htpasswd -B), ignored");
                continue;
            }
            hashes.put(l.substring(0, colon), hash);
        }
        return new Loaded(version, Map.copyOf(hashes));
    }

    private static byte[] sha256(String s) {
        return dev.berth.oci.Digest.sha256().digest(s.getBytes(StandardCharsets.UTF_8));
    }
}

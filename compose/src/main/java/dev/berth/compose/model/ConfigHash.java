package dev.berth.compose.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code com.docker.compose.config-hash} of a service, computed as Compose v2's {@code ServiceHash}: SHA-256 of the
 * service as Go's {@code json.Marshal} writes compose-go's {@code ServiceConfig} ({@link ConfigWriter#serviceJson}),
 * without what does not change a container: build, pull policy, scale, deploy.replicas, depends_on, profiles (and
 * env_file, already merged into environment as Compose resolves it before hashing). So a container berth compose made
 * carries the hash Docker Compose would set, and a service is recreated when its hash differs.
 */
public final class ConfigHash {
    private ConfigHash() {}

    public static String of(Service service) {
        return of(service.name(), service.raw());
    }

    /** The hash of a service's canonical tree. */
    public static String of(String name, Map<String, Object> service) {
        Map<String, Object> s = new LinkedHashMap<>(Extends.deepCopy(service));
        for (String k : new String[] {"build", "pull_policy", "scale", "depends_on", "profiles", "env_file"}) s.remove(k);
        if (s.get("deploy") instanceof Map<?, ?> d) {
            Map<String, Object> deploy = new LinkedHashMap<>(Merge.asMap(d));
            deploy.remove("replicas");
            s.put("deploy", deploy);
        }
        return sha256(ConfigWriter.serviceJson(name, s));
    }

    /**
     * The {@code com.docker.compose.config-hash} of a network, as Compose v2's {@code NetworkHash}: a network whose label
     * differs is recreated by {@code up} (its containers stopped, disconnected, then connected to the new one).
     */
    public static String network(String key, Map<String, Object> network) {
        return sha256(ConfigWriter.goJson("networks", key, network));
    }

    private static String sha256(String json) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

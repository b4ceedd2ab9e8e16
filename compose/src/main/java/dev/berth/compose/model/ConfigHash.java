package dev.berth.compose.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code com.docker.compose.config-hash} of a service: SHA-256 of its normalised model (keys sorted),
 * without what does not change a container: build, pull policy, scale/replicas, depends_on, profiles.
 * A container whose label differs from its service's hash is recreated by {@code up}.
 */
public final class ConfigHash {
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private ConfigHash() {}

    public static String of(Service service) {
        Map<String, Object> s = new LinkedHashMap<>(Extends.deepCopy(service.raw()));
        for (String k : new String[] {"build", "pull_policy", "scale", "depends_on", "profiles"}) s.remove(k);
        if (s.get("deploy") instanceof Map<?, ?> d) {
            Map<String, Object> deploy = new LinkedHashMap<>(Merge.asMap(d));
            deploy.remove("replicas");
            s.put("deploy", deploy);
        }
        try {
            byte[] json = JSON.writeValueAsBytes(s);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}

package dev.berth.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.common.EngineException;
import java.io.IOException;

/**
 * The JSON codec of the Engine API. Bodies are hostile until checked: unknown keys and nulls are
 * accepted (clients send both), wrong types are a 400 with the offending field, size is capped.
 */
public final class ApiJson {
    public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();

    private ApiJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static <T> T read(byte[] body, Class<T> type) {
        if (body.length > MAX_BODY_BYTES) throw new EngineException.InvalidArgument("request body too large");
        try {
            return MAPPER.readValue(body, type);
        } catch (IOException e) {
            String m = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new EngineException.InvalidArgument("invalid JSON: " + m, e);
        }
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static String writeString(Object value) {
        return new String(write(value), java.nio.charset.StandardCharsets.UTF_8);
    }
}

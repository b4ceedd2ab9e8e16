package dev.berth.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.common.EngineException;
import java.io.IOException;

/** The JSON codec for image metadata. Parsing is strict about types, lenient about unknown keys. */
public final class OciJson {
    /** Largest manifest, index or config we accept: they are small; a huge one is hostile. */
    public static final int MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private OciJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static <T> T read(byte[] json, Class<T> type, String what) {
        if (json.length > MAX_DOCUMENT_BYTES) {
            throw new EngineException.InvalidArgument(what + " is too large (" + json.length + " bytes)");
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new EngineException.InvalidArgument("invalid " + what + ": " + firstLine(e.getMessage()), e);
        } catch (IllegalArgumentException | EngineException e) {
            throw new EngineException.InvalidArgument("invalid " + what + ": " + e.getMessage(), e);
        }
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

package dev.berth.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.common.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON codec of runtime specs: {@code config.json}, exec process files and
 * {@code runc update} bodies. Output is deterministic (record order, sorted maps, two-space indent,
 * {@code "key": value}, one array element per line, trailing newline), so golden files compare byte
 * for byte. Null members and empty lists and maps are left out; unknown members are ignored on reading.
 */
public final class SpecJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_EMPTY))
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .build();
    private static final ObjectWriter PRETTY;

    static {
        DefaultIndenter indent = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        printer.indentObjectsWith(indent);
        printer.indentArraysWith(indent);
        PRETTY = MAPPER.writer(printer);
    }

    private SpecJson() {}

    /** The shared mapper (records, NON_EMPTY inclusion, lenient reading). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Pretty, deterministic JSON of a spec or any of its parts, ending in a newline. */
    public static byte[] write(Object value) {
        try {
            return (PRETTY.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Compact JSON on one line (for {@code runc update --resources -}). */
    public static byte[] writeCompact(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads a value; {@code what} names it in errors.
     *
     * @throws EngineException.DataCorruption if the JSON does not decode
     */
    public static <T> T read(byte[] json, Class<T> type, String what) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) throw new EngineException.DataCorruption(what + " is empty (JSON null)", null);
            return value;
        } catch (IOException e) {
            throw new EngineException.DataCorruption(what + " is not valid: " + e.getMessage(), e);
        }
    }
}

package dev.berth.client;

import dev.berth.api.ApiJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Jackson decoding for the larger, less frequent responses (info, image inspect), kept out of
 * {@link DockerClient} so that Jackson is only loaded by the calls that need it; the frequent ones
 * use {@link JsonTree} and {@link ApiDecoders}.
 */
final class ClientJson {
    private ClientJson() {}

    static <T> T decode(byte[] body, Class<T> type) {
        try {
            return ApiJson.mapper().readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

}

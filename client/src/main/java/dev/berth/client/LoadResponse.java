package dev.berth.client;

import dev.berth.client.transport.HttpResponse;
import java.io.InputStream;

/**
 * The answer to {@code POST /images/load}: a JSON message stream ({@code Loaded image: ...})
 * when the daemon says {@code Content-Type: application/json}, raw text otherwise.
 */
public final class LoadResponse implements AutoCloseable {
    private final HttpResponse response;

    LoadResponse(HttpResponse response) {
        this.response = response;
    }

    public boolean isJson() {
        String ct = response.header("Content-Type");
        return ct != null && ct.toLowerCase().startsWith("application/json");
    }

    /** The messages, when {@link #isJson()}; closing the stream closes this response. */
    public JsonMessageStream messages() {
        return new JsonMessageStream(response);
    }

    /** The raw body. */
    public InputStream body() {
        return response.body();
    }

    @Override
    public void close() {
        response.close();
    }
}

package dev.berth.client.transport;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request to the Engine API. {@code path} is unversioned (e.g. {@code /images/json}); the
 * transport's owner adds the {@code /v1.41} prefix. A body is either bytes (sent with
 * Content-Length) or a stream (sent chunked), never both.
 */
public record HttpRequest(String method, String path, Map<String, List<String>> query,
                          Map<String, String> headers, byte[] body, InputStream bodyStream) {
    public HttpRequest {
        query = query == null ? Map.of() : Map.copyOf(query);
        headers = headers == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(headers));
        if (body != null && bodyStream != null) throw new IllegalArgumentException("body and bodyStream both set");
    }

    public static HttpRequest of(String method, String path) {
        return new HttpRequest(method, path, null, null, null, null);
    }
}

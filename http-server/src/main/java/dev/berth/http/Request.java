package dev.berth.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An HTTP request as a handler sees it. Header names are case-insensitive. The body is streamed straight from
 * the socket with backpressure: nothing is buffered beyond a small window, whatever its size or encoding
 * (Content-Length or chunked, which arrives de-chunked).
 */
public interface Request {

    /** The method in upper case, e.g. {@code GET}. */
    String method();

    /** The percent-decoded path with any {@code /v1.41} prefix removed, e.g. {@code /containers/abc/json}. */
    String path();

    /** The API version from a {@code /v<major>.<minor>} path prefix, e.g. {@code 1.41}; empty when unversioned. */
    Optional<String> apiVersion();

    /** The query string as sent, without {@code ?}; empty if none. */
    String rawQuery();

    /** The first value of a query parameter, URL-decoded ({@code +} is a space). */
    Optional<String> query(String name);

    /** All values of a query parameter, in order; empty if absent. */
    List<String> queryAll(String name);

    /**
     * A boolean query parameter the way moby reads one: absent, {@code ""}, {@code 0}, {@code no},
     * {@code false} and {@code none} (any case) are false; anything else ({@code 1}, {@code true},
     * {@code True}) is true.
     */
    default boolean queryFlag(String name) {
        String v = query(name).orElse("").strip().toLowerCase(Locale.ROOT);
        return !(v.isEmpty() || v.equals("0") || v.equals("no") || v.equals("false") || v.equals("none"));
    }

    /**
     * A parameter of the matched route pattern, e.g. {@code name} for {@code /images/{name:.+}/json}.
     *
     * @throws IllegalArgumentException if the route has no such parameter
     */
    String pathParam(String name);

    /** The first value of a header. */
    Optional<String> header(String name);

    /** All values of a header, in order; empty if absent. */
    List<String> headerValues(String name);

    /** All headers, with case-insensitive keys. */
    Map<String, List<String>> headers();

    /** The declared body length; empty when the body is chunked. */
    OptionalLong contentLength();

    /**
     * The request body. Reads block until the client sends more; EOF at the end of the body. If the client
     * disconnects mid-body, reads fail with an {@link IOException}. The same stream is returned on every call.
     */
    InputStream body();

    /**
     * Reads the whole body into memory, for small JSON bodies.
     *
     * @throws dev.berth.common.EngineException.InvalidArgument if the body is longer than {@code maxBytes}
     */
    byte[] bodyBytes(int maxBytes) throws IOException;
}

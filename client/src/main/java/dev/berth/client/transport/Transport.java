package dev.berth.client.transport;

import java.io.IOException;

/**
 * A connection pool to one Engine API endpoint ({@code unix:///path} or {@code tcp://host:port}),
 * speaking HTTP/1.1 with keep-alive. Implementations must be safe for concurrent use.
 */
public interface Transport extends AutoCloseable {

    /** Sends a request; the response body is streamed and must be closed by the caller. */
    HttpResponse send(HttpRequest request) throws IOException;

    /**
     * Sends a request with {@code Connection: Upgrade, Upgrade: tcp} and returns the raw
     * connection after the server answered 101 (or 200 for servers that do not upgrade).
     * Fails with an {@link IOException} naming the status otherwise.
     */
    Hijack hijack(HttpRequest request) throws IOException;

    @Override
    void close();
}

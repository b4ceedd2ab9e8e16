package dev.berth.client.transport;

import java.io.IOException;

/**
 * A connection pool to one Engine API endpoint ({@code unix:///path} or {@code tcp://host:port}),
 * speaking HTTP/1.1 with keep-alive. Implementations must be safe for concurrent use.
 */
public interface Transport extends AutoCloseable {

    /**
     * Sends a request; the response body is streamed and must be closed by the caller. Any status is returned
     * as a response (mapping error statuses is the caller's job).
     *
     * @throws DaemonUnreachableException if no connection to the daemon can be opened
     */
    HttpResponse send(HttpRequest request) throws IOException;

    /**
     * Sends a request with {@code Connection: Upgrade, Upgrade: tcp} and returns the raw
     * connection after the server answered 101 (or 200 for servers that do not upgrade).
     * Fails with an {@link UnexpectedStatusException} carrying the status and error body otherwise.
     *
     * @throws DaemonUnreachableException if no connection to the daemon can be opened
     */
    Hijack hijack(HttpRequest request) throws IOException;

    @Override
    void close();
}

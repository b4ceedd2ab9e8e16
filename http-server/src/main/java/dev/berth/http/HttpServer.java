package dev.berth.http;

import dev.berth.http.internal.NettyServer;

import java.io.IOException;
import java.util.List;

/**
 * A small HTTP/1.1 server for the Docker Engine API, listening on unix sockets and TCP at once.
 * <ul>
 *   <li>Each request runs its {@link Handler} on a new virtual thread; request bodies are streamed with
 *       backpressure, responses can be complete, streamed (chunked, headers flushed at once) or hijacked
 *       (raw bytes both ways, surviving the client's half-close).</li>
 *   <li>Keep-alive across requests; no pipelining. Connections that close without sending a byte (probes)
 *       are dropped quietly.</li>
 *   <li>Unix sockets get mode 0660. A stale socket file is replaced; one that still answers is an error
 *       ("another daemon is listening on ...").</li>
 * </ul>
 * Netty (native epoll) does the I/O, but none of its types appear in this package.
 */
public final class HttpServer implements AutoCloseable {

    private final NettyServer server;
    private final ServerOptions options;

    private HttpServer(NettyServer server, ServerOptions options) {
        this.server = server;
        this.options = options;
    }

    /** Binds every listener in {@code options} (all or none) and starts serving {@code router}. */
    public static HttpServer start(Router router, ServerOptions options) throws IOException {
        return new HttpServer(NettyServer.start(router, options), options);
    }

    /** The addresses actually bound, in the order given; TCP port 0 is replaced by the chosen port. */
    public List<ListenAddress> addresses() {
        return server.addresses();
    }

    /**
     * Closes the listeners and removes the socket files, waits up to the shutdown grace for requests in flight,
     * then closes all connections. Idempotent.
     */
    public void stop() {
        server.stop(options.shutdownGrace());
    }

    @Override
    public void close() {
        stop();
    }
}

package dev.berth.http;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How to run an {@link HttpServer}.
 *
 * @param listeners      where to listen (at least one)
 * @param defaultHeaders headers added to every response, in this order (e.g. {@code Api-Version},
 *                       {@code Docker-Experimental}, {@code Ostype}, {@code Server}); {@code Date} is always added
 * @param errorHandler   turns handler exceptions into replies
 * @param shutdownGrace  how long {@link HttpServer#stop()} waits for requests in flight before closing them
 * @param tls            if not null, TCP listeners speak TLS with this context's key and certificates (unix
 *                       sockets stay plain)
 */
public record ServerOptions(List<ListenAddress> listeners, Map<String, String> defaultHeaders,
                            ErrorHandler errorHandler, Duration shutdownGrace, SSLContext tls) {
    public ServerOptions(List<ListenAddress> listeners, Map<String, String> defaultHeaders, ErrorHandler errorHandler,
                         Duration shutdownGrace) {
        this(listeners, defaultHeaders, errorHandler, shutdownGrace, null);
    }

    public ServerOptions {
        listeners = List.copyOf(listeners);
        if (listeners.isEmpty()) throw new IllegalArgumentException("no listen address");
        defaultHeaders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defaultHeaders));
        Objects.requireNonNull(errorHandler, "errorHandler");
        if (shutdownGrace.isNegative()) throw new IllegalArgumentException("negative shutdown grace");
    }

    /** Options listening on the given addresses, no default headers, {@link ErrorHandler#internalServerError()}, 5 s grace. */
    public static ServerOptions listen(ListenAddress... listeners) {
        return new ServerOptions(Arrays.asList(listeners), Map.of(), ErrorHandler.internalServerError(),
                Duration.ofSeconds(5));
    }

    public ServerOptions withDefaultHeaders(Map<String, String> headers) {
        return new ServerOptions(listeners, headers, errorHandler, shutdownGrace, tls);
    }

    public ServerOptions withErrorHandler(ErrorHandler handler) {
        return new ServerOptions(listeners, defaultHeaders, handler, shutdownGrace, tls);
    }

    public ServerOptions withShutdownGrace(Duration grace) {
        return new ServerOptions(listeners, defaultHeaders, errorHandler, grace, tls);
    }

    /** TLS on the TCP listeners, with {@code context}'s server key and certificates. */
    public ServerOptions withTls(SSLContext context) {
        return new ServerOptions(listeners, defaultHeaders, errorHandler, shutdownGrace, Objects.requireNonNull(context));
    }
}

package dev.berth.http;

import dev.berth.http.internal.PathPattern;

import java.io.InputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Maps method + path pattern to a {@link Handler}. Patterns are matched against {@link Request#path()}, which
 * has the {@code /v1.xx} prefix already removed, so one registration serves versioned and unversioned paths.
 * <ul>
 *   <li>{@code {id}} matches one path segment, {@code {name:.+}} one or more (image names contain slashes),
 *       {@code {name:.*}} zero or more.</li>
 *   <li>When several patterns match, the one with more literal segments wins, then the one with fewer
 *       multi-segment parameters, then the one registered first ({@code /images/{name:.+}/json} beats
 *       {@code /images/{name:.+}} for {@code /images/a/b/json}).</li>
 *   <li>HEAD falls back to the GET route (the server drops the body). Unknown paths get 404
 *       {@code {"message":"page not found"}}; a path that exists only for other methods gets 405 with
 *       {@code Allow}.</li>
 * </ul>
 * {@link #dispatch} does the routing; the server calls it, and tests can call it with in-memory requests.
 */
public final class Router {

    private record Route(String method, PathPattern pattern, Handler handler) {}

    private record Match(Route route, Map<String, String> params) {}

    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<Filter> filters = new CopyOnWriteArrayList<>();

    public Router get(String pattern, Handler handler) {
        return route("GET", pattern, handler);
    }

    public Router post(String pattern, Handler handler) {
        return route("POST", pattern, handler);
    }

    public Router put(String pattern, Handler handler) {
        return route("PUT", pattern, handler);
    }

    public Router delete(String pattern, Handler handler) {
        return route("DELETE", pattern, handler);
    }

    public Router head(String pattern, Handler handler) {
        return route("HEAD", pattern, handler);
    }

    /** Registers a handler for any method. */
    public Router route(String method, String pattern, Handler handler) {
        Objects.requireNonNull(handler, "handler");
        routes.add(new Route(method.toUpperCase(java.util.Locale.ROOT), PathPattern.parse(pattern), handler));
        return this;
    }

    /** Adds a filter run, in registration order, before every routed handler. */
    public Router before(Filter filter) {
        filters.add(Objects.requireNonNull(filter, "filter"));
        return this;
    }

    /** Routes the request: runs the filters and the matching handler, or answers 404/405. */
    public void dispatch(Request request, Response response) throws Exception {
        List<String> segments = PathPattern.split(request.path());
        Match match = find(request.method(), segments);
        if (match == null && request.method().equals("HEAD")) match = find("GET", segments);
        if (match == null) {
            notRouted(request, response, segments);
            return;
        }
        Request routed = new RoutedRequest(request, match.params());
        for (Filter filter : filters) {
            filter.apply(routed, response);
            if (response.isCommitted()) return;
        }
        match.route().handler().handle(routed, response);
    }

    private Match find(String method, List<String> segments) {
        Match best = null;
        for (Route route : routes) {
            if (!route.method().equals(method)) continue;
            Map<String, String> params = route.pattern().match(segments);
            if (params != null && (best == null || moreSpecific(route.pattern(), best.route().pattern()))) {
                best = new Match(route, params);
            }
        }
        return best;
    }

    private static boolean moreSpecific(PathPattern a, PathPattern b) {
        if (a.literalCount() != b.literalCount()) return a.literalCount() > b.literalCount();
        return a.greedyCount() < b.greedyCount();
    }

    private void notRouted(Request request, Response response, List<String> segments) throws IOException {
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            if (route.pattern().match(segments) != null) allowed.add(route.method());
        }
        if (allowed.contains("GET")) allowed.add("HEAD");
        ErrorReply reply;
        if (allowed.isEmpty()) {
            reply = ErrorReply.jsonMessage(404, "page not found");
        } else {
            response.header("Allow", String.join(", ", allowed));
            reply = ErrorReply.jsonMessage(405, "method " + request.method() + " not allowed for " + request.path());
        }
        response.send(reply.status(), reply.contentType(), reply.body());
    }

    /** The request seen by a routed handler: the server's request plus the path parameters. */
    private record RoutedRequest(Request delegate, Map<String, String> params) implements Request {
        @Override public String method() { return delegate.method(); }
        @Override public String path() { return delegate.path(); }
        @Override public Optional<String> apiVersion() { return delegate.apiVersion(); }
        @Override public String rawQuery() { return delegate.rawQuery(); }
        @Override public Optional<String> query(String name) { return delegate.query(name); }
        @Override public List<String> queryAll(String name) { return delegate.queryAll(name); }
        @Override public boolean queryFlag(String name) { return delegate.queryFlag(name); }
        @Override public Optional<String> header(String name) { return delegate.header(name); }
        @Override public List<String> headerValues(String name) { return delegate.headerValues(name); }
        @Override public Map<String, List<String>> headers() { return delegate.headers(); }
        @Override public OptionalLong contentLength() { return delegate.contentLength(); }
        @Override public InputStream body() { return delegate.body(); }
        @Override public byte[] bodyBytes(int maxBytes) throws IOException { return delegate.bodyBytes(maxBytes); }

        @Override
        public String pathParam(String name) {
            String value = params.get(name);
            if (value == null) throw new IllegalArgumentException("route has no path parameter '" + name + "'");
            return value;
        }
    }

    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        for (Route r : routes) lines.add(r.method() + " " + r.pattern());
        return "Router" + lines;
    }
}

package dev.berth.http;

/**
 * Runs before every routed handler (see {@link Router#before(Filter)}), after the route matched, so
 * {@link Request#pathParam(String)} works. A filter rejects a request either by throwing (the exception goes
 * to the {@link ErrorHandler}) or by committing a response itself; either way the handler is not run.
 */
@FunctionalInterface
public interface Filter {
    void apply(Request request, Response response) throws Exception;
}

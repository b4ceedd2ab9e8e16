package dev.berth.http;

/**
 * Serves one request. Runs on its own virtual thread, so it may block (read a large body, wait for a
 * container to exit, follow logs). Whatever it throws before the response is committed is turned into a
 * reply by the application's {@link ErrorHandler}; after commit the connection is closed.
 */
@FunctionalInterface
public interface Handler {
    void handle(Request request, Response response) throws Exception;
}

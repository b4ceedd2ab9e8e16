package dev.berth.http;

/**
 * Turns an exception thrown by a {@link Filter} or {@link Handler} (before the response was committed) into a
 * reply. The application supplies it: the server itself never chooses a status for an application exception,
 * so the error taxonomy is mapped to HTTP in exactly one place.
 */
@FunctionalInterface
public interface ErrorHandler {
    ErrorReply toReply(Throwable error);

    /**
     * A fallback for tests and tools: every exception becomes 500 with {@code {"message":...}}. The daemon
     * installs its own mapping instead.
     */
    static ErrorHandler internalServerError() {
        return error -> ErrorReply.jsonMessage(500, String.valueOf(error.getMessage()));
    }
}

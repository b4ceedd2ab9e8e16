package dev.berth.daemonapi;

import dev.berth.common.EngineException;

/**
 * The one place where the engine's error taxonomy becomes HTTP status codes. Nothing else in
 * berth picks a status for an error.
 */
public final class ErrorStatus {
    private ErrorStatus() {}

    public static int of(Throwable t) {
        if (t instanceof EngineException e) {
            return switch (e) {
                case EngineException.NotFound x -> 404;
                case EngineException.AlreadyExists x -> 409;
                case EngineException.Conflict x -> 409;
                case EngineException.InvalidArgument x -> 400;
                case EngineException.NotModified x -> 304;
                case EngineException.Unauthorized x -> 401;
                case EngineException.Forbidden x -> 403;
                case EngineException.NotImplemented x -> 501;
                case EngineException.Unavailable x -> 503;
                case EngineException.FailedPrecondition x -> 500;
                case EngineException.DataCorruption x -> 500;
            };
        }
        return 500;
    }

    /** The message a client sees: the engine's own words, or a generic one for a bug. */
    public static String message(Throwable t) {
        if (t instanceof EngineException || t instanceof java.io.UncheckedIOException) return t.getMessage();
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}

package dev.berth.common;

/**
 * The one error vocabulary of berth. Every layer throws these; exactly one place (daemon-api's
 * {@code ErrorStatus}) maps them to HTTP status codes, and the client maps status codes back.
 * Messages are written for the user: they say what is wrong and, where it helps, what to do.
 */
public abstract sealed class EngineException extends RuntimeException {

    protected EngineException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The thing named does not exist (404). */
    public static final class NotFound extends EngineException {
        public NotFound(String message) { super(message, null); }
    }

    /** The thing to create exists already (409). */
    public static final class AlreadyExists extends EngineException {
        public AlreadyExists(String message) { super(message, null); }
    }

    /** The request conflicts with the current state, e.g. an image in use (409). */
    public static final class Conflict extends EngineException {
        public Conflict(String message) { super(message, null); }
    }

    /** The caller's input is wrong (400). */
    public static final class InvalidArgument extends EngineException {
        public InvalidArgument(String message) { super(message, null); }
        public InvalidArgument(String message, Throwable cause) { super(message, cause); }
    }

    /** Nothing to do: the target is already in the requested state (304). */
    public static final class NotModified extends EngineException {
        public NotModified(String message) { super(message, null); }
    }

    /** The system is not in a state that allows the operation (500 with a clear message, as Docker does). */
    public static final class FailedPrecondition extends EngineException {
        public FailedPrecondition(String message) { super(message, null); }
        public FailedPrecondition(String message, Throwable cause) { super(message, cause); }
    }

    /** Credentials are missing or wrong (401). */
    public static final class Unauthorized extends EngineException {
        public Unauthorized(String message) { super(message, null); }
    }

    /** Access is denied (403). */
    public static final class Forbidden extends EngineException {
        public Forbidden(String message) { super(message, null); }
    }

    /** A dependency (registry, runtime, disk) cannot be reached or used now (503). */
    public static final class Unavailable extends EngineException {
        public Unavailable(String message, Throwable cause) { super(message, cause); }
    }

    /** The feature is not implemented (501). */
    public static final class NotImplemented extends EngineException {
        public NotImplemented(String message) { super(message, null); }
    }

    /** Stored data is damaged; the message says which file (500). */
    public static final class DataCorruption extends EngineException {
        public DataCorruption(String message, Throwable cause) { super(message, cause); }
    }
}

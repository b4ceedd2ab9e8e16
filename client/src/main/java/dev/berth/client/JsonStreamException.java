package dev.berth.client;

/**
 * An error the daemon reported inside a JSON message stream ({@code errorDetail}), after it had
 * already answered 200. {@link #code()} is {@code errorDetail.code} (0 when absent); for a build it
 * is the failing step's exit status, which docker uses as its own exit status.
 */
public final class JsonStreamException extends RuntimeException {
    private final int code;

    public JsonStreamException(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}

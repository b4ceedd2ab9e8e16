package dev.berth.registry;

import java.util.Objects;

/**
 * A request the registry refuses, as the spec says to: a code, a message for people, an optional detail (JSON-able:
 * a string or a map), and the HTTP status (the code's, unless the spec asks for another, e.g. 416 or 413).
 */
public final class RegistryError extends RuntimeException {
    private final ErrorCode code;
    private final int status;
    private final transient Object detail;

    public RegistryError(ErrorCode code, String message) {
        this(code, code.status(), message, null);
    }

    public RegistryError(ErrorCode code, String message, Object detail) {
        this(code, code.status(), message, detail);
    }

    public RegistryError(ErrorCode code, int status, String message, Object detail) {
        super(Objects.requireNonNull(message, "message"));
        this.code = Objects.requireNonNull(code, "code");
        this.status = status;
        this.detail = detail;
    }

    public ErrorCode code() {
        return code;
    }

    public int status() {
        return status;
    }

    public Object detail() {
        return detail;
    }
}

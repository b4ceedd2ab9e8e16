package dev.berth.compose.model;

/**
 * A compose file or command that cannot be used: the message says which file, service and key,
 * and what is wrong, in Docker Compose's words.
 */
public class ComposeException extends RuntimeException {
    public ComposeException(String message) {
        super(message, null, false, false);
    }

    public ComposeException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}

package dev.berth.http;

import java.io.IOException;

/** Thrown by response writes once the client has gone away (closed or reset the connection). */
public final class ClientClosedException extends IOException {
    public ClientClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.berth.client.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The server answered a {@link Transport#hijack} with something other than 101 or 200, e.g. 404
 * {@code {"message":"No such container: x"}}. Carries the status and body so the caller can map it like any
 * other error response.
 */
public final class UnexpectedStatusException extends IOException {

    private final int status;
    private final String contentType;
    private final byte[] body;

    public UnexpectedStatusException(int status, String contentType, byte[] body) {
        super("unexpected HTTP status " + status + (body.length == 0 ? "" : ": "
                + new String(body, StandardCharsets.UTF_8).strip()));
        this.status = status;
        this.contentType = contentType;
        this.body = body.clone();
    }

    public int status() {
        return status;
    }

    /** The response's Content-Type, or null. */
    public String contentType() {
        return contentType;
    }

    public byte[] body() {
        return body.clone();
    }
}

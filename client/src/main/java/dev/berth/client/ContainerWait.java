package dev.berth.client;

import dev.berth.api.ContainerWaitResponse;
import dev.berth.client.transport.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A wait the daemon has accepted ({@code POST /containers/{id}/wait}: its headers arrive at once,
 * its body when the condition is met). {@link #await()} blocks for the body; closing abandons the
 * wait. Safe to close from another thread.
 */
public final class ContainerWait implements AutoCloseable {
    private final HttpResponse response;
    private volatile boolean closed;

    ContainerWait(HttpResponse response) {
        this.response = response;
    }

    /**
     * Blocks until the condition is met.
     *
     * @throws UncheckedIOException if the connection fails or the wait is closed first; the message is the
     *                              body when it is not JSON (as docker reports it)
     */
    public ContainerWaitResponse await() {
        byte[] body;
        try {
            body = response.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(closed ? "wait abandoned" : "error waiting for container: " + e.getMessage(), e);
        } finally {
            response.close();
        }
        try {
            return ContainerDecoders.waitResponse(JsonTree.parse(body));
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException(new String(body, java.nio.charset.StandardCharsets.UTF_8), e));
        }
    }

    @Override
    public void close() {
        closed = true;
        response.close();
    }
}

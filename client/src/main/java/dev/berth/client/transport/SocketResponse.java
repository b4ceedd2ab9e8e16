package dev.berth.client.transport;

import java.io.IOException;
import java.io.InputStream;

/** A response streaming from its connection; closing it returns the connection to the pool if it was read to the end. */
final class SocketResponse implements HttpResponse {

    /** Unread Content-Length bytes worth reading on close to keep the connection. */
    private static final long DRAIN_LIMIT = 64 * 1024;

    private final SocketTransport transport;
    private final Connection connection;
    private final ResponseHead head;
    private final Bodies.Body body;
    private final InputStream view;
    private boolean closed;

    SocketResponse(SocketTransport transport, Connection connection, ResponseHead head, Bodies.Body body) {
        this.transport = transport;
        this.connection = connection;
        this.head = head;
        this.body = body;
        this.view = new java.io.FilterInputStream(body) {
            @Override
            public void close() {
                SocketResponse.this.close();
            }
        };
    }

    @Override
    public int status() {
        return head.status();
    }

    @Override
    public String header(String name) {
        return head.header(name);
    }

    /** The body; closing it closes the response. */
    @Override
    public InputStream body() {
        return view;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (!body.atEnd() && body instanceof Bodies.Fixed fixed && fixed.remaining() <= DRAIN_LIMIT) {
            try {
                body.skipNBytes(fixed.remaining());
            } catch (IOException e) {
                connection.close();
                return;
            }
        }
        if (body.atEnd() && head.keepAlive() && !(body instanceof Bodies.UntilClose)) transport.release(connection);
        else connection.close();
    }
}

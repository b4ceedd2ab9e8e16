package dev.berth.client.transport;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link Transport} over JDK socket channels (unix or TCP) with a small pool of keep-alive connections.
 * Hijacked requests always get a fresh connection, which is never returned to the pool.
 */
final class SocketTransport implements Transport {

    private static final int MAX_IDLE = 8;
    private static final int ERROR_BODY_LIMIT = 64 * 1024;

    private final Endpoint endpoint;
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
    private boolean closed;

    SocketTransport(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public HttpResponse send(HttpRequest request) throws IOException {
        Connection c = acquire();
        try {
            return exchange(c, request);
        } catch (IOException e) {
            c.close();
            if (!retriable(c, request, e)) throw unwrap(e);
            // A pooled connection the server had closed meanwhile: once more on a fresh one.
            Connection fresh = open();
            try {
                return exchange(fresh, request);
            } catch (IOException again) {
                fresh.close();
                throw unwrap(again);
            } catch (RuntimeException again) {
                fresh.close();
                throw again;
            }
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Only on a reused connection, only with a replayable body, and only if the request cannot have been
     * processed (writing it failed) or is idempotent (GET, HEAD).
     */
    private static boolean retriable(Connection c, HttpRequest request, IOException e) {
        if (!c.reused() || request.bodyStream() != null) return false;
        return e instanceof RequestNotSentException || request.method().equals("GET") || request.method().equals("HEAD");
    }

    private static IOException unwrap(IOException e) {
        return e instanceof RequestNotSentException ? (IOException) e.getCause() : e;
    }

    private HttpResponse exchange(Connection c, HttpRequest request) throws IOException {
        try {
            c.writeRequest(request, Map.of());
        } catch (IOException e) {
            throw new RequestNotSentException(e);
        }
        ResponseHead head = c.readHead();
        return new SocketResponse(this, c, head, Bodies.of(head, request.method(), c.in));
    }

    /** Writing the request failed, so the server cannot have acted on it. */
    private static final class RequestNotSentException extends IOException {
        RequestNotSentException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    @Override
    public Hijack hijack(HttpRequest request) throws IOException {
        Connection c = open();
        try {
            Map<String, String> upgrade = new LinkedHashMap<>();
            upgrade.put("Connection", "Upgrade");
            upgrade.put("Upgrade", "tcp");
            c.writeRequest(request, upgrade);
            ResponseHead head = c.readHead();
            if (head.status() == 101 || head.status() == 200) return new SocketHijack(c, head);
            byte[] body;
            try (InputStream in = Bodies.of(head, request.method(), c.in)) {
                body = in.readNBytes(ERROR_BODY_LIMIT);
            }
            c.close();
            throw new UnexpectedStatusException(head.status(), head.header("Content-Type"), body);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private Connection acquire() throws IOException {
        while (true) {
            Connection c;
            synchronized (this) {
                if (closed) throw new IOException("transport closed");
                c = idle.pollLast();
            }
            if (c == null) return open();
            if (!c.isStale()) {
                c.markReused();
                return c;
            }
            c.close();
        }
    }

    private Connection open() throws DaemonUnreachableException {
        Connection c = Connection.open(endpoint);
        opened.incrementAndGet();
        return c;
    }

    /** How many connections this transport has opened (for tests of reuse). */
    int connectionsOpened() {
        return opened.get();
    }

    /** Takes back a connection whose response was read to the end. */
    void release(Connection c) {
        synchronized (this) {
            if (!closed && idle.size() < MAX_IDLE) {
                idle.addLast(c);
                return;
            }
        }
        c.close();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            for (Connection c : idle) c.close();
            idle.clear();
        }
    }

    @Override
    public String toString() {
        return "Transport[" + endpoint.uri() + "]";
    }
}

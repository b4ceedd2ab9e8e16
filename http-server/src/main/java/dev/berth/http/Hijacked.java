package dev.berth.http;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A connection taken over from HTTP after {@link Response#hijack(String)} (Docker attach, exec start): raw
 * bytes both ways, no framing. The server closes it when the handler returns; close it earlier to end the
 * session (e.g. when the process exits).
 */
public interface Hijacked extends AutoCloseable {

    /** True if the client asked for {@code Upgrade: tcp} and got {@code 101 UPGRADED}; false for {@code 200 OK}. */
    boolean upgraded();

    /**
     * The raw bytes the client sends (stdin), including any it sent right after the request. Reaches EOF when
     * the client half-closes its side; that does not affect {@link #output()}.
     */
    InputStream input();

    /** Raw bytes to the client. Every write is sent promptly; no chunking, no length. */
    OutputStream output();

    /** Flushes and closes the connection. Idempotent. */
    @Override
    void close();
}

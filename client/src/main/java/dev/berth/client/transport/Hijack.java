package dev.berth.client.transport;

import java.io.InputStream;
import java.io.OutputStream;

/** A raw, hijacked connection (attach, exec start). */
public interface Hijack extends AutoCloseable {
    /** The status the server answered (101, or 200 for servers that stream without upgrading). */
    int status();

    /** Raw bytes from the server, starting with any that arrived together with the response head; EOF when it closes. */
    InputStream input();

    /** Raw bytes to the server, unbuffered. Closing it half-closes like {@link #closeWrite()}. */
    OutputStream output();

    /** Half-closes the connection: tells the server that stdin ended, keeps reading output. */
    void closeWrite();

    @Override
    void close();
}

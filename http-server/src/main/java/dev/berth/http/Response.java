package dev.berth.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The response to one {@link Request}. Exactly one of {@link #send}, {@link #noContent}, {@link #stream} or
 * {@link #hijack} may be called; that commits the response. The server's default headers (e.g.
 * {@code Api-Version}) and {@code Date} are added to every response. If a handler returns without committing,
 * the server answers {@code 200} with an empty body (as Go's net/http does).
 */
public interface Response {

    /** Adds a header to send (replacing a default header of the same name). Must be called before commit. */
    Response header(String name, String value);

    /**
     * Sends a complete response with {@code Content-Length}. {@code contentType} may be null (no header), and
     * {@code body} null for an empty body.
     */
    void send(int status, String contentType, byte[] body) throws IOException;

    /**
     * Sends a response without a body, e.g. {@code 204} or {@code 304}. Other statuses get
     * {@code Content-Length: 0}.
     */
    void noContent(int status) throws IOException;

    /**
     * Starts a streamed response: the status line and headers are flushed at once (the docker CLI waits for
     * them on {@code /wait}), then the body is sent chunked. Writes are buffered; every {@code flush()} sends
     * what was written since the last one as one chunk, promptly (write one message, e.g. one log frame or one
     * JSON line, then flush). Large writes are split into chunks without waiting for a flush. Closing the
     * stream ends the response. Once the client has gone away, writes fail with
     * {@link ClientClosedException}. {@code contentType} may be null (no header, as for 20.10 logs).
     */
    OutputStream stream(int status, String contentType) throws IOException;

    /**
     * Starts a response whose body length is known ({@code Content-Length}, e.g. a file download): the status
     * line and headers are flushed at once, then writes go out as they come, without chunking. Exactly
     * {@code length} bytes must be written before the stream is closed; a shorter body leaves the client
     * waiting until the connection is closed, which it then is. For HEAD the headers are sent and the writes
     * dropped. {@code contentType} may be null (no header).
     */
    OutputStream stream(int status, String contentType, long length) throws IOException;

    /**
     * Sends {@code length} bytes of {@code file} from {@code offset} as a fixed-length body ({@code Content-Length}),
     * e.g. a stored blob. On a plain (not TLS) connection the kernel copies them from the page cache to the socket
     * (sendfile) and the call returns once they are sent; otherwise they are streamed as through
     * {@link #stream(int, String, long)}, which this default does. For HEAD only the headers go.
     *
     * @throws java.nio.file.NoSuchFileException if the file is gone (nothing is committed then)
     */
    default void sendFile(int status, String contentType, Path file, long offset, long length) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            in.position(offset);
            try (OutputStream out = stream(status, contentType, length)) {
                InputStream from = Channels.newInputStream(in);
                byte[] buf = new byte[256 * 1024];
                long left = length;
                while (left > 0) {
                    int n = from.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) throw new IOException(file + " ended " + left + " bytes early");
                    out.write(buf, 0, n);
                    left -= n;
                }
            }
        }
    }

    /**
     * Takes the connection over for raw bytes (attach, exec start). If the request asked for
     * {@code Upgrade: tcp}, answers {@code HTTP/1.1 101 UPGRADED} with {@code Content-Type},
     * {@code Connection: Upgrade} and {@code Upgrade: tcp}; otherwise {@code 200 OK} with the Content-Type and
     * no length, and the connection ends when the session does. Any unread request body is discarded first.
     * The connection is closed when the handler returns.
     */
    Hijacked hijack(String contentType) throws IOException;

    /** True once the status line has been committed. */
    boolean isCommitted();

    /**
     * Registers a callback run (once, on its own virtual thread) when the client goes away while the request
     * is being served: it closed or reset the connection, or, outside a hijack, shut down its sending side.
     * Runs at once if that already happened. Lets a handler blocked waiting for events stop.
     */
    void onClientClose(Runnable callback);

    /** True if the client has gone away (see {@link #onClientClose(Runnable)}). */
    boolean isClientClosed();
}

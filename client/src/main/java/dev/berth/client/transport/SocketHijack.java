package dev.berth.client.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A connection handed over raw after {@code 101 UPGRADED} (or {@code 200} from servers that stream without upgrading). */
final class SocketHijack implements Hijack {

    private final Connection connection;
    private final int status;
    private final InputStream input;
    private final OutputStream output;

    SocketHijack(Connection connection, ResponseHead head) {
        this.connection = connection;
        this.status = head.status();
        this.output = new java.io.FilterOutputStream(connection.rawOut) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            /** Ends stdin (half-close), keeping the output from the server coming. */
            @Override
            public void close() {
                closeWrite();
            }
        };
        // Bytes that arrived with the head are in the connection's buffer, so they are read first.
        this.input = status == 200 && head.chunked() ? new Bodies.Chunked(connection.in) : connection.in;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public InputStream input() {
        return input;
    }

    /** Unbuffered: every write goes to the socket at once. Closing it is {@link #closeWrite()}. */
    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public void closeWrite() {
        try {
            connection.shutdownOutput();
        } catch (IOException e) {
            // Already closed: nothing left to signal.
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}

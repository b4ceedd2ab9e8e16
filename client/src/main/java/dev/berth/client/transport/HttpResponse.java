package dev.berth.client.transport;

import java.io.IOException;
import java.io.InputStream;

/** A response whose body is read as a stream (de-chunked). Closing it returns the connection to the pool when the body was fully read. */
public interface HttpResponse extends AutoCloseable {
    int status();

    /** The first value of a header, case-insensitive, or null. */
    String header(String name);

    InputStream body();

    default byte[] readAll() throws IOException {
        try (InputStream in = body()) {
            return in.readAllBytes();
        }
    }

    @Override
    void close();
}

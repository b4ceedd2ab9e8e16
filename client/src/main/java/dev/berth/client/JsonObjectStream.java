package dev.berth.client;

import dev.berth.client.transport.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A response body that is a sequence of JSON objects (separated by {@code \n} or {@code \r\n}),
 * read one at a time as they arrive. Closing it closes the response, which ends a stream the
 * daemon keeps open (events). Not thread-safe, except that {@link #close()} may be called from
 * another thread to stop a blocked read.
 */
public abstract sealed class JsonObjectStream<T> implements Iterator<T>, AutoCloseable
        permits JsonMessageStream, EventStream, StatsStream {
    private final HttpResponse response;
    private final JsonTree objects;
    private volatile boolean closed;

    JsonObjectStream(HttpResponse response) {
        this.response = response;
        this.objects = JsonTree.over(response.body());
    }

    /** Builds the record from one parsed JSON value. */
    abstract T decode(Object json);

    @Override
    public boolean hasNext() {
        if (closed) return false;
        try {
            return objects.hasNext();
        } catch (IOException e) {
            if (closed) return false;
            throw new UncheckedIOException("error reading JSON stream: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (closed) return false;
            throw e;
        }
    }

    @Override
    public T next() {
        if (!hasNext()) throw new NoSuchElementException();
        try {
            return check(decode(objects.next()));
        } catch (IOException e) {
            throw new UncheckedIOException("error reading JSON stream: " + e.getMessage(), e);
        }
    }

    /** Hook to turn an in-band error into an exception; returns the object otherwise. */
    T check(T object) {
        return object;
    }

    /** The remaining objects as a stream; closing the stream closes this. */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::close);
    }

    @Override
    public void close() {
        closed = true;
        response.close();
    }
}

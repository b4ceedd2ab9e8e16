package dev.berth.http.internal;

import dev.berth.http.ClientClosedException;
import dev.berth.http.ErrorReply;
import dev.berth.http.Hijacked;
import dev.berth.http.Response;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@link Response} written by hand onto the connection through a {@link ChannelWriter}. */
final class ServerResponse implements Response {

    /** Request bodies left unread before a hijack are discarded up to this size. */
    private static final long HIJACK_SKIP_LIMIT = 1 << 20;

    private enum State { NONE, SENT, STREAMING, HIJACKED }

    private final ServerContext server;
    private final HttpConnection connection;
    private final ServerRequest request;
    private final ChannelWriter writer;
    private final ByteBufAllocator alloc;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private final List<Runnable> closeCallbacks = new ArrayList<>();
    private volatile State state = State.NONE;
    private volatile boolean broken;
    private boolean clientClosed;
    private OutputStream stream;
    private HijackSession hijacked;

    ServerResponse(ServerContext server, HttpConnection connection, ServerRequest request, ChannelWriter writer,
                   ByteBufAllocator alloc) {
        this.server = server;
        this.connection = connection;
        this.request = request;
        this.writer = writer;
        this.alloc = alloc;
    }

    @Override
    public synchronized Response header(String name, String value) {
        Wire.checkHeader(name, value);
        if (state != State.NONE) throw new IllegalStateException("response already committed");
        headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
        headers.add(new SimpleImmutableEntry<>(name, value));
        return this;
    }

    @Override
    public void send(int status, String contentType, byte[] body) throws IOException {
        if (body == null) body = new byte[0];
        commit(State.SENT);
        List<Map.Entry<String, String>> h = baseHeaders(contentType);
        h.add(entry("Content-Length", Integer.toString(body.length)));
        byte[] head = Wire.head(status, closing(h));
        boolean withBody = !request.method().equals("HEAD");
        ByteBuf out = alloc.buffer(head.length + (withBody ? body.length : 0)).writeBytes(head);
        if (withBody) out.writeBytes(body);
        write(out);
    }

    @Override
    public void noContent(int status) throws IOException {
        commit(State.SENT);
        List<Map.Entry<String, String>> h = baseHeaders(null);
        if (!(status < 200 || status == 204 || status == 304)) h.add(entry("Content-Length", "0"));
        write(alloc.buffer().writeBytes(Wire.head(status, closing(h))));
    }

    @Override
    public OutputStream stream(int status, String contentType) throws IOException {
        if (status < 200 || status == 204 || status == 304) {
            throw new IllegalArgumentException("status " + status + " cannot have a body");
        }
        commit(State.STREAMING);
        List<Map.Entry<String, String>> h = baseHeaders(contentType);
        h.add(entry("Transfer-Encoding", "chunked"));
        synchronized (this) {
            stream = new ChunkedBodyStream(writer, alloc, request.method().equals("HEAD"));
        }
        write(alloc.buffer().writeBytes(Wire.head(status, closing(h))));
        return stream;
    }

    @Override
    public OutputStream stream(int status, String contentType, long length) throws IOException {
        if (length < 0) throw new IllegalArgumentException("negative Content-Length " + length);
        if (status < 200 || status == 204 || status == 304) {
            throw new IllegalArgumentException("status " + status + " cannot have a body");
        }
        commit(State.STREAMING);
        List<Map.Entry<String, String>> h = baseHeaders(contentType);
        h.add(entry("Content-Length", Long.toString(length)));
        FixedLengthBodyStream body = new FixedLengthBodyStream(writer, alloc, request.method().equals("HEAD"), length);
        synchronized (this) {
            stream = body;
        }
        write(alloc.buffer().writeBytes(Wire.head(status, closing(h))));
        return body;
    }

    @Override
    public void sendFile(int status, String contentType, Path file, long offset, long length) throws IOException {
        if (request.method().equals("HEAD") || !writer.canSendFile()) {
            Response.super.sendFile(status, contentType, file, offset, length);
            return;
        }
        if (offset < 0 || length < 0) throw new IllegalArgumentException("bad file range " + offset + "+" + length);
        FileChannel in = FileChannel.open(file, StandardOpenOption.READ); // before the commit: a missing file is an error reply
        try {
            commit(State.SENT);
            List<Map.Entry<String, String>> h = baseHeaders(contentType);
            h.add(entry("Content-Length", Long.toString(length)));
            write(alloc.buffer().writeBytes(Wire.head(status, closing(h))));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        try {
            writer.sendFile(in, offset, length);
        } catch (IOException e) {
            broken = true;
            throw e;
        }
    }

    @Override
    public Hijacked hijack(String contentType) throws IOException {
        if (state != State.NONE) throw new IllegalStateException("response already committed");
        request.skipBody(HIJACK_SKIP_LIMIT);
        commit(State.HIJACKED);
        boolean upgrade = request.upgradeRequested();
        List<Map.Entry<String, String>> h = new ArrayList<>();
        if (contentType != null) h.add(entry("Content-Type", contentType));
        if (upgrade) {
            h.add(entry("Connection", "Upgrade"));
            h.add(entry("Upgrade", "tcp"));
        }
        h.addAll(baseHeaders(null));
        h.add(entry("Date", Wire.date()));
        InboundStream input = connection.switchToRaw();
        HijackSession session = new HijackSession(upgrade, input, writer, alloc, connection);
        synchronized (this) {
            hijacked = session;
        }
        write(alloc.buffer().writeBytes(Wire.head(upgrade ? 101 : 200, h)));
        return session;
    }

    @Override
    public boolean isCommitted() {
        return state != State.NONE;
    }

    @Override
    public void onClientClose(Runnable callback) {
        synchronized (this) {
            if (!clientClosed) {
                closeCallbacks.add(callback);
                return;
            }
        }
        server.handlerThreads().newThread(callback).start();
    }

    @Override
    public synchronized boolean isClientClosed() {
        return clientClosed;
    }

    /** The client went away: run the callbacks. Called on the event loop. */
    void clientGone() {
        List<Runnable> callbacks;
        synchronized (this) {
            if (clientClosed) return;
            clientClosed = true;
            callbacks = List.copyOf(closeCallbacks);
            closeCallbacks.clear();
        }
        writer.wake();
        if (!callbacks.isEmpty()) {
            server.handlerThreads().newThread(() -> callbacks.forEach(ServerResponse::runQuietly)).start();
        }
    }

    /** Completes the response after the handler returned normally. */
    void finish() throws IOException {
        switch (state) {
            case NONE -> noContent(200);
            case STREAMING -> stream.close();
            case HIJACKED -> {
                if (hijacked != null) hijacked.close();
            }
            case SENT -> { }
        }
    }

    /** Handles an exception from a filter or handler. */
    void fail(Throwable error) {
        if (state == State.NONE) {
            ErrorReply reply;
            try {
                reply = server.options().errorHandler().toReply(error);
            } catch (Throwable e) {
                ServerContext.LOG.log(Level.ERROR, "error handler failed for " + request, e);
                reply = ErrorReply.jsonMessage(500, "internal error");
            }
            try {
                int status = reply.status();
                // 304 (e.g. stopping a stopped container) cannot carry the message: a body would be read as the next response.
                if (status == 204 || status == 304) noContent(status);
                else send(status, reply.contentType(), reply.body());
            } catch (IOException | RuntimeException e) {
                broken = true;
            }
            return;
        }
        broken = true;
        if (error instanceof ClientClosedException || clientClosed) {
            ServerContext.LOG.log(Level.DEBUG, () -> request + ": client went away: " + error);
        } else {
            ServerContext.LOG.log(Level.WARNING, request + " failed after the response was committed", error);
        }
        if (hijacked != null) hijacked.close();
    }

    /** True if the connection can serve another request after this response. */
    boolean reusable() {
        return !broken && switch (state) {
            case SENT -> true;
            case STREAMING -> stream instanceof ChunkedBodyStream c ? c.completed()
                    : ((FixedLengthBodyStream) stream).completed();
            case NONE, HIJACKED -> false;
        };
    }

    private void write(ByteBuf out) throws IOException {
        try {
            writer.write(out);
        } catch (IOException e) {
            broken = true;
            throw e;
        }
    }

    private synchronized void commit(State next) {
        if (state != State.NONE) throw new IllegalStateException("response already committed");
        state = next;
    }

    /** Default headers (unless overridden), the handler's headers, then Content-Type. */
    private synchronized List<Map.Entry<String, String>> baseHeaders(String contentType) {
        List<Map.Entry<String, String>> h = new ArrayList<>(server.options().defaultHeaders().size() + headers.size() + 4);
        for (Map.Entry<String, String> d : server.options().defaultHeaders().entrySet()) {
            if (headers.stream().noneMatch(x -> x.getKey().equalsIgnoreCase(d.getKey()))) h.add(d);
        }
        for (Map.Entry<String, String> x : headers) {
            if (contentType == null || !x.getKey().equalsIgnoreCase("Content-Type")) h.add(x);
        }
        if (contentType != null) h.add(entry("Content-Type", contentType));
        return h;
    }

    /** Adds Date, and {@code Connection: close} when this connection will not serve another request. */
    private List<Map.Entry<String, String>> closing(List<Map.Entry<String, String>> h) {
        h.add(entry("Date", Wire.date()));
        if (!request.keepAlive() || connection.closingAfterExchange()) h.add(entry("Connection", "close"));
        return h;
    }

    private static Map.Entry<String, String> entry(String name, String value) {
        return new SimpleImmutableEntry<>(name, value);
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            ServerContext.LOG.log(Level.WARNING, "client-close callback failed", e);
        }
    }
}

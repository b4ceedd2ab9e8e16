package dev.berth.http.internal;

import dev.berth.http.ClientClosedException;
import dev.berth.http.ErrorReply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.unix.UnixChannel;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection, driven on its event loop. Reads are on demand only (auto-read is off): the next
 * request head when idle, body or hijacked bytes while the reader keeps the buffer below
 * {@link #HIGH_WATER}. Each request is handed to a virtual thread; the connection waits for its response to
 * finish before reading the next request (no pipelining), then reuses or closes the connection.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {

    static final int HIGH_WATER = 1 << 20;
    static final int LOW_WATER = 256 << 10;
    /** Unread request body bytes discarded to keep a connection alive; beyond this it is closed. */
    private static final int DISCARD_LIMIT = 256 << 10;
    /** How often a half-closed hijacked connection is probed for a hang-up (see {@link #watchForHangUp}). */
    private static final long HANG_UP_PROBE_MS = 50;
    private static final ByteBuffer NOTHING = ByteBuffer.allocateDirect(1);

    private enum Mode { IDLE, EXCHANGE, HIJACKED, CLOSED }

    private final ServerContext server;
    private final GatedRequestDecoder decoder;
    private final AtomicBoolean readScheduled = new AtomicBoolean();
    private ChannelHandlerContext ctx;
    private Channel channel;
    private ChannelWriter writer;

    // Event-loop state.
    private Mode mode = Mode.IDLE;
    private Exchange exchange;
    private InboundStream inbound;
    private volatile boolean reading;
    private boolean inputShutdown;
    private boolean discarding;
    private long discarded;
    private volatile boolean closeAfterExchange;

    HttpConnection(ServerContext server, GatedRequestDecoder decoder) {
        this.server = server;
        this.decoder = decoder;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = ctx.channel();
        this.writer = new ChannelWriter(channel);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        maybeRead();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (msg) {
            case HttpRequest request -> onRequest(request);
            case HttpContent content -> onContent(content);
            case ByteBuf raw -> onRaw(raw);
            default -> ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            ReferenceCountUtil.release(request);
            if (cause instanceof PrematureChannelClosureException) close();
            else rejectAndClose("malformed HTTP request: " + cause.getMessage());
            return;
        }
        if (mode != Mode.IDLE) { // cannot happen: the decoder is gated
            ReferenceCountUtil.release(request);
            close();
            return;
        }
        InboundStream body = new InboundStream(this::demand, LOW_WATER);
        ServerRequest serverRequest;
        try {
            serverRequest = new ServerRequest(request, body, writer);
        } catch (IllegalArgumentException e) {
            ReferenceCountUtil.release(request);
            rejectAndClose("malformed request target: " + e.getMessage());
            return;
        }
        ReferenceCountUtil.release(request);
        ServerResponse response = new ServerResponse(server, this, serverRequest, writer, channel.alloc());
        mode = Mode.EXCHANGE;
        inbound = body;
        exchange = new Exchange(server, this, serverRequest, response);
        server.inFlight().begin();
        server.handlerThreads().newThread(exchange).start();
    }

    private void onContent(HttpContent content) {
        if (mode != Mode.EXCHANGE) {
            content.release();
            return;
        }
        if (content.decoderResult().isFailure()) {
            content.release();
            inbound.fail(new IOException("malformed request body: " + content.decoderResult().cause().getMessage()));
            closeAfterExchange = true;
            if (discarding) close();
            return;
        }
        if (discarding) {
            discarded += content.content().readableBytes();
            content.release();
            if (discarded > DISCARD_LIMIT) {
                close();
                return;
            }
        } else {
            inbound.offer(content.content());
        }
        if (content instanceof LastHttpContent) {
            inbound.end();
            if (discarding) nextRequest();
        }
    }

    private void onRaw(ByteBuf raw) {
        if (mode == Mode.HIJACKED) inbound.offer(raw);
        else raw.release();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        maybeRead();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof ChannelInputShutdownEvent)) {
            ReferenceCountUtil.release(evt);
            return;
        }
        inputShutdown = true;
        switch (mode) {
            case IDLE -> close();
            case EXCHANGE -> {
                closeAfterExchange = true;
                if (!inbound.isFinished()) {
                    inbound.fail(new IOException("the client closed the connection before sending the whole request body"));
                }
                if (discarding) close();
                // A client that asked for a hijack may half-close early; anyone else has gone away (as in Go).
                // Close now: epoll is level-triggered and reports a unix socket whose peer has closed as
                // ready (EPOLLHUP) until it is closed, so an open one spins the event loop while the handler
                // still waits (e.g. the wait?condition=next-exit that docker run -d drops).
                else if (!exchange.request.upgradeRequested()) {
                    exchange.response.clientGone();
                    close();
                }
            }
            case HIJACKED -> { // stdin closed; output stays open
                inbound.end();
                watchForHangUp();
            }
            case CLOSED -> { }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        mode = Mode.CLOSED;
        if (inbound != null) inbound.dispose(new ClientClosedException("the client closed the connection", null));
        if (exchange != null) exchange.response.clientGone();
        writer.wake();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        writer.wake();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            ServerContext.LOG.log(Level.TRACE, () -> "connection error: " + cause);
        } else {
            ServerContext.LOG.log(Level.WARNING, "unexpected error on connection " + channel, cause);
        }
        close();
    }

    /**
     * After a hijacked client's half-close, its later hang-up shows only as EPOLLHUP, which Netty's
     * level-triggered epoll loop reports at once on every wait but never handles: the loop would spin until
     * something is written. So probe with an empty write (EPIPE once the peer is gone) and close then.
     */
    private void watchForHangUp() {
        if (mode != Mode.HIJACKED || !channel.isActive()) return;
        if (!(channel instanceof UnixChannel unix)) return;
        try {
            unix.fd().write(NOTHING, 0, 0);
        } catch (IOException e) {
            close();
            return;
        }
        channel.eventLoop().schedule(this::watchForHangUp, HANG_UP_PROBE_MS, TimeUnit.MILLISECONDS);
    }

    // ---- reads ----

    /** Asks for a socket read if the current mode wants bytes. Event loop only. */
    private void maybeRead() {
        if (reading || inputShutdown || !channel.isActive()) return;
        boolean want = switch (mode) {
            case IDLE -> true;
            // Once the body is in, keep reading (the gated decoder holds what comes) to see the client go away.
            case EXCHANGE -> inbound.isFinished() ? decoder.held() < HIGH_WATER : inbound.buffered() < HIGH_WATER;
            case HIJACKED -> !inbound.isFinished() && inbound.buffered() < HIGH_WATER;
            case CLOSED -> false;
        };
        if (want) {
            reading = true;
            ctx.read();
        }
    }

    /**
     * Called by a reader from any thread when its buffer runs low. Nothing to do while a socket read is outstanding:
     * its completion asks for the next one (a body arriving in small segments would otherwise wake the event loop
     * once per segment).
     */
    private void demand() {
        if (reading) return;
        if (readScheduled.compareAndSet(false, true)) {
            onLoop(() -> {
                readScheduled.set(false);
                maybeRead();
            });
        }
    }

    /** Runs {@code task} on the event loop; dropped if the server is already shut down (the channel is closed then). */
    private void onLoop(Runnable task) {
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            ServerContext.LOG.log(Level.TRACE, "event loop already shut down");
        }
    }

    // ---- exchange lifecycle ----

    /** Called from the handler thread when the exchange is over. */
    void exchangeFinished(Exchange finished, boolean reuse) {
        onLoop(() -> {
            if (exchange != finished || mode != Mode.EXCHANGE) {
                exchange = null;
                if (mode != Mode.CLOSED) closeGracefully();
                return;
            }
            if (!reuse || closeAfterExchange || inputShutdown) {
                exchange = null;
                closeGracefully();
            } else if (!inbound.isFinished()) {
                discarding = true; // read and drop the rest of the body, then serve the next request
                inbound.close();
                maybeRead();
            } else {
                nextRequest();
            }
        });
    }

    private void nextRequest() {
        mode = Mode.IDLE;
        exchange = null;
        inbound = null;
        discarding = false;
        discarded = 0;
        try {
            decoder.resume(ctx.pipeline().context(decoder));
        } catch (Exception e) {
            exceptionCaught(ctx, e);
            return;
        }
        maybeRead();
    }

    /**
     * Takes the connection out of HTTP: the decoder is removed (bytes the client already sent pass through
     * raw) and later bytes feed the returned stream. Called from the handler thread; waits for the event loop.
     */
    InboundStream switchToRaw() throws IOException {
        CompletableFuture<InboundStream> done = new CompletableFuture<>();
        Runnable switchOver = () -> {
            if (mode != Mode.EXCHANGE || !channel.isActive()) {
                done.completeExceptionally(new ClientClosedException("the client closed the connection", null));
                return;
            }
            mode = Mode.HIJACKED;
            inbound = new InboundStream(this::demand, LOW_WATER);
            InboundStream in = inbound;
            ctx.pipeline().remove(decoder); // forwards any undecoded bytes to onRaw
            if (inputShutdown) {
                in.end();
                watchForHangUp();
            }
            maybeRead();
            done.complete(in);
        };
        try {
            channel.eventLoop().execute(switchOver);
        } catch (RejectedExecutionException e) {
            throw new ClientClosedException("the server is shutting down", e);
        }
        try {
            return done.get();
        } catch (ExecutionException e) {
            throw (IOException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while taking over the connection");
        }
    }

    /** True if the connection will be closed once the current response is done. */
    boolean closingAfterExchange() {
        return closeAfterExchange;
    }

    /** Server shutdown: close when idle, otherwise after the current exchange. Any thread. */
    void shutdown() {
        closeAfterExchange = true;
        onLoop(() -> {
            if (mode == Mode.IDLE) close();
        });
    }

    /** Closes after everything written so far is flushed. Any thread. */
    void closeGracefully() {
        if (!channel.eventLoop().inEventLoop()) {
            onLoop(this::closeGracefully);
            return;
        }
        mode = Mode.CLOSED;
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void close() {
        mode = Mode.CLOSED;
        channel.close();
    }

    private void rejectAndClose(String message) {
        ErrorReply reply = ErrorReply.jsonMessage(400, message);
        List<Map.Entry<String, String>> h = new ArrayList<>(server.options().defaultHeaders().entrySet());
        h.add(new SimpleImmutableEntry<>("Content-Type", reply.contentType()));
        h.add(new SimpleImmutableEntry<>("Content-Length", Integer.toString(reply.body().length)));
        h.add(new SimpleImmutableEntry<>("Date", Wire.date()));
        h.add(new SimpleImmutableEntry<>("Connection", "close"));
        mode = Mode.CLOSED;
        ByteBuf out = Unpooled.wrappedBuffer(Wire.head(400, h), reply.body());
        channel.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }
}

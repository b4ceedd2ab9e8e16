package dev.berth.http.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.List;

/**
 * Netty's request decoder, made to stop after each complete request. Whatever the client sends next stays
 * undecoded until {@link #resume} (the next keep-alive request) or until the decoder is removed for a hijack,
 * which hands those bytes on raw. Without the gate, stdin sent right after an attach request would be parsed
 * as a second HTTP request.
 */
final class GatedRequestDecoder extends HttpRequestDecoder {

    private boolean paused;

    GatedRequestDecoder() {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(64 * 1024)
                .setMaxHeaderSize(1024 * 1024) // Go's default; X-Registry-Config can be large
                .setMaxChunkSize(128 * 1024));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, io.netty.buffer.ByteBuf buffer, List<Object> out)
            throws Exception {
        if (paused) return;
        int before = out.size();
        super.decode(ctx, buffer, out);
        for (int i = before; i < out.size(); i++) {
            if (out.get(i) instanceof LastHttpContent) {
                paused = true;
                return;
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        // While paused, do not let the decoder ask the socket for more: the connection decides when to read.
        if (paused) ctx.fireChannelReadComplete();
        else super.channelReadComplete(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        // A half-close while paused must not discard the undecoded bytes (they may be a hijack's stdin).
        if (paused && evt instanceof ChannelInputShutdownEvent) ctx.fireUserEventTriggered(evt);
        else super.userEventTriggered(ctx, evt);
    }

    /** Bytes received but not decoded yet (held while paused). */
    int held() {
        return internalBuffer().readableBytes();
    }

    /** Lets the next request through, decoding any bytes already received. Event loop only. */
    void resume(ChannelHandlerContext ctx) throws Exception {
        paused = false;
        if (internalBuffer().isReadable()) channelRead(ctx, Unpooled.EMPTY_BUFFER);
    }
}

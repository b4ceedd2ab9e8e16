package dev.berth.http.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * The first handler of a TLS listener: once the first bytes are in, it gives way to the TLS handler if they are a TLS
 * record, and otherwise answers as Go's HTTPS servers do ({@code 400 Client sent an HTTP request to an HTTPS server})
 * and closes. Clients that probe over plain HTTP first (Docker-style registry clients for loopback and insecure
 * registries) recognise that answer and switch to HTTPS; a silent close would look like a broken server.
 */
final class TlsOrPlainHttp extends ByteToMessageDecoder {
    /** A TLS record header: type, version (2), length (2). */
    private static final int RECORD_HEADER = 5;
    private static final byte[] REFUSAL = ("HTTP/1.0 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Connection: close\r\n\r\nClient sent an HTTP request to an HTTPS server.\n").getBytes(StandardCharsets.US_ASCII);

    private final Supplier<SslHandler> tls;

    TlsOrPlainHttp(Supplier<SslHandler> tls) {
        this.tls = tls;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < RECORD_HEADER) return; // the decoder asks for more (reads are not automatic)
        if (SslHandler.isEncrypted(in, false)) {
            ctx.pipeline().replace(this, "tls", tls.get()); // the bytes read so far go on to the TLS handler
        } else {
            in.skipBytes(in.readableBytes());
            ctx.writeAndFlush(Unpooled.wrappedBuffer(REFUSAL)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}

package dev.berth.http.internal;

import dev.berth.http.ListenAddress;
import dev.berth.http.Router;
import dev.berth.http.ServerOptions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The Netty side of {@link dev.berth.http.HttpServer}: native epoll listeners on unix sockets and TCP, with
 * auto-read off (reads on demand) and half-closure allowed (a hijacked client's shutdown of its sending side
 * is stdin EOF, not a disconnect).
 */
public final class NettyServer {

    private final ServerContext context;
    private final EventLoopGroup group;
    private final ChannelGroup children;
    private final List<Channel> listeners = new ArrayList<>();
    private final List<ListenAddress> bound = new ArrayList<>();
    private final List<Path> socketFiles = new ArrayList<>();

    private NettyServer(Router router, ServerOptions options) {
        this.context = new ServerContext(router, options, new InFlight(),
                Thread.ofVirtual().name("berth-http-", 0).factory());
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("berth-http-io", true),
                EpollIoHandler.newFactory());
        this.children = new DefaultChannelGroup("berth-http", GlobalEventExecutor.INSTANCE);
    }

    /** Binds every listener or, if one fails, none. */
    public static NettyServer start(Router router, ServerOptions options) throws IOException {
        if (!Epoll.isAvailable()) {
            throw new IOException("the native epoll transport is not available: " + Epoll.unavailabilityCause());
        }
        NettyServer server = new NettyServer(router, options);
        try {
            for (ListenAddress address : options.listeners()) server.bind(address);
        } catch (IOException | RuntimeException e) {
            server.stop(Duration.ZERO);
            throw e;
        }
        return server;
    }

    public List<ListenAddress> addresses() {
        return List.copyOf(bound);
    }

    private void bind(ListenAddress address) throws IOException {
        switch (address) {
            case ListenAddress.Unix unix -> bindUnix(unix.path().toAbsolutePath());
            case ListenAddress.Tcp tcp -> bindTcp(tcp);
        }
    }

    private void bindUnix(Path path) throws IOException {
        removeStaleSocket(path);
        if (path.getParent() != null) Files.createDirectories(path.getParent());
        ServerBootstrap b = bootstrap(null).channel(EpollServerDomainSocketChannel.class);
        Channel ch = await(b.bind(new DomainSocketAddress(path.toString())), "unix://" + path);
        listeners.add(ch);
        socketFiles.add(path);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
        bound.add(new ListenAddress.Unix(path));
    }

    private void bindTcp(ListenAddress.Tcp tcp) throws IOException {
        ServerBootstrap b = bootstrap(context.options().tls()).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true);
        Channel ch = await(b.bind(new InetSocketAddress(tcp.host(), tcp.port())), tcp.toString());
        listeners.add(ch);
        InetSocketAddress local = (InetSocketAddress) ch.localAddress();
        bound.add(new ListenAddress.Tcp(tcp.host(), local.getPort()));
    }

    /** @param tls if not null, each connection starts with a TLS handshake as the server */
    private ServerBootstrap bootstrap(SSLContext tls) {
        return new ServerBootstrap()
                .group(group)
                .option(ChannelOption.SO_BACKLOG, 512)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 << 10, 1 << 20))
                .childOption(ChannelOption.RECVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(1024, 16 << 10, 128 << 10))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        children.add(ch);
                        if (tls != null) {
                            ch.pipeline().addLast("tls-or-plain", new TlsOrPlainHttp(() -> {
                                SSLEngine engine = tls.createSSLEngine();
                                engine.setUseClientMode(false);
                                return new SslHandler(engine);
                            }));
                        }
                        GatedRequestDecoder decoder = new GatedRequestDecoder();
                        ch.pipeline().addLast(decoder, new HttpConnection(context, decoder));
                    }
                });
    }

    private static Channel await(io.netty.channel.ChannelFuture future, String what) throws IOException {
        future.awaitUninterruptibly();
        if (!future.isSuccess()) {
            Throwable cause = future.cause();
            throw new IOException("cannot listen on " + what + ": " + cause.getMessage(), cause);
        }
        return future.channel();
    }

    /**
     * A socket file left by a daemon that died is removed; one that still answers means another daemon owns it.
     * Anything that is not a socket is left alone.
     */
    private static void removeStaleSocket(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return;
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & 0170000) != 0140000) {
            throw new IOException("cannot listen on unix://" + path + ": the file exists and is not a socket");
        }
        if (answers(path)) throw new IOException("another daemon is listening on unix://" + path);
        Files.deleteIfExists(path);
    }

    private static boolean answers(Path path) {
        try {
            SocketChannel.open(UnixDomainSocketAddress.of(path)).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Stops accepting, lets requests in flight finish for up to {@code grace}, then closes every connection
     * (handlers blocked on a client see it as gone) and removes the socket files.
     */
    public void stop(Duration grace) {
        for (Channel ch : listeners) ch.close().awaitUninterruptibly();
        listeners.clear();
        for (Path p : socketFiles) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                ServerContext.LOG.log(Level.WARNING, "cannot remove socket file " + p + ": " + e.getMessage());
            }
        }
        socketFiles.clear();
        for (Channel ch : children) {
            HttpConnection c = ch.pipeline().get(HttpConnection.class);
            if (c != null) c.shutdown();
        }
        try {
            if (!context.inFlight().awaitIdle(grace)) {
                children.close().awaitUninterruptibly();
                context.inFlight().awaitIdle(Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}

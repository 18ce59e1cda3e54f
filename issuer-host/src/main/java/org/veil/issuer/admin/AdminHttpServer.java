package org.veil.issuer.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The admin API's HTTP/1.1 transport: request line, headers and body are bounded, and every refusal, even of
 * bytes that are not HTTP at all, is a JSON {"error": "one line"}. Requests run on a small blocking pool.
 */
final class AdminHttpServer implements AutoCloseable {
    static final int MAX_LINE = 8192;
    static final int MAX_HEADERS = 16 * 1024;
    static final int MAX_BODY = 64 * 1024;
    private static final int IDLE_SECONDS = 60;
    /** After a refusal the rest of the request is read and dropped this long, so the client sees the answer, not a reset. */
    static final int LINGER_SECONDS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the API makes of a well-formed request. */
    record Answer(int status, byte[] json, String allow) {}

    @FunctionalInterface
    interface Api {
        Answer answer(String method, List<String> path, byte[] body);
    }

    private final EventLoopGroup boss;
    private final EventLoopGroup io;
    private final EventExecutorGroup work;
    private final Channel listener;

    private AdminHttpServer(EventLoopGroup boss, EventLoopGroup io, EventExecutorGroup work, Channel listener) {
        this.boss = boss;
        this.io = io;
        this.work = work;
        this.listener = listener;
    }

    static AdminHttpServer start(String bind, int port, int threads, Api api) throws IOException {
        EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("issuer-admin-accept", true));
        EventLoopGroup io = new NioEventLoopGroup(1, new DefaultThreadFactory("issuer-admin-io", true));
        EventExecutorGroup work = new DefaultEventExecutorGroup(threads, new DefaultThreadFactory("issuer-admin", true));
        try {
            Channel ch = new ServerBootstrap().group(boss, io).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(new IdleStateHandler(IDLE_SECONDS, 0, 0, TimeUnit.SECONDS))
                                    .addLast(new FirstByteCheck())
                                    .addLast(new HttpServerCodec(MAX_LINE, MAX_HEADERS, 8192))
                                    // Its own executor per connection, in order: the database work blocks, the I/O loop must not.
                                    .addLast(work, new AdminExchange(api));
                        }
                    })
                    .bind(new InetSocketAddress(bind, port)).sync().channel();
            return new AdminHttpServer(boss, io, work, ch);
        } catch (Exception e) {
            shutdown(boss, io, work);
            throw new IOException("cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdown(boss, io, work);
    }

    private static void shutdown(EventLoopGroup boss, EventLoopGroup io, EventExecutorGroup work) {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        work.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }

    static byte[] errorJson(String message) {
        try {
            return JSON.writeValueAsBytes(Map.of("error", AdminError.oneLine(message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a map of one string always serializes
        }
    }
}

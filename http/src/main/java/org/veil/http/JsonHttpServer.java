package org.veil.http;

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
 * A JSON API's HTTP/1.1 transport: request line, headers and body are bounded, and every refusal, even of
 * bytes that are not HTTP at all, is a JSON {"error": "one line"}. Requests run on a small blocking pool.
 */
public final class JsonHttpServer implements AutoCloseable {
    public static final int MAX_LINE = 8192;
    public static final int MAX_HEADERS = 16 * 1024;
    public static final int MAX_BODY = 64 * 1024;
    private static final int IDLE_SECONDS = 60;
    /** After a refusal the rest of the request is read and dropped this long, so the client sees the answer, not a reset. */
    static final int LINGER_SECONDS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the API makes of a well-formed request. */
    public record Answer(int status, byte[] json, String allow) {
        /** The object written as JSON. */
        public static Answer of(int status, Object body) throws JsonProcessingException {
            return new Answer(status, JSON.writeValueAsBytes(body), null);
        }

        /** A refusal: its status, {"error": its line} and the Allow header of a 405. */
        public static Answer refusal(ApiError e) {
            return new Answer(e.status(), errorJson(e.getMessage()), e.allow());
        }

        public static Answer error(int status, String message) {
            return new Answer(status, errorJson(message), null);
        }
    }

    @FunctionalInterface
    public interface Api {
        Answer answer(String method, List<String> path, byte[] body);
    }

    /** An API that also reads the request's Authorization header (null when there is none). */
    @FunctionalInterface
    public interface AuthorizedApi {
        Answer answer(String method, List<String> path, String authorization, byte[] body);
    }

    /**
     * How an API names itself: its threads ({prefix}-accept, {prefix}-io, {prefix}), and in refusals its name
     * ("the admin API takes no query string") and a path to show as an example.
     */
    public record Naming(String threadPrefix, String apiName, String examplePath) {}

    private final EventLoopGroup boss;
    private final EventLoopGroup io;
    private final EventExecutorGroup work;
    private final Channel listener;

    private JsonHttpServer(EventLoopGroup boss, EventLoopGroup io, EventExecutorGroup work, Channel listener) {
        this.boss = boss;
        this.io = io;
        this.work = work;
        this.listener = listener;
    }

    public static JsonHttpServer start(Naming naming, String bind, int port, int threads, Api api) throws IOException {
        return startAuthorized(naming, bind, port, threads, (method, path, authorization, body) -> api.answer(method, path, body));
    }

    public static JsonHttpServer startAuthorized(Naming naming, String bind, int port, int threads, AuthorizedApi api) throws IOException {
        String prefix = naming.threadPrefix();
        EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory(prefix + "-accept", true));
        EventLoopGroup io = new NioEventLoopGroup(1, new DefaultThreadFactory(prefix + "-io", true));
        EventExecutorGroup work = new DefaultEventExecutorGroup(threads, new DefaultThreadFactory(prefix, true));
        try {
            Channel ch = new ServerBootstrap().group(boss, io).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(new IdleStateHandler(IDLE_SECONDS, 0, 0, TimeUnit.SECONDS))
                                    .addLast(new FirstByteCheck())
                                    .addLast(new HttpServerCodec(MAX_LINE, MAX_HEADERS, 8192))
                                    // Its own executor per connection, in order: the API's work may block, the I/O loop must not.
                                    .addLast(work, new JsonExchange(naming, api));
                        }
                    })
                    .bind(new InetSocketAddress(bind, port)).sync().channel();
            return new JsonHttpServer(boss, io, work, ch);
        } catch (Exception e) {
            shutdown(boss, io, work);
            throw new IOException("cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdown(boss, io, work);
    }

    private static void shutdown(EventLoopGroup boss, EventLoopGroup io, EventExecutorGroup work) {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        // The connections the I/O loop closes still tell their handlers, which run on the work pool: it goes last.
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        work.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }

    public static byte[] errorJson(String message) {
        try {
            return JSON.writeValueAsBytes(Map.of("error", ApiError.oneLine(message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a map of one string always serializes
        }
    }
}

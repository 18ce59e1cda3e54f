package org.veil.terminal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jpos.iso.ISOMsg;
import org.veil.packagers.Dialect;

/**
 * A TERMINAL or VAN connection to the switch: many requests in flight, answers matched on field 11 +
 * field 41. Pipeline: frame decoder, frame encoder, ISO codec, response matcher.
 */
public final class IsoClient implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MS = 5000;

    /** One event loop group for every client of the JVM, daemon threads so a CLI can just exit. */
    private static final class Loop {
        static final EventLoopGroup GROUP = new NioEventLoopGroup(
                Math.max(2, Runtime.getRuntime().availableProcessors()), new DefaultThreadFactory("veil-terminal", true));
    }

    private final Dialect dialect;
    private final Channel channel;
    private final ResponseMatcher matcher;
    private final AtomicLong tpduMismatches;

    private IsoClient(Dialect dialect, Channel channel, ResponseMatcher matcher, AtomicLong tpduMismatches) {
        this.dialect = dialect;
        this.channel = channel;
        this.matcher = matcher;
        this.tpduMismatches = tpduMismatches;
    }

    public static IsoClient connect(Dialect dialect, String host, int port) throws IOException {
        return connect(dialect, host, port, Tpdu.DEFAULT);
    }

    /** TERMINAL with a TPDU other than the default {@code 6000010000} (ignored for VAN). */
    public static IsoClient connect(Dialect dialect, String host, int port, Tpdu tpdu) throws IOException {
        if (dialect != Dialect.TERMINAL && dialect != Dialect.VAN) {
            throw new IllegalArgumentException("IsoClient speaks TERMINAL or VAN, not " + dialect);
        }
        ResponseMatcher matcher = new ResponseMatcher();
        AtomicLong mismatches = new AtomicLong();
        Bootstrap b = new Bootstrap()
                .group(Loop.GROUP)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (dialect == Dialect.TERMINAL) {
                            p.addLast("frameDecoder", new TpduFrameDecoder(tpdu, mismatches));
                            p.addLast("frameEncoder", new TpduFrameEncoder(tpdu));
                        } else {
                            p.addLast("frameDecoder", new AsciiLengthFrameDecoder());
                            p.addLast("frameEncoder", new AsciiLengthFrameEncoder());
                        }
                        p.addLast("isoCodec", new IsoMessageCodec(dialect.packager()));
                        p.addLast("matcher", matcher);
                    }
                });
        ChannelFuture f = b.connect(host, port).awaitUninterruptibly();
        if (!f.isSuccess()) {
            Throwable c = f.cause();
            throw new IOException("cannot connect to " + host + ":" + port + ": "
                    + (c == null ? "unknown reason" : c.getMessage()), c);
        }
        return new IsoClient(dialect, f.channel(), matcher, mismatches);
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Sends a request; the future completes with its answer, or fails when the connection closes first. */
    public CompletableFuture<ISOMsg> send(ISOMsg request) {
        CompletableFuture<ISOMsg> answer = new CompletableFuture<>();
        String key = ResponseMatcher.key(request);
        if (!channel.isActive()) {
            answer.completeExceptionally(new IOException("connection is closed"));
            return answer;
        }
        if (!matcher.register(key, answer)) {
            answer.completeExceptionally(new IllegalStateException(
                    "a request with STAN/terminal " + key + " is already waiting for its answer"));
            return answer;
        }
        channel.writeAndFlush(request).addListener(w -> {
            if (!w.isSuccess() && matcher.forget(key, answer)) {
                answer.completeExceptionally(w.cause() instanceof IOException io ? io
                        : new IOException("cannot send: " + w.cause().getMessage(), w.cause()));
            }
        });
        return answer;
    }

    /** As {@link #send(ISOMsg)}, failing with a TimeoutException when no answer comes within the timeout. */
    public CompletableFuture<ISOMsg> send(ISOMsg request, Duration timeout) {
        CompletableFuture<ISOMsg> answer = send(request);
        if (answer.isDone()) return answer;
        String key = ResponseMatcher.key(request);
        ScheduledFuture<?> timer = channel.eventLoop().schedule(() -> {
            if (matcher.forget(key, answer)) {
                answer.completeExceptionally(new TimeoutException("no answer to STAN/terminal " + key
                        + " within " + timeout.toMillis() + " ms"));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        answer.whenComplete((a, e) -> timer.cancel(false));
        return answer;
    }

    /** Sends and waits for the answer. */
    public ISOMsg call(ISOMsg request, Duration timeout) throws IOException, TimeoutException {
        try {
            return send(request, timeout).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for an answer", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof TimeoutException t) throw t;
            if (c instanceof IOException io) throw io;
            throw new IOException(c.getMessage(), c);
        }
    }

    /** Writes bytes as they are, framing included: for tests of bad input. */
    public void sendRaw(byte[] frameIncludingLength) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(frameIncludingLength)).syncUninterruptibly();
    }

    /** Calls the listener on the I/O thread with every answer received, matched or not, before it is matched. */
    public void onEveryAnswer(Consumer<ISOMsg> listener) {
        matcher.tap(listener);
    }

    /** The key answers are matched on: field 11 and field 41, trimmed. */
    public static String matchKey(ISOMsg message) {
        return ResponseMatcher.key(message);
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** Requests sent and not yet answered, failed or timed out. */
    public int inFlight() {
        return matcher.inFlight();
    }

    /** Answers whose TPDU was not the swap of the one sent (TERMINAL only). */
    public long tpduMismatches() {
        return tpduMismatches.get();
    }

    /** Answers that no waiting request claimed (late after a timeout, or unknown). */
    public long unmatchedAnswers() {
        return matcher.unmatched();
    }

    /** The event loop this connection's callbacks run on: the load generator drives it from there. */
    EventLoop eventLoop() {
        return channel.eventLoop();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(CONNECT_TIMEOUT_MS);
    }

    @Override
    public String toString() {
        return dialect + " " + channel.remoteAddress();
    }
}

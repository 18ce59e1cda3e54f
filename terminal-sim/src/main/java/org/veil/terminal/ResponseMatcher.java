package org.veil.terminal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jpos.iso.ISOMsg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands each answer to the request waiting for it, matched on field 11 + field 41 (answers may come out of order). */
final class ResponseMatcher extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ResponseMatcher.class);
    private final Map<String, CompletableFuture<ISOMsg>> pending = new ConcurrentHashMap<>();
    private final AtomicLong unmatched = new AtomicLong();
    /** Sees every answer before matching (the scenario runner counts copies); null on the load path. */
    private volatile Consumer<ISOMsg> tap;

    static String key(ISOMsg m) {
        String stan = m.getString(11);
        String tid = m.getString(41);
        return (stan == null ? "" : stan.trim()) + '/' + (tid == null ? "" : tid.trim());
    }

    /** False when a request with the same key is already waiting. */
    boolean register(String key, CompletableFuture<ISOMsg> answer) {
        return pending.putIfAbsent(key, answer) == null;
    }

    /** True when this caller removed the wait (so it, not the answer, decides the outcome). */
    boolean forget(String key, CompletableFuture<ISOMsg> answer) {
        return pending.remove(key, answer);
    }

    void tap(Consumer<ISOMsg> listener) {
        tap = listener;
    }

    int inFlight() {
        return pending.size();
    }

    long unmatched() {
        return unmatched.get();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ISOMsg answer)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Consumer<ISOMsg> t = tap;
        if (t != null) t.accept(answer);
        CompletableFuture<ISOMsg> waiting = pending.remove(key(answer));
        if (waiting == null) {
            unmatched.incrementAndGet();
            log.debug("answer with no request waiting for it: {}", key(answer));
            return;
        }
        waiting.complete(answer);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        IOException closed = new IOException("connection closed by " + ctx.channel().remoteAddress());
        pending.forEach((k, f) -> {
            if (pending.remove(k, f)) f.completeExceptionally(closed);
        });
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Broken framing or I/O error: the stream cannot be trusted any more.
        log.warn("closing connection to {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
        ctx.close();
    }
}

package org.veil.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

/**
 * A request starts with a method name: a connection whose first byte is no letter (TLS, binary junk) is
 * refused at once instead of waiting for a line end that may never come.
 */
final class FirstByteCheck extends ChannelInboundHandlerAdapter {
    private boolean refused;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        int i = in.readerIndex();
        while (i < in.writerIndex() && (in.getByte(i) == '\r' || in.getByte(i) == '\n')) i++;
        if (i == in.writerIndex()) {
            ctx.fireChannelRead(msg); // only line ends yet: the decoder skips them
            return;
        }
        byte first = in.getByte(i);
        if ((first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z')) {
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(msg);
            return;
        }
        refused = true;
        in.release();
        // Handed on as a request the decoder could not read, so the exchange answers it like any other.
        DefaultFullHttpRequest junk = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        junk.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("not HTTP")));
        ctx.fireChannelRead(junk);
    }
}

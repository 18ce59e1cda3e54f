package org.veil.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes a {@link Frame}: the dialect's length prefix, the header, the message. */
@Sharable
final class FrameEncoder extends MessageToByteEncoder<Frame> {
    private final WireFraming framing;

    FrameEncoder(WireFraming framing) {
        this.framing = framing;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
        framing.writeLength(out, frame.header().length + frame.message().length);
        out.writeBytes(frame.header());
        out.writeBytes(frame.message());
    }
}

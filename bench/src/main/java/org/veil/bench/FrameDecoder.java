package org.veil.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;

/** Splits the byte stream into {@link Frame}s by the dialect's length prefix; a broken prefix closes the connection. */
final class FrameDecoder extends ByteToMessageDecoder {
    private final WireFraming framing;

    FrameDecoder(WireFraming framing) {
        this.framing = framing;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int prefix = framing.prefixLength();
        if (in.readableBytes() < prefix) return;
        int length = framing.readLength(in, in.readerIndex());
        if (length <= framing.headerLength) {
            throw new CorruptedFrameException("frame of " + length + " bytes holds no message");
        }
        if (in.readableBytes() < prefix + length) return;
        in.skipBytes(prefix);
        byte[] header = new byte[framing.headerLength];
        in.readBytes(header);
        byte[] message = new byte[length - header.length];
        in.readBytes(message);
        out.add(new Frame(header, message));
    }
}

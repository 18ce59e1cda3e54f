package org.veil.terminal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;

/** VAN framing in: 4 ASCII decimal digits of length, then that many message bytes. */
final class AsciiLengthFrameDecoder extends ByteToMessageDecoder {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) return;
        int start = in.readerIndex();
        int length = 0;
        for (int i = 0; i < 4; i++) {
            int c = in.getByte(start + i);
            if (c < '0' || c > '9') throw new CorruptedFrameException("frame length is not 4 ASCII digits");
            length = length * 10 + (c - '0');
        }
        if (in.readableBytes() < 4 + length) return;
        in.skipBytes(4);
        byte[] message = new byte[length];
        in.readBytes(message);
        out.add(message);
    }
}

package org.veil.terminal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** VAN framing out: 4 ASCII decimal digits of length, then the packed message. */
final class AsciiLengthFrameEncoder extends MessageToByteEncoder<byte[]> {
    @Override
    protected void encode(ChannelHandlerContext ctx, byte[] message, ByteBuf out) {
        int n = message.length;
        if (n > 9999) throw new IllegalArgumentException("message of " + n + " bytes does not fit a 4-digit length");
        out.writeByte('0' + n / 1000).writeByte('0' + n / 100 % 10).writeByte('0' + n / 10 % 10).writeByte('0' + n % 10);
        out.writeBytes(message);
    }
}

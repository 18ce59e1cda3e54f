package org.veil.terminal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** TERMINAL framing out: 2-byte big-endian length (TPDU + message), the TPDU, the packed message. */
final class TpduFrameEncoder extends MessageToByteEncoder<byte[]> {
    private static final int MAX_BODY = 0xFFFF - Tpdu.LENGTH;
    private final byte[] tpdu;

    TpduFrameEncoder(Tpdu tpdu) {
        this.tpdu = tpdu.bytes();
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, byte[] message, ByteBuf out) {
        if (message.length > MAX_BODY) {
            throw new IllegalArgumentException("message of " + message.length + " bytes does not fit a 2-byte length");
        }
        out.writeShort(Tpdu.LENGTH + message.length);
        out.writeBytes(tpdu);
        out.writeBytes(message);
    }
}

package org.veil.terminal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TERMINAL framing in: 2-byte big-endian length, 5-byte TPDU, message bytes. An answer whose TPDU
 * is not the swap of ours is still delivered (the message decides), but counted and logged once.
 */
final class TpduFrameDecoder extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(TpduFrameDecoder.class);
    private final Tpdu expected;
    private final AtomicLong mismatches;

    TpduFrameDecoder(Tpdu sent, AtomicLong mismatches) {
        this.expected = sent.swapped();
        this.mismatches = mismatches;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 2) return;
        int length = in.getUnsignedShort(in.readerIndex());
        if (length < Tpdu.LENGTH) {
            throw new CorruptedFrameException("frame of " + length + " bytes is shorter than a TPDU");
        }
        if (in.readableBytes() < 2 + length) return;
        in.skipBytes(2);
        byte[] tpdu = new byte[Tpdu.LENGTH];
        in.readBytes(tpdu);
        if ((tpdu[0] & 0xFF) != Tpdu.ID || !Tpdu.of(tpdu).equals(expected)) {
            if (mismatches.getAndIncrement() == 0) {
                log.warn("answer TPDU {} is not the expected {}", java.util.HexFormat.of().formatHex(tpdu), expected);
            }
        }
        byte[] message = new byte[length - Tpdu.LENGTH];
        in.readBytes(message);
        out.add(message);
    }
}

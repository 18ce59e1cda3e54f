package org.veil.terminal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOPackager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packs ISOMsg to message bytes and back with the dialect's one shared packager. A frame that does
 * not unpack is dropped (its framing was intact, so the connection stays usable).
 */
final class IsoMessageCodec extends MessageToMessageCodec<byte[], ISOMsg> {
    private static final Logger log = LoggerFactory.getLogger(IsoMessageCodec.class);
    private final ISOPackager packager;

    IsoMessageCodec(ISOPackager packager) {
        this.packager = packager;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ISOMsg msg, List<Object> out) throws ISOException {
        msg.recalcBitMap(); // what ISOMsg.pack() does first; the packager alone does not
        out.add(packager.pack(msg));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, byte[] bytes, List<Object> out) {
        ISOMsg m = new ISOMsg();
        m.setPackager(packager);
        try {
            m.unpack(bytes);
        } catch (ISOException | RuntimeException e) {
            log.warn("dropped an answer of {} bytes that does not unpack: {}", bytes.length, e.getMessage());
            return;
        }
        out.add(m);
    }
}

package org.veil.bench;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOPackager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.packagers.Mti;
import org.veil.packagers.ResponseCode;

/**
 * Approves every request with no database and no routing: unpack, echo the identifying fields,
 * response MTI, 39 approved, pack. Runs on the connection's event loop, so it costs one hop and
 * the dialect's packing, nothing more. A frame that does not unpack, or a response, is dropped.
 */
@Sharable
final class ZeroWorkAnswerer extends SimpleChannelInboundHandler<Frame> {
    private static final Logger log = LoggerFactory.getLogger(ZeroWorkAnswerer.class);
    /** What the switch's ResponseBuilder echoes to an edge. */
    private static final int[] EDGE_ECHO = {2, 3, 4, 7, 11, 12, 13, 37, 41, 42, 49, 70};
    /** What the issuer host echoes on the host link (QMUX matches on 11 + 41), plus the amount and function code. */
    private static final int[] HOST_ECHO = {2, 3, 4, 7, 11, 12, 24, 32, 37, 41, 42};

    private final WireFraming framing;
    private final ISOPackager packager;
    private final int[] echoed;
    private final String approved;
    private final LongAdder answered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicBoolean warned = new AtomicBoolean();

    ZeroWorkAnswerer(WireFraming framing) {
        this.framing = framing;
        this.packager = framing.dialect.packager();
        boolean host = framing == WireFraming.HOST;
        this.echoed = host ? HOST_ECHO : EDGE_ECHO;
        this.approved = host ? ResponseCode.APPROVED.hostCode() : ResponseCode.APPROVED.code();
    }

    long answered() {
        return answered.sum();
    }

    long dropped() {
        return dropped.sum();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
        byte[] answer;
        try {
            answer = answer(frame.message());
        } catch (ISOException | RuntimeException e) {
            dropped.increment();
            if (warned.compareAndSet(false, true)) log.warn("{}: dropped a frame that is not a request: {}", framing, e.getMessage());
            return;
        }
        answered.increment();
        ctx.writeAndFlush(new Frame(framing.answerHeader(frame.header()), answer));
    }

    private byte[] answer(byte[] message) throws ISOException {
        ISOMsg request = new ISOMsg();
        request.setPackager(packager);
        request.unpack(message);
        String mti = request.getMTI();
        Mti.check(mti);
        if (Mti.isResponse(mti)) throw new ISOException("MTI " + mti + " is a response");
        ISOMsg answer = (ISOMsg) request.clone(echoed);
        answer.setMTI(Mti.responseOf(mti));
        answer.set(39, approved);
        answer.setPackager(packager);
        return answer.pack();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Broken framing or an I/O error: the stream cannot be trusted any more.
        log.debug("{}: closing {}: {}", framing, ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}

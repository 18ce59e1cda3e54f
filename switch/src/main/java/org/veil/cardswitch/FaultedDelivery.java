package org.veil.cardswitch;

import java.io.IOException;
import org.jpos.iso.ISOChannel;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOSource;
import org.jpos.iso.ISOUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.cardswitch.control.Fault;
import org.veil.packagers.CardNumbers;

/**
 * Delivers an edge answer the way its injected fault says: late, not at all, by closing the connection, twice,
 * or with a field 64 that is not its MAC. The request was processed as usual either way (money may have moved),
 * as it would be when a real answer gets lost.
 */
final class FaultedDelivery {
    private static final Logger log = LoggerFactory.getLogger(FaultedDelivery.class);
    /** Field 64 of an answer that had none (its request carried no MAC): any 8 bytes are "not its MAC". */
    static final byte[] NOT_A_MAC = ISOUtil.hex2byte("DEADBEEFDEADBEEF");

    private FaultedDelivery() {}

    static void deliver(Fault fault, ISOSource source, ISOMsg resp, ISOMsg req) {
        String pan = RequestKeys.pan(req);
        log.info("injected fault {}: {} of the {} to terminal {} STAN {}{}", fault.id(), fault.describe(), resp.getString(0),
                RequestKeys.trim(req.getString(41)), req.getString(11), pan == null ? "" : " card " + CardNumbers.mask(pan));
        switch (fault.kind()) {
            case DELAY -> {
                ISOMsg late = (ISOMsg) resp.clone();
                // a sleeping virtual thread, not a TM session, waits out the delay
                Thread.ofVirtual().name("edge-fault-delay").start(() -> sendLate(source, late, fault.delayMs()));
            }
            case DROP -> { }
            case CLOSE -> close(source, resp);
            case DOUBLE -> {
                // each copy its own TPDU: the TERMINAL channel swaps it in place as it sends
                SendResponse.sendNow(source, (ISOMsg) resp.clone());
                SendResponse.sendNow(source, (ISOMsg) resp.clone());
            }
            case CORRUPT_MAC -> SendResponse.sendNow(source, withWrongMac(resp));
        }
    }

    /** The answer with a field 64 that cannot be its MAC: the real one inverted, or a fixed pattern when it had none. */
    static ISOMsg withWrongMac(ISOMsg resp) {
        ISOMsg m = (ISOMsg) resp.clone();
        byte[] mac = m.hasField(64) ? m.getBytes(64) : null;
        if (mac != null && mac.length == 8) {
            byte[] wrong = new byte[8];
            for (int i = 0; i < 8; i++) wrong[i] = (byte) ~mac[i];
            m.set(64, wrong);
        } else {
            m.set(64, NOT_A_MAC.clone());
        }
        return m;
    }

    private static void sendLate(ISOSource source, ISOMsg resp, long delayMs) {
        try {
            Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            return; // the JVM is going down
        }
        if (source.isConnected()) SendResponse.sendNow(source, resp);
        else log.info("{} {} STAN {}: the peer left before its delayed answer", resp.getString(0), resp.getString(41), resp.getString(11));
    }

    private static void close(ISOSource source, ISOMsg resp) {
        if (!(source instanceof ISOChannel channel)) {
            log.warn("answer {} STAN {}: cannot close a {}, dropped instead", resp.getString(0), resp.getString(11), source.getClass().getSimpleName());
            return;
        }
        try {
            channel.disconnect();
        } catch (IOException e) {
            log.info("closing the connection for STAN {}: {}", resp.getString(11), e.getMessage());
        }
    }
}

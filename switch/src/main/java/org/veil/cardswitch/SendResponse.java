package org.veil.cardswitch;

import java.io.IOException;
import java.io.Serializable;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOSource;
import org.jpos.transaction.AbortParticipant;
import org.jpos.transaction.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.cardswitch.control.Fault;

/**
 * Sends the edge answer back on the connection the request came in on, if it is still there; an injected
 * fault (Ctx.FAULT) changes how.
 */
public class SendResponse implements AbortParticipant {
    private static final Logger log = LoggerFactory.getLogger(SendResponse.class);

    @Override
    public int prepare(long id, Serializable context) {
        send((Context) context);
        return PREPARED | NO_JOIN;
    }

    @Override
    public int prepareForAbort(long id, Serializable context) {
        send((Context) context);
        return PREPARED | NO_JOIN;
    }

    private void send(Context ctx) {
        ISOSource source = ctx.get(Ctx.SOURCE);
        ISOMsg resp = ctx.get(Ctx.RESPONSE);
        if (resp == null || source == null) return;
        if (!source.isConnected()) {
            log.info("{} {} STAN {}: the peer left before its answer", resp.getString(0), resp.getString(41), resp.getString(11));
            return;
        }
        Fault fault = ctx.get(Ctx.FAULT);
        if (fault != null) FaultedDelivery.deliver(fault, source, resp, ctx.get(Ctx.REQUEST));
        else sendNow(source, resp);
    }

    static void sendNow(ISOSource source, ISOMsg resp) {
        try {
            source.send(resp);
        } catch (IOException | ISOException e) {
            log.warn("answer {} STAN {} not sent: {}", resp.getString(0), resp.getString(11), e.getMessage());
        }
    }
}

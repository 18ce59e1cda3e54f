package org.veil.cardswitch;

import java.io.Serializable;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.transaction.AbortParticipant;
import org.jpos.transaction.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.packagers.Dialect;

/**
 * MACs the answer (field 64) with the algorithm and key that verified the request's MAC (Ctx.MAC); a request without
 * a verified MAC gets an answer without one. A key change answer is MACed under the TAK it was asked with: the new keys
 * apply from the next request.
 */
public class MacSigner implements AbortParticipant {
    private static final Logger log = LoggerFactory.getLogger(MacSigner.class);

    @Override
    public int prepare(long id, Serializable context) {
        sign((Context) context);
        return PREPARED | NO_JOIN;
    }

    @Override
    public int prepareForAbort(long id, Serializable context) {
        sign((Context) context);
        return PREPARED | NO_JOIN;
    }

    private static void sign(Context ctx) {
        ISOMsg resp = ctx.get(Ctx.RESPONSE);
        EdgeMac mac = ctx.get(Ctx.MAC);
        if (resp == null) return;
        resp.unset(64); // a replayed answer is MACed afresh for its repeat
        if (mac == null) return;
        Dialect dialect = ctx.get(Ctx.DIALECT);
        try {
            resp.set(64, mac.of(resp, dialect));
        } catch (ISOException | RuntimeException e) {
            log.error("answer {} STAN {} cannot be MACed ({}): sent without field 64", resp.getString(0), resp.getString(11), e.getMessage());
        }
    }
}

package org.veil.cardswitch;

import java.io.Serializable;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.transaction.AbortParticipant;
import org.jpos.transaction.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.packagers.HostMessages;
import org.veil.packagers.Mti;
import org.veil.packagers.ResponseCode;

/**
 * The edge answer: response MTI, the request's identifying fields echoed (PAN from field 2
 * only, never track 2), then the issuer's answer or the switch's own decision.
 */
public class ResponseBuilder implements AbortParticipant {
    private static final Logger log = LoggerFactory.getLogger(ResponseBuilder.class);
    private static final int[] ECHOED = {2, 3, 4, 7, 11, 12, 13, 37, 41, 42, 49, 70};

    @Override
    public int prepare(long id, Serializable context) {
        build((Context) context);
        return PREPARED | NO_JOIN;
    }

    @Override
    public int prepareForAbort(long id, Serializable context) {
        build((Context) context);
        return PREPARED | NO_JOIN;
    }

    private void build(Context ctx) {
        if (ctx.hasKey(Ctx.RESPONSE)) return; // a journaled answer being resent
        ForcedTreatment forced = ctx.get(Ctx.FORCED);
        if (forced != null && forced.answersNothing()) return; // forced silence: nothing to send
        ISOMsg req = ctx.get(Ctx.REQUEST);
        ISOMsg resp = new ISOMsg();
        EdgeAnswers.address(req, resp);
        try {
            resp.setMTI(Mti.responseOf(req.getMTI()));
            for (int f : ECHOED) {
                if (req.hasField(f)) resp.set(f, req.getString(f));
            }
            ISOMsg hostAnswer = ctx.get(Ctx.HOST_ANSWER);
            if (hostAnswer != null) {
                HostMessages.applyHostAnswer(hostAnswer, resp);
                if (forced != null) forced.narrowAnswer(resp);
            } else {
                resp.set(39, ctx.get(Ctx.RESPONSE_CODE, ResponseCode.SYSTEM_MALFUNCTION).code());
                String privateData = ctx.getString(Ctx.ANSWER_PRIVATE_DATA);
                if (privateData != null) resp.set(48, privateData);
            }
        } catch (ISOException | RuntimeException e) {
            log.error("cannot build the answer to {}: {}", req.getString(0), e.toString());
            resp.set(39, ResponseCode.SYSTEM_MALFUNCTION.code());
            ctx.put(Ctx.OUTCOME, "answer could not be built: " + e.getMessage());
        }
        ctx.put(Ctx.RESPONSE, resp);
    }
}

package org.veil.cardswitch;

import org.jpos.transaction.Context;
import org.jpos.transaction.TransactionConstants;
import org.veil.packagers.ResponseCode;

/**
 * The switch answers without the issuer: the response code and why. Checks then vote ABORTED,
 * so only the answering participants (AbortParticipants) run after them.
 */
final class Decision {
    private Decision() {}

    static int answer(Context ctx, ResponseCode rc, String outcome) {
        ctx.put(Ctx.RESPONSE_CODE, rc);
        ctx.put(Ctx.OUTCOME, outcome);
        return TransactionConstants.ABORTED | TransactionConstants.NO_JOIN;
    }
}

package org.veil.cardswitch;

import java.io.Serializable;
import org.jpos.iso.ISOMsg;
import org.jpos.transaction.AbortParticipant;
import org.jpos.transaction.Context;
import org.veil.cardswitch.control.Fault;
import org.veil.cardswitch.control.FaultBoard;

/**
 * Picks the injected fault (control API, /faults) for this answer, by the request's terminal (41) or merchant (42),
 * and puts it in the Context: the journal records it and SendResponse applies it. Runs for approved and aborted
 * requests alike: every answer can be faulted.
 */
public class EdgeFault implements AbortParticipant {
    @Override
    public int prepare(long id, Serializable context) {
        pick((Context) context);
        return PREPARED | NO_JOIN;
    }

    @Override
    public int prepareForAbort(long id, Serializable context) {
        pick((Context) context);
        return PREPARED | NO_JOIN;
    }

    private static void pick(Context ctx) {
        FaultBoard board = FaultBoard.deployed();
        if (board == null) return;
        ISOMsg req = ctx.get(Ctx.REQUEST);
        Fault fault = board.take(RequestKeys.trim(req.getString(41)), RequestKeys.trim(req.getString(42)));
        if (fault != null) ctx.put(Ctx.FAULT, fault);
    }
}

package org.veil.cardswitch;

import java.io.Serializable;
import org.jpos.iso.ISOMsg;
import org.jpos.transaction.Context;
import org.jpos.transaction.TransactionParticipant;
import org.veil.packagers.Mti;
import org.veil.packagers.ResponseCode;

/** 0800 from terminals and VANs is the switch's own business: sign-on, sign-off, echo; a key change goes on to KeyChange. */
public class NetworkManagement implements TransactionParticipant {
    @Override
    public int prepare(long id, Serializable context) {
        Context ctx = (Context) context;
        ISOMsg req = ctx.get(Ctx.REQUEST);
        if (Mti.messageClass(req.getString(0)) != '8') return PREPARED | NO_JOIN;
        return switch (req.getString(70)) {
            case "001" -> Decision.answer(ctx, ResponseCode.APPROVED, "sign-on");
            case "002" -> Decision.answer(ctx, ResponseCode.APPROVED, "sign-off");
            case "301" -> Decision.answer(ctx, ResponseCode.APPROVED, "echo");
            case "101" -> PREPARED | NO_JOIN; // KeyChange answers it once AcceptorCheck knows the terminal
            default -> Decision.answer(ctx, ResponseCode.INVALID_TRANSACTION, "unknown network management code");
        };
    }
}

package org.veil.cardswitch;

import java.io.Serializable;
import org.jpos.core.Configurable;
import org.jpos.core.Configuration;
import org.jpos.core.ConfigurationException;
import org.jpos.iso.ISOMsg;
import org.jpos.transaction.Context;
import org.jpos.transaction.TransactionParticipant;
import org.veil.packagers.ResponseCode;

/**
 * Fields each MTI must carry, and well-formed: a frame that did not unpack whole → 30 (whatever
 * its MTI), unsupported MTI → 12, missing or ill-formed field → 30.
 */
public class MandatoryFields implements TransactionParticipant, Configurable {
    private FieldRules rules;

    @Override
    public void setConfiguration(Configuration cfg) throws ConfigurationException {
        rules = FieldRules.load(cfg.get("rules", "cfg/switch/mandatory-fields.yml"));
    }

    @Override
    public int prepare(long id, Serializable context) {
        Context ctx = (Context) context;
        ISOMsg req = ctx.get(Ctx.REQUEST);
        String malformed = ctx.getString(Ctx.MALFORMED);
        if (malformed != null) return Decision.answer(ctx, ResponseCode.FORMAT_ERROR, "malformed: " + malformed);
        if (!rules.supports(req.getString(0))) return Decision.answer(ctx, ResponseCode.INVALID_TRANSACTION, "unsupported MTI");
        String problem = rules.problem(req);
        return problem == null ? PREPARED | NO_JOIN : Decision.answer(ctx, ResponseCode.FORMAT_ERROR, problem);
    }
}

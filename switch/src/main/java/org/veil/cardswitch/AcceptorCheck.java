package org.veil.cardswitch;

import java.io.Serializable;
import org.jpos.core.Configurable;
import org.jpos.core.Configuration;
import org.jpos.core.ConfigurationException;
import org.jpos.iso.ISOMsg;
import org.jpos.transaction.Context;
import org.jpos.transaction.TransactionParticipant;
import org.veil.packagers.ResponseCode;

/** Only known merchants (42) with their own terminals (41) may transact: otherwise 03. */
public class AcceptorCheck implements TransactionParticipant, Configurable {
    private Acceptors acceptors;

    @Override
    public void setConfiguration(Configuration cfg) throws ConfigurationException {
        acceptors = Acceptors.load(cfg.get("acceptors", "cfg/switch/acceptors.yml"));
    }

    @Override
    public int prepare(long id, Serializable context) {
        Context ctx = (Context) context;
        ISOMsg req = ctx.get(Ctx.REQUEST);
        if (acceptors.known(req.getString(42), req.getString(41))) return PREPARED | NO_JOIN;
        return Decision.answer(ctx, ResponseCode.INVALID_MERCHANT, "unknown merchant or terminal");
    }
}

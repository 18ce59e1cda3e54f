package org.veil.cardswitch;

import java.io.Serializable;
import org.jpos.core.Configurable;
import org.jpos.core.Configuration;
import org.jpos.core.ConfigurationException;
import org.jpos.transaction.Context;
import org.jpos.transaction.TransactionParticipant;
import org.veil.packagers.ResponseCode;

/** Picks the issuer link by the longest BIN prefix of the card number; none → 15. */
public class BinRouter implements TransactionParticipant, Configurable {
    private Routes routes;

    @Override
    public void setConfiguration(Configuration cfg) throws ConfigurationException {
        routes = Routes.load(cfg.get("routes", "cfg/switch/routes.yml"));
    }

    @Override
    public int prepare(long id, Serializable context) {
        Context ctx = (Context) context;
        String pan = RequestKeys.pan(ctx.get(Ctx.REQUEST));
        Routes.Link link = pan == null ? null : routes.route(pan);
        if (link == null) return Decision.answer(ctx, ResponseCode.NO_SUCH_ISSUER, "no route for the BIN");
        ctx.put(Ctx.LINK, link);
        return PREPARED | NO_JOIN;
    }
}

package org.veil.cardswitch;

import java.io.Serializable;
import org.jpos.core.Configurable;
import org.jpos.core.Configuration;
import org.jpos.core.ConfigurationException;
import org.jpos.iso.ISOMsg;
import org.jpos.transaction.Context;
import org.jpos.transaction.TransactionParticipant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test-harness outcomes (cfg/switch/forced-outcomes.yml) for the merchants, terminals and cards a rule names:
 * a forced answer or silence without the issuer, a delay before the real path, or a partial approval.
 * It runs before DuplicateCheck, so a repeat of a forced request is forced alike.
 */
public class ForcedOutcome implements TransactionParticipant, Configurable {
    private static final Logger log = LoggerFactory.getLogger(ForcedOutcome.class);
    private ForcedOutcomes outcomes;

    @Override
    public void setConfiguration(Configuration cfg) throws ConfigurationException {
        String file = cfg.get("outcomes", "cfg/switch/forced-outcomes.yml");
        outcomes = ForcedOutcomes.load(file);
        log.info("{} forced-outcome rules from {}", outcomes.size(), file);
    }

    @Override
    public int prepare(long id, Serializable context) {
        Context ctx = (Context) context;
        ISOMsg req = ctx.get(Ctx.REQUEST);
        ForcedTreatment forced = outcomes.match(req);
        if (forced == null) return PREPARED | NO_JOIN;
        ctx.put(Ctx.FORCED, forced);
        log.info("{} terminal {} STAN {}: {}", req.getString(0), RequestKeys.trim(req.getString(41)), req.getString(11), forced.describe());
        return switch (forced.action()) {
            case ForcedAction.Respond r -> Decision.answer(ctx, r.code(), forced.describe());
            case ForcedAction.NoAnswer n -> {
                ctx.put(Ctx.OUTCOME, forced.describe());
                yield ABORTED | NO_JOIN; // ResponseBuilder builds nothing, so nothing is sent
            }
            case ForcedAction.Delay d -> {
                pause(d.millis());
                yield PREPARED | NO_JOIN;
            }
            case ForcedAction.Partial p -> PREPARED | NO_JOIN; // HostForwarder and ResponseBuilder narrow the amount
        };
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down: go on at once
        }
    }
}

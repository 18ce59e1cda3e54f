package org.veil.cardswitch;

import java.io.Serializable;
import org.jpos.transaction.AbortParticipant;
import org.jpos.transaction.TransactionManager;
import org.jpos.transaction.TransactionParticipant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jPOS's TransactionManager, calling each participant directly. Around every participant call jPOS renames the
 * session's thread (a String.format) and records two timers: with fifteen participants per authorization that was
 * about a tenth of the switch's CPU under load (JFR, scripts/bench --full-path --profile). The switch's latency
 * figures come from the journal (elapsed_micros) and the load generator instead. A participant that throws votes
 * ABORTED, as in jPOS (one that throws preparing for an abort is left out of it), and the failure goes to the
 * switch's log rather than to the TM's silent logger.
 */
public class SwitchTransactionManager extends TransactionManager {
    private static final Logger log = LoggerFactory.getLogger(SwitchTransactionManager.class);

    @Override
    protected int prepare(TransactionParticipant p, long id, Serializable context) {
        try {
            return p.prepare(id, context);
        } catch (Throwable t) {
            log.warn("transaction {}: {} failed to prepare: {}", id, p.getClass().getSimpleName(), t.toString(), t);
            return ABORTED;
        }
    }

    @Override
    protected int prepareForAbort(TransactionParticipant p, long id, Serializable context) {
        if (!(p instanceof AbortParticipant ap)) return NO_JOIN;
        try {
            return ap.prepareForAbort(id, context);
        } catch (Throwable t) {
            log.warn("transaction {}: {} failed to prepare for abort: {}", id, p.getClass().getSimpleName(), t.toString(), t);
            return NO_JOIN; // as jPOS does: a participant that failed here is not asked to abort
        }
    }

    @Override
    protected void commit(TransactionParticipant p, long id, Serializable context) {
        reportingFailure("commit", p, id, () -> p.commit(id, context));
    }

    @Override
    protected void abort(TransactionParticipant p, long id, Serializable context) {
        reportingFailure("abort", p, id, () -> p.abort(id, context));
    }

    /** A commit or abort that throws is logged: the transaction's other participants still get theirs. */
    private static void reportingFailure(String phase, TransactionParticipant p, long id, Runnable call) {
        try {
            call.run();
        } catch (Throwable t) {
            log.warn("transaction {}: {} failed to {}: {}", id, p.getClass().getSimpleName(), phase, t.toString(), t);
        }
    }
}

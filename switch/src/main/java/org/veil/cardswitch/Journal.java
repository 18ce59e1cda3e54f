package org.veil.cardswitch;

import java.io.Serializable;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.transaction.AbortParticipant;
import org.jpos.transaction.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.cardswitch.control.Fault;
import org.veil.packagers.CardNumbers;
import org.veil.packagers.Dialect;

/**
 * Journals every exchange (masked PAN, no track 2, PIN block or CVV) with its idempotency key,
 * response code and timing, before the answer leaves, so a fast repeat finds the answer.
 */
public class Journal implements AbortParticipant {
    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    private volatile JournalStore store;

    @Override
    public int prepare(long id, Serializable context) {
        record((Context) context);
        return PREPARED | NO_JOIN;
    }

    @Override
    public int prepareForAbort(long id, Serializable context) {
        record((Context) context);
        return PREPARED | NO_JOIN;
    }

    private void record(Context ctx) {
        ISOMsg req = ctx.get(Ctx.REQUEST);
        ISOMsg resp = ctx.get(Ctx.RESPONSE);
        ISOMsg hostAnswer = ctx.get(Ctx.HOST_ANSWER);
        Dialect dialect = ctx.get(Ctx.DIALECT);
        Routes.Link link = ctx.get(Ctx.LINK);
        String key = ctx.get(Ctx.IDEMPOTENCY_KEY);
        boolean owner = Boolean.TRUE.equals(ctx.get(Ctx.KEY_OWNER));
        String image = null;
        if (owner && resp != null) {
            try {
                image = JournaledAnswer.image(resp);
            } catch (ISOException e) {
                log.error("answer to {} cannot be journaled for repeats: {}", key, e.getMessage());
            }
        }
        long received = ctx.get(Ctx.RECEIVED_NANOS);
        JournalEntry e = new JournalEntry(
                System.currentTimeMillis(), dialect.name(), req.getString(0), resp == null ? null : resp.getString(0),
                owner ? key : null, owner ? null : key, ctx.get(Ctx.FINGERPRINT),
                RequestKeys.trim(req.getString(41)), RequestKeys.trim(req.getString(42)), req.getString(11),
                req.getString(7), req.getString(37), CardNumbers.mask(RequestKeys.pan(req)), req.getString(3),
                amount(req.getString(4)), req.getString(49), link == null ? null : link.name(),
                hostAnswer == null ? null : hostAnswer.getString(39), resp == null ? null : resp.getString(39),
                truncate(ForcedTreatment.journalOutcome(ctx)), (System.nanoTime() - received) / 1000, image, fault(ctx));
        store().record(e, dialect.name());
    }

    /** An injected fault (control API) names itself, so a test tells it from a real failure. */
    private static String fault(Context ctx) {
        Fault f = ctx.get(Ctx.FAULT);
        return f == null ? null : f.journalText();
    }

    private static Long amount(String s) {
        try {
            return s == null ? null : Long.valueOf(s);
        } catch (NumberFormatException e) {
            return null; // ill-formed amounts are answered 30 and still journaled
        }
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 120 ? s : s.substring(0, 120);
    }

    private JournalStore store() {
        JournalStore s = store;
        if (s == null) store = s = JournalStore.get();
        return s;
    }
}

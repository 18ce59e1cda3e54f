package org.veil.cardswitch;

import java.io.Serializable;
import java.sql.SQLException;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.transaction.Context;
import org.jpos.transaction.TransactionParticipant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.packagers.Dialect;
import org.veil.packagers.ResponseCode;

/**
 * Idempotency: a request whose key (terminal + STAN + field 7 + message class) was already
 * answered gets that answer again without reaching the issuer; one still in flight, or the
 * same key with different content, gets 94. A new key is claimed for this request.
 */
public class DuplicateCheck implements TransactionParticipant {
    private static final Logger log = LoggerFactory.getLogger(DuplicateCheck.class);
    private volatile JournalStore journal;

    @Override
    public int prepare(long id, Serializable context) {
        Context ctx = (Context) context;
        ISOMsg req = ctx.get(Ctx.REQUEST);
        String key = RequestKeys.idempotencyKey(req);
        String fingerprint = RequestKeys.fingerprint(req);
        ctx.put(Ctx.IDEMPOTENCY_KEY, key);
        ctx.put(Ctx.FINGERPRINT, fingerprint);
        KnownRequest held;
        try {
            held = journal().claim(key, fingerprint);
        } catch (SQLException e) {
            log.error("duplicate check: journal lookup failed: {}", e.getMessage());
            return Decision.answer(ctx, ResponseCode.SYSTEM_MALFUNCTION, "journal unavailable");
        }
        if (held == null) {
            ctx.put(Ctx.KEY_OWNER, Boolean.TRUE);
            return PREPARED | NO_JOIN;
        }
        if (!held.fingerprint.equals(fingerprint)) {
            return Decision.answer(ctx, ResponseCode.DUPLICATE_TRANSMISSION, "same key, different content");
        }
        String answer = held.answer();
        if (answer == null) return Decision.answer(ctx, ResponseCode.DUPLICATE_TRANSMISSION, "original still in flight");
        try {
            ISOMsg replay = JournaledAnswer.restore(answer, Dialect.parse(held.dialect()), req);
            ctx.put(Ctx.RESPONSE, replay);
            ctx.put(Ctx.REPLAY, Boolean.TRUE);
            return Decision.answer(ctx, ResponseCode.fromCode(replay.getString(39)), "repeat answered from the journal");
        } catch (ISOException | RuntimeException e) {
            log.error("duplicate check: journaled answer for {} unusable: {}", key, e.getMessage());
            return Decision.answer(ctx, ResponseCode.DUPLICATE_TRANSMISSION, "journaled answer unusable");
        }
    }

    private JournalStore journal() {
        JournalStore j = journal;
        if (j == null) journal = j = JournalStore.get();
        return j;
    }
}

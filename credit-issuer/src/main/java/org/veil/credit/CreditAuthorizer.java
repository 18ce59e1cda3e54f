package org.veil.credit;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.veil.packagers.HostMessages;
import org.veil.packagers.Mti;
import org.veil.packagers.ResponseCode;

/**
 * The credit issuer's decisions on host-link (CMF) requests, in memory: a 2100/2200 purchase approves within the card's
 * open-to-buy (38 approval code), else 51; unknown card 14, expired 54. A 2400/2420 finds its original by field 56 and
 * terminal (else terminal + RRN) and gives the amount back; none 25. A repeat (same terminal, STAN, field 7 and
 * message class) gets the first answer and moves nothing; the same key with another card or amount gets 94.
 */
public final class CreditAuthorizer {
    private static final int[] ECHO = {2, 3, 7, 11, 12, 32, 37, 41, 42};
    private static final char[] CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789".toCharArray();

    private record Seen(String digest, ISOMsg answer) {}

    /** An approval the credit limit carries until reversed. */
    private static final class Approval {
        final String pan;
        final long amount;
        boolean reversed;

        Approval(String pan, long amount) {
            this.pan = pan;
            this.amount = amount;
        }
    }

    private final CardBook cards;
    private final Map<String, Seen> answered = new HashMap<>();
    private final Map<String, Long> used = new HashMap<>();
    private final Map<String, Approval> approvals = new HashMap<>();
    private final Map<String, Approval> approvalsByRrn = new HashMap<>();

    public CreditAuthorizer(CardBook cards) {
        this.cards = cards;
    }

    /** The answer to one request, or null for something that is not a request (an answer, a bad MTI). */
    public ISOMsg answer(ISOMsg m) throws ISOException {
        String mti = m.getMTI();
        if (!Mti.isWellFormed(mti) || Mti.isResponse(mti)) return null;
        ISOMsg r = (ISOMsg) m.clone(ECHO);
        r.setMTI(Mti.responseOf(mti));
        r.setPackager(m.getPackager());
        String base = Mti.original(mti);
        if (base.equals("2800")) {
            if (m.hasField(24)) r.set(24, m.getString(24));
            r.set(39, ResponseCode.APPROVED.hostCode());
            return r;
        }
        boolean pay = base.equals("2100") || base.equals("2200");
        boolean reverse = base.equals("2400") || base.equals("2420");
        if (!pay && !reverse) return decline(r, ResponseCode.INVALID_TRANSACTION, m);
        long amount;
        try {
            amount = HostMessages.minorUnits(m);
        } catch (ISOException | RuntimeException e) {
            return decline(r, ResponseCode.FORMAT_ERROR, m);
        }
        if (pay) {
            TestCreditCard card = cards.get(m.getString(2));
            if (card != null && card.delayMillis() > 0) pause(card.delayMillis());
        }
        String key = m.getString(41) + '|' + m.getString(11) + '|' + m.getString(7) + '|' + Mti.messageClass(mti);
        String digest = m.getString(2) + '|' + amount;
        synchronized (this) {
            Seen prior = answered.get(key);
            if (prior != null) {
                if (!prior.digest.equals(digest)) return decline(r, ResponseCode.DUPLICATE_TRANSMISSION, m);
                ISOMsg again = (ISOMsg) prior.answer.clone();
                again.setMTI(Mti.responseOf(mti));
                return again;
            }
            ISOMsg a = pay ? pay(m, r, amount) : reverse(m, r, amount);
            answered.put(key, new Seen(digest, a));
            return a;
        }
    }

    /** What is still free on a card's limit (for tests and the log). */
    public synchronized long available(String pan) {
        TestCreditCard card = cards.get(pan);
        return card == null ? 0 : card.creditLimit() - used.getOrDefault(pan, 0L);
    }

    private ISOMsg pay(ISOMsg m, ISOMsg r, long amount) throws ISOException {
        if (!"00".equals(prefix(m.getString(3)))) return decline(r, ResponseCode.INVALID_TRANSACTION, m);
        TestCreditCard card = cards.get(m.getString(2));
        if (card == null) return decline(r, ResponseCode.INVALID_CARD_NUMBER, m);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (card.expiredAt(today.getYear(), today.getMonthValue())) return decline(r, ResponseCode.EXPIRED_CARD, m);
        if (m.hasField(14) && !card.expiry().equals(m.getString(14))) return decline(r, ResponseCode.EXPIRED_CARD, m);
        if (amount <= 0) return decline(r, ResponseCode.INVALID_AMOUNT, m);
        long free = card.creditLimit() - used.getOrDefault(card.pan(), 0L);
        if (amount > free) return decline(r, ResponseCode.INSUFFICIENT_FUNDS, m);
        used.merge(card.pan(), amount, Long::sum);
        Approval a = new Approval(card.pan(), amount);
        approvals.put(m.getString(41) + '|' + m.getString(11) + '|' + m.getString(7), a);
        if (m.hasField(37)) approvalsByRrn.put(m.getString(41) + '|' + m.getString(37), a);
        r.set(m.getComponent(4));
        r.set(38, approvalCode());
        r.set(39, ResponseCode.APPROVED.hostCode());
        return r;
    }

    /** Field 4 of a reversal is what remains of the original: the rest goes back on the limit. */
    private ISOMsg reverse(ISOMsg m, ISOMsg r, long remaining) throws ISOException {
        Approval a = null;
        String original = m.getString(56);
        if (original != null && original.length() >= 26) {
            a = approvals.get(m.getString(41) + '|' + original.substring(4, 16) + '|' + original.substring(16, 26));
        }
        if (a == null && m.hasField(37)) a = approvalsByRrn.get(m.getString(41) + '|' + m.getString(37));
        if (a == null) return decline(r, ResponseCode.ORIGINAL_NOT_FOUND, m);
        if (!a.reversed) {
            long back = Math.max(0, a.amount - Math.max(0, remaining));
            used.merge(a.pan, -back, Long::sum);
            a.reversed = true;
        }
        if (m.hasField(4)) r.set(m.getComponent(4));
        r.set(39, ResponseCode.APPROVED.hostCode());
        return r;
    }

    private static ISOMsg decline(ISOMsg r, ResponseCode rc, ISOMsg m) throws ISOException {
        if (m.hasField(4)) r.set(m.getComponent(4));
        r.set(39, rc.hostCode());
        return r;
    }

    private static String prefix(String pc) {
        return pc == null || pc.length() < 2 ? "" : pc.substring(0, 2);
    }

    private static String approvalCode() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        char[] c = new char[6];
        for (int i = 0; i < c.length; i++) c[i] = CODE_CHARS[rnd.nextInt(CODE_CHARS.length)];
        return new String(c);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.veil.issuer.host;

import java.util.concurrent.ThreadLocalRandom;
import org.veil.issuer.ledger.Balance;
import org.veil.packagers.AdditionalAmounts;
import org.veil.packagers.ResponseCode;

/** The decision on one request and what it did to the ledger; becomes the answer and the request log row. */
final class Outcome {
    private static final char[] CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789".toCharArray();

    ResponseCode rc;
    String approvalCode;
    Long approvedAmount;
    String currency;
    String balances;
    Long cardId;
    String effect = "NONE";
    long remaining;
    Long holdId;
    Long transferId;
    Long merchantAccountId;
    Long originalId;
    String note;
    /** Set instead of a decision: the payment waits for its cardholder's confirmation (nothing of it is written). */
    org.veil.issuer.confirm.Confirmations.Ask awaiting;

    static Outcome decline(ResponseCode rc) {
        Outcome o = new Outcome();
        o.rc = rc;
        return o;
    }

    Outcome decline(ResponseCode code, Balance balance) {
        rc = code;
        if (balance != null) balances(balance);
        return this;
    }

    Outcome approve(ResponseCode code, Long amount, Balance after) {
        rc = code;
        approvedAmount = amount;
        approvalCode = newApprovalCode();
        if (after != null) balances(after);
        return this;
    }

    void balances(Balance b) {
        balances = AdditionalAmounts.balances(currency, b.ledger(), b.available());
    }

    Answer answer() {
        return new Answer(rc.hostCode(), approvalCode, approvedAmount, currency, balances);
    }

    private static String newApprovalCode() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] c = new char[6];
        for (int i = 0; i < c.length; i++) c[i] = CODE_CHARS[r.nextInt(CODE_CHARS.length)];
        return new String(c);
    }
}
